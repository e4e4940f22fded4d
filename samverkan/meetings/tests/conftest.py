import datetime
import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.meetings import services
from samverkan.meetings.models import Attendance, Meeting
from samverkan.structure import services as structure_services
from samverkan.structure.models import Membership, Person
from samverkan.structure.tests import factories as f


@pytest.fixture
def rsr_meeting(demo) -> Meeting:
    return Meeting.objects.get(body__slug="rsr", date=datetime.date(2025, 5, 5))


def roster(meeting: Meeting) -> dict[str, Person]:
    return {
        m.person.name: m.person
        for m in Membership.objects.filter(body=meeting.body).select_related("person")
    }


@pytest.fixture
def calendar_reaches_demo(settings, rsr_meeting) -> None:
    """The calendar feeds hold a window of months around today; the demo's meetings are
    from 2025, so the window reaches back to them."""
    today = datetime.date.today()
    months = (today.year - rsr_meeting.date.year) * 12 + today.month - rsr_meeting.date.month
    settings.SAMVERKAN_CALENDAR_MONTHS_BACK = max(months + 1, 12)


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


def attest_all(meeting: Meeting, people: dict[str, Person]) -> None:
    """RSR's chair and the attester Therese Kärngard attest, each logged in as themselves."""
    for name, username in (("Jonas Andersson", "jonas"), ("Therese Kärngard", "therese")):
        services.minutes_attest(
            meeting,
            login_as(people[name], username),
            content_sha256=services.minutes_content_sha256(meeting),
        )


def login_as(person: Person, username: str):
    user = user_create(username=username, password="x-Lösen-123", roles=[Role.MEMBER])
    person.user = user
    person.save()
    return user


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp(settings):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.SAMVERKAN_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.DEFAULT_FROM_EMAIL = "sekretariat@exempel.invalid"
    yield inbox
    controller.stop()


@pytest.fixture
def secretary(demo):
    """A secretary of RSR with an account."""
    from samverkan.structure.models import Body

    user = user_create(username="sekr", password="x-Lösen-123", roles=[Role.SECRETARY])
    person = f.person(name="Sara Sekreterare", user=user)
    structure_services.membership_save(
        Membership(
            person=person,
            body=Body.objects.get(slug="rsr"),
            role=Membership.Role.SECRETARY,
            start=datetime.date(2023, 1, 1),
        )
    )
    return user
