import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from samverkan.cases import services
from samverkan.cases.models import PartyResponse, Recommendation
from samverkan.cases.selectors import recommendation_matrix, recommendation_state
from samverkan.structure.models import Party

D = datetime.date


@pytest.fixture
def rec(demo) -> Recommendation:
    return Recommendation.objects.get(case__number=418)


def test_the_demo_recommendation_awaits_all_nine_parties(rec):
    assert rec.responses.count() == 9
    assert set(rec.responses.values_list("status", flat=True)) == {PartyResponse.Status.NOT_HANDLED}
    assert recommendation_state(rec) == "ingen av 9 parter har svarat"
    matrix = recommendation_matrix()
    assert len(matrix.parties) == 9 and matrix.totals["not_handled"] == 9


def test_a_partys_adoption_needs_its_reference_and_date(rec):
    ostersund = rec.responses.get(party__slug="ostersund")
    with pytest.raises(ValidationError, match="Ange datum"):
        services.party_response_record(ostersund, status=PartyResponse.Status.ADOPTED)
    with pytest.raises(ValidationError, match="beslutsreferens"):
        services.party_response_record(
            ostersund, status=PartyResponse.Status.ADOPTED, decided_on=D(2026, 3, 2)
        )
    ostersund.refresh_from_db()
    assert ostersund.status == PartyResponse.Status.NOT_HANDLED


def test_recording_ostersunds_adoption_changes_the_matrix_and_the_state(rec):
    ostersund = rec.responses.get(party__slug="ostersund")
    services.party_response_record(
        ostersund,
        status=PartyResponse.Status.ADOPTED,
        decision_reference="KF § 12",
        decided_on=D(2026, 3, 2),
    )
    assert recommendation_state(rec) == "1 av 9 parter har svarat (1 antagit, 0 avslagit)"
    matrix = recommendation_matrix()
    assert matrix.totals["adopted"] == 1 and matrix.totals["not_handled"] == 8
    for response in rec.responses.exclude(pk=ostersund.pk):
        services.party_response_record(
            response,
            status=PartyResponse.Status.ADOPTED_WITH_CHANGES,
            decision_reference="§ 1",
            decided_on=D(2026, 4, 1),
        )
    assert recommendation_state(rec) == "antagen av alla parter"


def test_a_recommendation_needs_parties_and_a_sane_answer_date(rec):
    with pytest.raises(ValidationError, match="minst en part"):
        services.recommendation_issue(rec.case, title="T", text="Gör något", parties=[])
    with pytest.raises(ValidationError, match="Svarsdagen"):
        services.recommendation_issue(
            rec.case,
            title="T",
            text="Gör något",
            parties=Party.objects.all()[:1],
            issued_on=D(2026, 5, 1),
            answer_by=D(2026, 4, 1),
        )


def test_reminders_go_to_parties_that_have_not_answered_near_the_deadline(rec):
    Party.objects.filter(slug__in=["ostersund", "berg"]).update(email="registrator@exempel.invalid")
    rec.answer_by = D(2026, 6, 30)
    rec.save()
    services.party_response_record(
        rec.responses.get(party__slug="berg"),
        status="rejected",
        decision_reference="KS § 3",
        decided_on=D(2026, 5, 1),
    )
    assert services.reminders_send(today=D(2026, 5, 1)) == []  # too early
    sent = services.reminders_send(today=D(2026, 6, 20))
    assert [r.party.slug for r in sent] == ["ostersund"]
    assert (
        mail.outbox[0].subject
        == "Påminnelse: Godkänna överenskommelsen om regional samverkansstruktur (RS/418/2025)"
    )
    assert services.reminders_send(today=D(2026, 6, 22)) == []  # not twice in a week
