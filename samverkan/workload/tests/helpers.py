"""A small collaboration with held meetings and recorded attendance, for the tests."""

import datetime
from dataclasses import dataclass
from typing import Any

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.meetings.models import AgendaItem, Attendance, Meeting
from samverkan.structure.models import Body, Membership, Participation, Party, Person
from samverkan.structure.tests import factories as f

YEAR = 2025
SEALED = datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC)


@dataclass
class Setting:
    body: Body
    region: Party
    town: Party
    chair: Person
    member: Person
    substitute: Person
    secretary_user: Any
    member_user: Any
    admin_user: Any


def meeting(
    body: Body,
    day: datetime.date,
    start: datetime.time = datetime.time(13),
    end: datetime.time | None = datetime.time(16),
    *,
    items: int = 0,
) -> Meeting:
    """A held meeting, not yet sealed (attendance is recorded before; see seal)."""
    m = Meeting.objects.create(body=body, date=day, start_time=start, end_time=end)
    for i in range(1, items + 1):
        AgendaItem.objects.create(
            meeting=m,
            position=i,
            title="Hemlig punkt om enskild" if i == 5 else f"Punkt {i}",
            planned_start=datetime.time(13 + (i - 1) // 2, 30 * ((i - 1) % 2)),
        )
    return m


def seal(*meetings: Meeting) -> None:
    """Sealed as minutes_attest seals (the figures only read that the minutes are)."""
    Meeting.objects.filter(pk__in=[m.pk for m in meetings]).update(sealed_at=SEALED)


def attend(m: Meeting, person: Person, capacity: str = Attendance.Capacity.MEMBER, **kw: Any):
    return Attendance.objects.create(meeting=m, person=person, capacity=capacity, **kw)


def setting() -> Setting:
    f.home_collaboration()
    region = f.party(name="Regionen", short_name="R", slug="regionen", kind="region")
    town = f.party(name="Bergs kommun", short_name="Berg", slug="berg")
    body = f.body(name="Samverkansrådet", short_name="SR", slug="sr", meetings_per_year=4)
    Participation.objects.create(body=body, party=region, seats=2)
    Participation.objects.create(body=body, party=town, seats=1)
    start = datetime.date(2024, 1, 1)
    secretary_user = user_create(username="sekr", password="x-Lösen-123", roles=[Role.SECRETARY])
    member_user = user_create(username="led", password="x-Lösen-123", roles=[Role.MEMBER])
    admin_user = user_create(username="adm", password="x-Lösen-123", roles=[Role.ADMINISTRATOR])
    sec = f.person(name="Sara Sekreterare", user=secretary_user)
    f.membership(person=sec, body=body, role=Membership.Role.SECRETARY, start=start)
    chair = f.person(name="Olga Ordförande")
    f.membership(person=chair, body=body, role=Membership.Role.CHAIR, party=region, start=start)
    member = f.person(name="Lars Ledamot", user=member_user)
    f.membership(person=member, body=body, role=Membership.Role.MEMBER, party=town, start=start)
    substitute = f.person(name="Eva Ersättare")
    f.membership(
        person=substitute, body=body, role=Membership.Role.SUBSTITUTE, party=region, start=start
    )
    return Setting(
        body, region, town, chair, member, substitute, secretary_user, member_user, admin_user
    )
