"""The meeting load: per party and per body for everyone (sealed minutes only), per
person for the secretariat; a page's queries do not grow with the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.meetings.models import Attendance
from samverkan.structure.models import Membership
from samverkan.structure.tests import factories as f
from samverkan.workload import selectors

from .helpers import YEAR, attend, meeting, seal, setting

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 12, 31)


@pytest.fixture
def s():
    s = setting()
    sealed = meeting(s.body, datetime.date(2025, 3, 3))
    attend(sealed, s.chair)
    attend(sealed, s.member)
    attend(sealed, s.substitute, Attendance.Capacity.SUBSTITUTE, replaces=s.chair)
    draft = meeting(s.body, datetime.date(2025, 11, 3), end=datetime.time(14))
    attend(draft, s.member)
    seal(sealed)
    return s


def by_name(load):
    return {p.party.name: p for p in load.parties}


def test_per_party_counts_seats_meetings_and_hours_of_sealed_minutes_only(s):
    load = selectors.meeting_load(None, YEAR, today=TODAY)
    region, town = by_name(load)["Regionen"], by_name(load)["Bergs kommun"]
    assert (region.seats, region.meetings, region.attendances, region.hours) == (2, 1, 2, 6.0)
    assert (town.seats, town.meetings, town.attendances, town.hours) == (1, 1, 1, 3.0)
    assert load.total.hours == 9.0


def test_per_body_counts_held_meetings_against_the_plan(s):
    (body,) = selectors.meeting_load(None, YEAR, today=TODAY).bodies
    assert (body.planned, body.held, body.hours) == (4, 2, 4.0)


def test_unknown_seats_are_counted_as_unknown(s):
    s.body.participations.filter(party=s.town).update(seats=None)
    town = by_name(selectors.meeting_load(None, YEAR, today=TODAY))["Bergs kommun"]
    # The member list says Berg has one voting member: that counts.
    assert (town.seats, town.seats_unknown) == (1, 0)
    Membership.objects.filter(party=s.town).update(party=None)
    town = by_name(selectors.meeting_load(None, YEAR, today=TODAY))["Bergs kommun"]
    assert (town.seats, town.seats_unknown) == (0, 1)


def test_the_public_page_shows_parties_and_no_persons(s, client):
    response = client.get(reverse("workload:load") + f"?ar={YEAR}")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Bergs kommun" in text and "Samverkansrådet" in text
    assert "Lars Ledamot" not in text
    assert reverse("workload:fee_basis") not in text


def test_a_bad_year_is_a_swedish_message(s, client):
    response = client.get(reverse("workload:load") + "?ar=1800")
    assert response.status_code == 200
    assert "Ange ett år mellan 1900 och 2200." in response.content.decode()


def test_per_person_for_the_secretariat(s, client):
    client.force_login(s.secretary_user)
    response = client.get(reverse("workload:persons") + f"?ar={YEAR}")
    assert response.status_code == 200
    loads = {p.person.name: p for p in response.context["loads"]}
    # The draft's attendance counts for pay and for the secretariat's own figures.
    assert (loads["Lars Ledamot"].meetings, loads["Lars Ledamot"].hours) == (2, 4.0)
    assert loads["Lars Ledamot"].seats == ["SR (ledamot)"]
    assert loads["Eva Ersättare"].meetings == 1


def test_per_person_is_refused_to_members(s, client):
    client.force_login(s.member_user)
    assert client.get(reverse("workload:persons")).status_code == 403


def _more(s, n: int) -> None:
    """n more persons, each in a seat, at n more sealed meetings."""
    for i in range(n):
        p = f.person(name=f"Extra {i}")
        f.membership(person=p, body=s.body, party=s.town, start=datetime.date(2024, 1, 1))
        m = meeting(s.body, datetime.date(2025, 4, 1 + i), items=6)
        attend(m, p, left_after_item=m.items.get(position=3))
        attend(m, s.member)
        seal(m)


@pytest.mark.parametrize(
    ("name", "who"),
    [
        ("workload:load", None),
        ("workload:comparison", None),
        ("workload:persons", "secretary_user"),
        ("workload:fee_basis", "secretary_user"),
        ("workload:fee_basis_xlsx", "admin_user"),
        ("workload:fee_basis_csv", "admin_user"),
    ],
)
def test_queries_do_not_grow_with_meetings_and_persons(s, client, name, who):
    if who:
        client.force_login(getattr(s, who))
    url = reverse(name) + f"?ar={YEAR}"

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _more(s, 2)
    before = count()
    _more(s, 6)
    assert count() == before
