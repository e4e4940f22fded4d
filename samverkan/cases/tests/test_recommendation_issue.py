"""A recommendation to the parties from a decision: one response per party (not yet
handled), in the matrix, and by e-mail to each party's registry address."""

import datetime

import pytest
from django.core import mail

from samverkan.cases import services
from samverkan.cases.models import PartyResponse, Recommendation
from samverkan.cases.tests.helpers import registrar_create
from samverkan.structure.models import Participation
from samverkan.structure.tests import factories as f

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(series):
    pahsu = f.body(short_name="PaHSU", name="Politisk arena")
    parties = [
        f.party(name="Region Test", short_name="RT", email="registrator@region.invalid"),
        f.party(name="Bergs kommun", short_name="Berg", email="kommun@berg.invalid"),
        f.party(name="Åre kommun", short_name="Åre", email=""),
    ]
    for party in parties:
        Participation.objects.create(body=pahsu, party=party)
    outsider = f.party(name="Annan kommun", short_name="Annan", email="annan@exempel.invalid")
    case = services.case_register(
        series=series, title="Överenskommelse", registered_on=D(2026, 1, 1)
    )
    decision = services.decision_record(
        case, body=pahsu, date=D(2026, 5, 5), text="PaHSU rekommenderar parterna att anta."
    )
    return case, decision, parties, outsider


def _url(case, decision):
    return f"/arenden/{case.series.code}/{case.number}/{case.year}/beslut/{decision.pk}/rekommendation/"


def test_the_form_proposes_the_parties_of_the_deciding_body(client, decided):
    case, decision, parties, _outsider = decided
    client.force_login(registrar_create())
    html = client.get(_url(case, decision)).content.decode()
    for party in parties:
        assert f'value="{party.pk}" id="id_parties_' in html
    assert html.count("checked") == 3 and "Annan kommun" in html
    assert "PaHSU rekommenderar parterna att anta." in html  # the decision, prefilled


def test_issuing_creates_responses_shows_in_the_matrix_and_mails_the_parties(
    client, decided, django_capture_on_commit_callbacks
):
    case, decision, parties, _ = decided
    client.force_login(registrar_create())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(case, decision),
            {
                "title": "Anta överenskommelsen",
                "text": "Parterna rekommenderas att anta överenskommelsen.",
                "proposed_by": "PaHSU",
                "issued_on": "2026-05-06",
                "answer_by": "2026-09-30",
                "parties": [p.pk for p in parties],
            },
            follow=True,
        )
    html = response.content.decode()
    assert "Rekommendationen är utfärdad och skickad." in html and "Åre" in html
    rec = Recommendation.objects.get(title="Anta överenskommelsen")
    assert rec.decision == decision and rec.answer_by == D(2026, 9, 30)
    assert set(rec.responses.values_list("status", flat=True)) == {PartyResponse.Status.NOT_HANDLED}
    assert rec.responses.count() == 3
    matrix = client.get("/rekommendationer/").content.decode()
    assert "Anta överenskommelsen" in matrix and matrix.count('class="st st-not_handled"') == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "kommun@berg.invalid",
        "registrator@region.invalid",
    ]
    message = mail.outbox[0]
    assert message.subject == f"Rekommendation: Anta överenskommelsen ({case.case_number})"
    assert "Svar önskas senast 2026-09-30." in message.body


def test_a_recommendation_to_no_party_is_refused_and_nothing_is_sent(
    client, decided, django_capture_on_commit_callbacks
):
    case, decision, _, _ = decided
    client.force_login(registrar_create())
    with django_capture_on_commit_callbacks(execute=True):
        html = client.post(
            _url(case, decision),
            {"title": "T", "text": "Text som skrevs", "issued_on": "2026-05-06"},
        ).content.decode()
    assert "Välj minst en part." in html and "Text som skrevs" in html
    assert not Recommendation.objects.exists() and not mail.outbox


def test_a_decision_of_another_case_is_not_found(client, decided, series):
    _case, decision, _, _ = decided
    other = services.case_register(series=series, title="Annat", registered_on=D(2026, 1, 1))
    client.force_login(registrar_create())
    assert client.get(_url(other, decision)).status_code == 404
