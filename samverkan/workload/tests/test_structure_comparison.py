"""Golden: the seeds' structure on 2015-01-01 against the new structure on 2026-01-01,
the question the review (uppdrag-oversyn-samverkansstruktur) had to answer."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from samverkan.structure.demo import demo_structure_load, seeds_collaboration
from samverkan.workload import selectors

OLD, NEW = datetime.date(2015, 1, 1), datetime.date(2026, 1, 1)


@pytest.fixture
def seeds(db):
    demo_structure_load(settings.SAMVERKAN_DEMO_DATA)
    return seeds_collaboration()


def names(bodies):
    return [b.short_name for b in bodies]


def test_the_old_and_the_new_structure(seeds):
    c = selectors.structure_comparison(seeds, OLD, NEW)
    assert names(p.body for p in c.a.bodies) == [
        "RSR",
        "SVOM",
        "Barnarenan",
        "BUZ",
        "SocSam",
        "Fredagsgruppen",
        "SamReKo HSI",
        "Gemensam nämnd (samverkan)",
        "Gemensam nämnd (hjälpmedel)",
    ]
    assert names(c.ended) == ["SVOM", "Barnarenan", "Fredagsgruppen", "SamReKo HSI"]
    assert names(c.started) == ["PaHSU", "TaHSU"]
    # LAKO ended 2005; the region's own committees (RS, HSN) are not the collaboration's.
    assert not {"LAKO", "RS", "HSN"} & set(names(p.body for p in c.a.bodies + c.b.bodies))


def test_what_the_seeds_say_is_counted_and_what_they_do_not_is_unknown(seeds):
    c = selectors.structure_comparison(seeds, OLD, NEW)
    rsr = next(p for p in c.a.bodies if p.body.short_name == "RSR")
    # RSR: 11 members (3 from the region, 1 from each municipality), 8 meetings a year.
    assert (rsr.seats.value, rsr.meetings_per_year) == (11, 8)
    assert rsr.person_hours == 11 * 8 * rsr.hours_per_meeting
    pahsu = next(p for p in c.b.bodies if p.body.short_name == "PaHSU")
    assert pahsu.seats.value is None and pahsu.meetings_per_year is None
    assert pahsu.person_hours is None
    assert (c.a.seats.value, c.a.seats.unknown) == (11, 8)
    assert (c.b.seats.value, c.b.seats.unknown) == (11, 6)
    region = next(p for p in c.parties if p.party.slug == "region-jamtland-harjedalen")
    assert region.seats_a.value == 3 and region.seats_a.unknown > 0


def test_the_page_compares_the_two_dates_and_says_what_is_missing(seeds, client):
    url = f"/{seeds.slug}{reverse('workload:comparison')}?fran=2015-01-01&till=2026-01-01"
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Strukturen 2015-01-01 och 2026-01-01" in text
    for name in ("PaHSU", "TaHSU", "Sociala vård- och omsorgsgruppen", "Barnarenan"):
        assert name in text
    assert "uppgift saknas" in text
    assert "platser × planerade sammanträden per år × timmar per sammanträde" in text


def test_the_page_opens_on_the_latest_change(seeds, client):
    response = client.get(f"/{seeds.slug}{reverse('workload:comparison')}")
    assert (response.context["day_a"], response.context["day_b"]) == (
        datetime.date(2025, 12, 31),
        NEW,
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("fran=igår&till=2026-01-01", "Ange ett datum som ÅÅÅÅ-MM-DD"),
        ("fran=2015-01-01&till=1066-10-14", "Ange ett datum mellan år 1900 och 2200."),
        ("fran=2015-02-30", "Ange ett datum som ÅÅÅÅ-MM-DD"),
    ],
)
def test_bad_dates_are_a_swedish_message(seeds, client, query, message):
    response = client.get(f"/{seeds.slug}{reverse('workload:comparison')}?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()
