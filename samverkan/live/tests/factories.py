"""A meeting held today for the live tests: a body with a chair, four members and two
substitutes (five seats: quorate with three), three items (the second closed), the
secretary and an account for everyone called."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.meetings import services as meetings
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.structure.models import Body, Membership, Person
from samverkan.structure.tests import factories as f

PASSWORD = "x-Lösen-123"


@dataclass
class Room:
    body: Body
    meeting: Meeting
    items: list[AgendaItem]
    chair: Person
    members: list[Person]  # the four members (not the chair)
    substitutes: list[Person]
    secretary: Person
    outsider: Person  # a member of another body


def _seat(body: Body, name: str, role: str, username: str, letters: str, **kw: object) -> Person:
    person = f.person(name=name)
    f.membership(
        person=person,
        body=body,
        role=role,
        party_letters=letters,
        start=datetime.date(2020, 1, 1),
        **kw,
    )
    user = user_create(
        username=username,
        password=PASSWORD,
        roles=[Role.SECRETARY] if role == Membership.Role.SECRETARY else [Role.MEMBER],
    )
    person.user = user
    person.save()
    return person


def room(*, day: datetime.date | None = None, prefix: str = "") -> Room:
    f.home_collaboration()
    body = f.body(
        name=f"{prefix}Rummets samverkansråd", short_name=f"{prefix}RSR-L", slug=f"{prefix}rummet"
    )
    chair = _seat(body, "Ylva Ordförande", Membership.Role.CHAIR, f"{prefix}ordf", "S")
    members = [
        _seat(body, "Adam Ledamot", Membership.Role.MEMBER, f"{prefix}adam", "S"),
        _seat(body, "Bea Ledamot", Membership.Role.MEMBER, f"{prefix}bea", "M"),
        _seat(body, "Cecilia Ledamot", Membership.Role.MEMBER, f"{prefix}cecilia", "C"),
        _seat(body, "David Ledamot", Membership.Role.MEMBER, f"{prefix}david", "M"),
    ]
    substitutes = [
        _seat(
            body,
            "Erik Ersättare",
            Membership.Role.SUBSTITUTE,
            f"{prefix}erik",
            "M",
            substitute_order=1,
        ),
        _seat(
            body,
            "Fia Ersättare",
            Membership.Role.SUBSTITUTE,
            f"{prefix}fia",
            "S",
            substitute_order=2,
        ),
    ]
    secretary = _seat(body, "Sara Sekreterare", Membership.Role.SECRETARY, f"{prefix}sekr", "")
    other = f.body(name=f"{prefix}Annat organ", short_name=f"{prefix}AO", slug=f"{prefix}annat")
    outsider = _seat(other, "Olle Utomstående", Membership.Role.MEMBER, f"{prefix}olle", "V")
    meeting = meetings.meeting_create(
        body=body,
        date=day or timezone.localdate(),
        start_time=datetime.time(9, 0),
        place="Styrelserummet",
        chair=chair,
        standard_items=False,
    )
    items = [
        meetings.agenda_item_add(
            meeting, title="Budget för samverkan 2027", planned_start=datetime.time(9, 5)
        ),
        meetings.agenda_item_add(
            meeting,
            title="Enskild elevs placering",
            is_public=False,
            confidentiality_ground="OSL 23 kap. 2 §",
        ),
        meetings.agenda_item_add(meeting, title="Övriga frågor"),
    ]
    return Room(body, meeting, items, chair, members, substitutes, secretary, outsider)


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """Nine accounts per room: hashed with a fast hasher here (the login is the same)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
