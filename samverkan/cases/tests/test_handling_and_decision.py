"""Handlings and decisions from the case page; a decision that founds or dissolves a
body changes the structure through the structure's services, dated and referenced."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from samverkan.cases import services
from samverkan.cases.tests.helpers import registrar_create
from samverkan.structure.models import Body
from samverkan.structure.selectors import structure_as_of
from samverkan.structure.tests import factories as f

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def case(series):
    return services.case_register(series=series, title="Ny struktur", registered_on=D(2026, 1, 1))


def _url(case, tail):
    return f"/arenden/{case.series.code}/{case.number}/{case.year}/{tail}/"


def test_the_registrar_adds_a_handling(client, case):
    tahsu = f.body(short_name="TaHSU", name="Tjänstepersonsarenan")
    client.force_login(registrar_create())
    response = client.post(
        _url(case, "behandling"),
        {"body": tahsu.pk, "kind": "preparation", "date": "2026-02-03", "summary": "Bereds."},
        follow=True,
    )
    html = response.content.decode()
    assert "Behandlingen är tillagd." in html and "Beredning i Tjänstepersonsarenan" in html
    bad = client.post(_url(case, "behandling"), {"body": tahsu.pk, "kind": "x", "date": "igår"})
    assert "Ange ett datum som ÅÅÅÅ-MM-DD." in bad.content.decode()
    assert case.handlings.count() == 1


def test_a_decision_founding_a_body_shows_on_the_body_page(client, case):
    decider = f.body(short_name="RSR", name="Regionens samverkansråd")
    new = f.body(short_name="PaHSU", name="Politisk arena", slug="pahsu", founded_on=None)
    old = f.body(short_name="SVOM", slug="svom", founded_on=D(2005, 1, 1))
    client.force_login(registrar_create())
    response = client.post(
        _url(case, "beslut"),
        {
            "body": decider.pk,
            "date": "2026-05-05",
            "text": "PaHSU inrättas och SVOM avvecklas.",
            "founds_body": new.pk,
            "dissolves_body": old.pk,
            "effective_on": "2027-01-01",
        },
        follow=True,
    )
    assert "Strukturen är ändrad: PaHSU, SVOM." in response.content.decode()
    new.refresh_from_db()
    old.refresh_from_db()
    reference = f"RSR 2026-05-05, {case.case_number}"
    assert (new.founded_on, new.founded_by) == (D(2027, 1, 1), reference)
    assert (old.dissolved_on, old.dissolved_by) == (D(2027, 1, 1), reference)
    assert "PaHSU" in {b.short_name for b in structure_as_of(D(2027, 1, 1)).bodies}
    assert "SVOM" not in {b.short_name for b in structure_as_of(D(2027, 1, 2)).bodies}
    body_page = client.get("/organ/pahsu/").content.decode()
    assert reference in body_page and "2027-01-01" in body_page


def test_a_body_is_founded_by_one_decision_and_dissolved_once(case):
    decider = f.body(short_name="RSR")
    new = f.body(short_name="NY", founded_on=None)
    services.decision_record(
        case, body=decider, date=D(2026, 2, 1), text="Inrättas.", founds_body=new
    )
    with pytest.raises(ValidationError, match="redan inrättat genom beslut"):
        services.decision_record(
            case, body=decider, date=D(2026, 3, 1), text="Igen.", founds_body=new
        )
    gone = f.body(short_name="GAMMAL", founded_on=D(2010, 1, 1), dissolved_on=D(2020, 1, 1))
    with pytest.raises(ValidationError, match="redan avvecklat"):
        services.decision_record(
            case, body=decider, date=D(2026, 3, 1), text="Avvecklas.", dissolves_body=gone
        )
    assert case.decisions.count() == 1  # nothing half-saved


def test_a_structure_change_cannot_take_effect_before_the_decision(client, case):
    decider = f.body(short_name="RSR")
    old = f.body(short_name="SVOM", founded_on=D(2005, 1, 1))
    client.force_login(registrar_create())
    html = client.post(
        _url(case, "beslut"),
        {
            "body": decider.pk,
            "date": "2026-05-05",
            "text": "SVOM avvecklas.",
            "dissolves_body": old.pk,
            "effective_on": "2026-01-01",
        },
    ).content.decode()
    assert "Ändringen i strukturen kan inte gälla före beslutsdagen." in html
    assert 'id="id_effective_on_error"' in html and "SVOM avvecklas." in html
    assert Body.objects.get(pk=old.pk).dissolved_on is None and not case.decisions.exists()


def test_dissolving_before_founding_is_refused_beside_the_field(client, case):
    decider = f.body(short_name="RSR")
    young = f.body(short_name="UNG", founded_on=D(2026, 6, 1))
    client.force_login(registrar_create())
    html = client.post(
        _url(case, "beslut"),
        {
            "body": decider.pk,
            "date": "2026-05-05",
            "text": "Avvecklas.",
            "dissolves_body": young.pk,
        },
    ).content.decode()
    assert "kan inte avvecklas före det inrättades" in html
    assert 'id="id_dissolves_body_error"' in html
