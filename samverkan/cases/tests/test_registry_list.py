"""The registry (diarium) as a paginated list filtered in the database: by year, by case
number and by text, where a protected part or a masked personnummer never matches for
someone who sees it masked."""

import datetime

import pytest

from samverkan import pagination
from samverkan.cases import selectors, services
from samverkan.cases.models import CaseSeries
from samverkan.cases.tests.helpers import registrar_create
from samverkan.structure.tests import factories as f

PNR = "19121212-1212"  # Skatteverket's test number (valid check digit)


@pytest.fixture
def series(db):
    return CaseSeries.objects.create(code="TS", name="Testserie", organisation=f.party())


def _entry(series, description, *, day=datetime.date(2025, 3, 1), protected=False, counterpart=""):
    case = services.case_register(series=series, title="Ett ärende", registered_on=day)
    services.registry_entry_add(
        case,
        date=day,
        direction="received",
        description=description,
        counterpart=counterpart,
        description_protected=protected,
        counterpart_protected=protected,
        confidentiality_ground="OSL 26 kap. 1 §" if protected else "",
    )
    return case


def _shown(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return [v.entry.case_id for v in response.context["entries"]]


def test_text_filter_finds_unmasked_descriptions_and_counterparts(client, series):
    skola = _entry(series, "Skrivelse om skolan")
    part = _entry(series, "Skrivelse", counterpart="Skolverket")
    _entry(series, "Skrivelse om vården")
    assert set(_shown(client, "/diarium/?q=skol")) == {skola.pk, part.pk}


def test_a_protected_description_does_not_match_for_the_public_but_for_the_registrar(
    client, series
):
    secret = _entry(series, "Anmälan om Zebrafink", protected=True, counterpart="Zebrafink")
    assert _shown(client, "/diarium/?q=Zebrafink") == []
    client.force_login(registrar_create())
    assert _shown(client, "/diarium/?q=Zebrafink") == [secret.pk]


def test_a_masked_personnummer_is_no_match_for_the_public(client, series):
    _entry(series, f"Ansökan från {PNR}")
    assert _shown(client, f"/diarium/?q={PNR}") == []
    assert _shown(client, "/diarium/?q=1212") == []


def test_a_case_number_finds_its_entries(client, series):
    case = _entry(series, "Skrivelse")
    _entry(series, "Skrivelse")
    assert _shown(client, f"/diarium/?q=TS/{case.number}/{case.year}") == [case.pk]
    assert _shown(client, f"/diarium/?q={case.number}/{case.year}") == [case.pk]


def test_the_year_filter_is_a_date_range(client, series):
    old = _entry(series, "Skrivelse", day=datetime.date(2024, 12, 31))
    new = _entry(series, "Skrivelse", day=datetime.date(2025, 1, 1))
    assert _shown(client, "/diarium/?ar=2024") == [old.pk]
    assert _shown(client, "/diarium/?ar=2025") == [new.pk]


def test_pages_are_newest_first_and_keep_the_filter(client, series, monkeypatch):
    monkeypatch.setattr(pagination, "PER_PAGE", 2)
    made = [_entry(series, f"Skrivelse {i}", day=datetime.date(2025, 3, i + 1)) for i in range(5)]
    assert _shown(client, "/diarium/?q=skrivelse") == [made[4].pk, made[3].pk]
    response = client.get("/diarium/?q=skrivelse&sida=3")
    assert [v.entry.case_id for v in response.context["entries"]] == [made[0].pk]
    assert "?q=skrivelse&amp;sida=2" in response.content.decode()
    assert client.get("/diarium/?q=skrivelse&sida=4").status_code == 404
    assert client.get("/diarium/?sida=x").status_code == 200


def test_free_text_finds_old_entries_and_infixes_in_any_case(client, series):
    old = _entry(series, "Skrivelse om Skolskjutsar", day=datetime.date(2009, 1, 1))
    _entry(series, "Annat", day=datetime.date(2025, 3, 1))
    assert _shown(client, "/diarium/?q=SKJUTS") == [old.pk]
    assert _shown(client, "/diarium/?q=skolskjutsar") == [old.pk]


def test_free_text_with_a_year_finds_that_years_entries_behind_newer_matches(
    client, series, monkeypatch
):
    monkeypatch.setattr(selectors, "REGISTRY_TEXT_CANDIDATES", 2)
    old = _entry(series, "Skrivelse om skolan", day=datetime.date(2009, 1, 1))
    for day in (1, 2, 3):
        _entry(series, "Skrivelse om skolan", day=datetime.date(2025, 1, day))
    assert _shown(client, "/diarium/?q=skolan&ar=2009") == [old.pk]


def test_free_text_follows_edits_and_swedish_letters(client, series):
    case = _entry(series, "Yttrande om äldreomsorg", day=datetime.date(2025, 1, 1))
    assert _shown(client, "/diarium/?q=ÄLDRE") == [case.pk]
    entry = case.entries.get()
    entry.description = "Yttrande om hälsa"
    entry.save()
    assert _shown(client, "/diarium/?q=äldre") == []
    assert _shown(client, "/diarium/?q=HÄLSA") == [case.pk]


def test_a_text_shorter_than_three_characters_is_refused_with_a_reason(client, series):
    _entry(series, "Ab", day=datetime.date(2025, 1, 1))
    response = client.get("/diarium/?q=ab")
    assert response.status_code == 200
    assert "Skriv minst 3 tecken" in response.content.decode()
    assert 'value="ab"' in response.content.decode()
    # A case number of one or two digits is still a filter.
    assert client.get("/diarium/?q=12").status_code == 200
