import datetime

import pytest

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.meetings import services
from samverkan.meetings.models import Attendance, Meeting
from samverkan.structure.models import Membership, Person


@pytest.fixture
def rsr_meeting(demo) -> Meeting:
    return Meeting.objects.get(body__slug="rsr", date=datetime.date(2025, 5, 5))


def roster(meeting: Meeting) -> dict[str, Person]:
    return {
        m.person.name: m.person
        for m in Membership.objects.filter(body=meeting.body).select_related("person")
    }


@pytest.fixture
def people(rsr_meeting) -> dict[str, Person]:
    return roster(rsr_meeting)


@pytest.fixture
def held_meeting(rsr_meeting, people) -> Meeting:
    """RSR 2025-05-05 as held: all members present except Johan Loock, for whom Kent
    Karlsson serves; the secretary present as other."""
    for m in Membership.objects.filter(body=rsr_meeting.body, role__in=Membership.VOTING_ROLES):
        if m.person.name != "Johan Loock":
            services.attendance_record(rsr_meeting, m.person, capacity=Attendance.Capacity.MEMBER)
    services.attendance_record(
        rsr_meeting, people["Johan Loock"], capacity=Attendance.Capacity.MEMBER, present=False
    )
    services.attendance_record(
        rsr_meeting,
        people["Kent Karlsson"],
        capacity=Attendance.Capacity.SUBSTITUTE,
        replaces=people["Johan Loock"],
    )
    return rsr_meeting


def login_as(person: Person, username: str):
    user = user_create(username=username, password="x-Lösen-123", roles=[Role.MEMBER])
    person.user = user
    person.save()
    return user
