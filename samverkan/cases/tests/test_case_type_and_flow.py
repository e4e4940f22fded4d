"""The case type gives a case its planned flow; a series' registrars keep the flows of
its types; the case page shows the flow and where the case is now."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.audit.models import AuditEntry
from samverkan.cases import services
from samverkan.cases.models import Case, CaseSeries, CaseType, FlowStep
from samverkan.cases.selectors import case_flow
from samverkan.cases.tests.helpers import registrar_create
from samverkan.structure.tests import factories as f

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def bodies():
    return f.body(short_name="TaHSU"), f.body(short_name="PaHSU"), f.body(short_name="RSR")


@pytest.fixture
def case_type(series, bodies):
    tahsu, pahsu, _ = bodies
    case_type = services.case_type_save(CaseType(name="Gemensam fråga", series=series))
    services.case_type_flow_set(case_type, [(tahsu, "Beredning"), (pahsu, "Beslut")])
    return case_type


def test_a_case_takes_a_type_of_its_own_series_or_a_shared_one(series, case_type):
    other = CaseSeries.objects.create(code="KS", name="Kommunstyrelsen", organisation=f.party())
    with pytest.raises(ValidationError, match="hör till en annan diarieserie"):
        services.case_register(
            series=other, title="Fel typ", registered_on=D(2026, 1, 1), case_type=case_type
        )
    shared = services.case_type_save(CaseType(name="Gemensam för alla"))
    case = services.case_register(
        series=other, title="Rätt", registered_on=D(2026, 1, 1), case_type=shared
    )
    assert case.case_type == shared


def test_the_flow_shows_where_the_case_is_now(series, case_type, bodies):
    tahsu, pahsu, rsr = bodies
    case = services.case_register(
        series=series, title="Ärende", registered_on=D(2026, 1, 1), case_type=case_type
    )
    assert [v.state for v in case_flow(case)] == ["planned", "planned"]
    services.handling_add(case, body=rsr, kind="information", date=D(2026, 1, 5))
    services.handling_add(case, body=tahsu, kind="preparation", date=D(2026, 2, 1))
    assert [v.state for v in case_flow(case)] == ["current", "planned"]
    services.handling_add(case, body=pahsu, kind="decision", date=D(2026, 3, 1))
    flow = case_flow(case)
    assert [v.state for v in flow] == ["passed", "current"] and flow[1].handled_on == "2026-03-01"
    case.closed_on = D(2026, 4, 1)
    assert [v.state for v in case_flow(case)] == ["passed", "passed"]


def test_a_flow_passes_bodies_in_force_and_never_one_twice_in_a_row(case_type, bodies):
    tahsu, pahsu, _ = bodies
    with pytest.raises(ValidationError, match="två gånger i följd"):
        services.case_type_flow_set(case_type, [(tahsu, ""), (tahsu, "")])
    old = f.body(short_name="SVOM", founded_on=D(2005, 1, 1), dissolved_on=D(2020, 1, 1))
    with pytest.raises(ValidationError, match="SVOM är avvecklat"):
        services.case_type_flow_set(case_type, [(old, "")])
    assert [s.body for s in case_type.steps.all()] == [tahsu, pahsu]  # nothing half-saved


def test_a_type_name_is_unique_within_its_series(series, case_type):
    with pytest.raises(ValidationError, match="finns redan i serien"):
        services.case_type_save(CaseType(name="gemensam fråga", series=series))


def test_the_registrar_edits_the_flow_reorders_removes_and_adds(client, series, case_type, bodies):
    tahsu, pahsu, rsr = bodies
    client.force_login(registrar_create())
    page = client.get(f"/arendegangar/{case_type.pk}/")
    assert page.status_code == 200 and "Organ i ordning" in page.content.decode()
    data = {
        "name": "Gemensam samverkansfråga",
        "series": series.pk,
        "steg-TOTAL_FORMS": "4",
        "steg-INITIAL_FORMS": "2",
        "steg-MIN_NUM_FORMS": "0",
        "steg-MAX_NUM_FORMS": "30",
        "steg-0-body": tahsu.pk,
        "steg-0-purpose": "Beredning",
        "steg-0-ORDER": "2",
        "steg-1-body": pahsu.pk,
        "steg-1-purpose": "Beslut",
        "steg-1-ORDER": "3",
        "steg-1-DELETE": "on",
        "steg-2-body": rsr.pk,
        "steg-2-purpose": "Information",
        "steg-2-ORDER": "1",
        "steg-3-body": "",
    }
    response = client.post(f"/arendegangar/{case_type.pk}/", data, follow=True)
    assert "Ärendegången för Gemensam samverkansfråga är sparad." in response.content.decode()
    steps = list(FlowStep.objects.filter(case_type=case_type).values_list("body", "purpose"))
    assert steps == [(rsr.pk, "Information"), (tahsu.pk, "Beredning")]
    assert AuditEntry.objects.filter(object_repr__contains="Gemensam samverkansfråga").exists()
    data["steg-0-ORDER"] = "1"  # RSR twice in a row: refused, the rows as typed
    data["steg-0-body"] = rsr.pk
    data["steg-0-purpose"] = "Skriven text"
    refused = client.post(f"/arendegangar/{case_type.pk}/", data).content.decode()
    assert "står två gånger i följd" in refused and 'value="Skriven text"' in refused
    assert FlowStep.objects.filter(case_type=case_type).count() == 2


def test_a_registrar_creates_a_type_in_own_series_only(client, series):
    other = CaseSeries.objects.create(code="KS", name="Kommunstyrelsen", organisation=f.party())
    client.force_login(registrar_create())  # registrar of both series
    other.registrars.clear()
    response = client.post("/arendegangar/", {"name": "Ny typ", "series": other.pk})
    assert "Välj ett av alternativen i listan." in response.content.decode()
    response = client.post("/arendegangar/", {"name": "Ny typ", "series": ""})
    assert "Detta fält måste fyllas i." in response.content.decode()  # shared: admin only
    response = client.post("/arendegangar/", {"name": "Ny typ", "series": series.pk})
    assert response.status_code == 302
    assert CaseType.objects.get(name="Ny typ").series == series


def test_another_series_registrar_may_not_edit_the_flow(client, series, case_type):
    other = CaseSeries.objects.create(code="KS", name="Kommunstyrelsen", organisation=f.party())
    stranger = user_create(username="annan", password="x-Lösen-123", roles=[Role.OFFICIAL])
    other.registrars.add(stranger)
    client.force_login(stranger)
    assert client.get(f"/arendegangar/{case_type.pk}/").status_code == 403
    assert "Gemensam fråga" not in client.get("/arendegangar/").content.decode()


def test_registering_with_a_type_shows_the_planned_flow_on_the_case_page(
    client, series, case_type, bodies
):
    client.force_login(registrar_create())
    response = client.post(
        "/arenden/",
        {
            "series": series.pk,
            "title": "Ny samverkansfråga",
            "registered_on": "2026-11-20",
            "case_type": case_type.pk,
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Planerad ärendegång" in html and "TaHSU" in html and "planerat" in html
    case = Case.objects.get(title="Ny samverkansfråga")
    services.handling_add(case, body=bodies[0], kind="preparation", date=D(2026, 11, 21))
    html = client.get(case.get_absolute_url()).content.decode()
    assert 'aria-current="step"' in html and "här nu 2026-11-21" in html
