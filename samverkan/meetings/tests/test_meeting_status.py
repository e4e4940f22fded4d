"""Where a meeting stands (selectors.meeting_status): upcoming until it starts, then the
minutes' state; Mina sammanträden sorts by it and tells a signatory whose signature the
draft minutes wait for."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.meetings import selectors, services
from samverkan.meetings.models import Attendance, Meeting
from samverkan.structure.models import Membership
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db

URL = "/mina-sammantraden/"
START = datetime.date(2022, 1, 1)


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def noon(monkeypatch) -> datetime.datetime:
    """Today at 12:00, whenever the test runs."""
    moment = local(timezone.localdate(), 12)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


@pytest.fixture
def body_with_people():
    body = f.body(name="Regionens samverkansråd", short_name="RSR", slug="rsr-status")
    people = {}
    for name, role in (
        ("Ordf Ordförande", Membership.Role.CHAIR),
        ("Justa Justerare", Membership.Role.MEMBER),
        ("Leda Ledamot", Membership.Role.MEMBER),
    ):
        user = user_create(
            username=name.split()[0].lower(), password="x-Lösen-123", roles=[Role.MEMBER]
        )
        people[name] = f.person(name=name, user=user)
        f.membership(person=people[name], body=body, role=role, start=START)
    return body, people


def held_with_draft(body, people, day: datetime.date) -> Meeting:
    """A held meeting: everyone present, §§ made from the agenda, an attester chosen."""
    meeting = services.meeting_create(body=body, date=day, start_time=datetime.time(9))
    for person in people.values():
        services.attendance_record(meeting, person, capacity=Attendance.Capacity.MEMBER)
    services.sections_create_from_agenda(meeting)
    services.attesters_choose(meeting, [people["Justa Justerare"]])
    return meeting


def status(meeting: Meeting, now: datetime.datetime) -> str:
    return selectors.meeting_status(
        selectors.with_minutes_state(Meeting.objects.filter(pk=meeting.pk)).get(), now
    )


def test_a_meeting_is_upcoming_until_it_starts():
    meeting = Meeting(date=datetime.date(2026, 3, 9), start_time=datetime.time(13))
    for now, upcoming in (
        (local(datetime.date(2026, 3, 8), 23), True),
        (local(datetime.date(2026, 3, 9), 12, 59), True),
        (local(datetime.date(2026, 3, 9), 13), False),  # started
        (local(datetime.date(2026, 3, 9), 15), False),
        (local(datetime.date(2026, 3, 10), 8), False),
    ):
        assert selectors.meeting_is_upcoming(meeting, now) is upcoming


def test_the_database_twin_of_upcoming_agrees(body_with_people):
    body, _ = body_with_people
    meeting = services.meeting_create(
        body=body, date=datetime.date(2026, 3, 9), start_time=datetime.time(13)
    )
    for now in (
        local(datetime.date(2026, 3, 8), 23),
        local(datetime.date(2026, 3, 9), 12, 59),
        local(datetime.date(2026, 3, 9), 13),
        local(datetime.date(2026, 3, 10), 8),
    ):
        in_db = Meeting.objects.filter(selectors.upcoming_q(now), pk=meeting.pk).exists()
        assert in_db is selectors.meeting_is_upcoming(meeting, now)


def test_before_the_meeting_the_status_is_the_notices(body_with_people):
    body, _ = body_with_people
    day = datetime.date(2026, 3, 9)
    meeting = services.meeting_create(body=body, date=day, start_time=datetime.time(13))
    assert status(meeting, local(day, 12)) == "Planerat"
    Meeting.objects.filter(pk=meeting.pk).update(notice_sent_at=local(day, 8))
    assert status(meeting, local(day, 12)) == "Kallelse skickad"


def test_a_held_meeting_shows_the_minutes_state_not_the_notice(body_with_people):
    body, people = body_with_people
    day = datetime.date(2026, 3, 9)
    meeting = services.meeting_create(body=body, date=day, start_time=datetime.time(9))
    Meeting.objects.filter(pk=meeting.pk).update(notice_sent_at=local(day, 8))
    assert status(meeting, local(day, 10)) == "Hållet – protokoll skrivs"
    for person in people.values():
        services.attendance_record(meeting, person, capacity=Attendance.Capacity.MEMBER)
    services.sections_create_from_agenda(meeting)
    assert status(meeting, local(day, 10)) == "Hållet – protokoll skrivs"  # no attesters
    services.attesters_choose(meeting, [people["Justa Justerare"]])
    assert status(meeting, local(day, 10)) == "Protokoll under justering"
    # Without the annotations the rule reads the same facts itself.
    assert selectors.meeting_status(Meeting.objects.get(pk=meeting.pk), local(day, 10)) == (
        "Protokoll under justering"
    )


def test_attested_minutes_are_posted_then_attested():
    sealed = Meeting(
        date=datetime.date(2026, 3, 9),
        start_time=datetime.time(9),
        sealed_at=local(datetime.date(2026, 3, 16), 10),
        posted_on=datetime.date(2026, 3, 16),
        posting_ends_on=datetime.date(2026, 4, 7),
    )
    assert selectors.meeting_status(sealed, local(datetime.date(2026, 3, 20), 9)) == "Anslaget"
    after = local(datetime.date(2026, 4, 8), 9)
    assert selectors.meeting_status(sealed, after) == "Protokoll justerat"
    cancelled = Meeting(
        date=datetime.date(2026, 3, 9), start_time=datetime.time(9), cancelled_at=after
    )
    assert selectors.meeting_status(cancelled, after) == "Inställt"


def test_a_meeting_that_started_today_is_held_not_upcoming(client, body_with_people, noon):
    body, people = body_with_people
    today = noon.date()
    started = services.meeting_create(body=body, date=today, start_time=datetime.time(9))
    later = services.meeting_create(body=body, date=today, start_time=datetime.time(15))
    Meeting.objects.filter(pk__in=[started.pk, later.pk]).update(notice_sent_at=noon)
    client.force_login(people["Leda Ledamot"].user)
    response = client.get(URL)
    assert [m.pk for m, _ in response.context["upcoming"]] == [later.pk]
    assert [m.pk for m, _ in response.context["recent"]] == [started.pk]
    page = response.content.decode()
    upcoming_part, held_part = page.split("Hållna sammanträden")
    assert "Kallelse skickad" in upcoming_part and "I dag" in upcoming_part
    assert "Hållet – protokoll skrivs" in held_part and "Kallelse skickad" not in held_part


def test_the_attester_is_told_the_minutes_wait_for_their_attestation(client, body_with_people):
    body, people = body_with_people
    meeting = held_with_draft(body, people, timezone.localdate() - datetime.timedelta(days=2))
    attest_url = reverse("meetings:attest", args=[meeting.pk])

    client.force_login(people["Justa Justerare"].user)
    page = client.get(URL).content.decode()
    assert "Protokoll väntar på din justering" in page
    assert f'href="{attest_url}"' in page
    assert page.index("Protokoll väntar på din justering") < page.index("Kommande sammanträden")
    assert "Protokoll under justering" in page  # the meeting's own status
    assert "försenad" not in page  # two days after the meeting: in time
    assert client.get(attest_url).status_code == 200  # the link leads to the minutes

    # The chair signs too, and is told the same.
    client.force_login(people["Ordf Ordförande"].user)
    assert "Protokoll väntar på din justering" in client.get(URL).content.decode()

    # A member who does not sign is not.
    client.force_login(people["Leda Ledamot"].user)
    assert "Protokoll väntar på din justering" not in client.get(URL).content.decode()


def test_the_reminder_goes_once_the_signatory_has_attested(body_with_people):
    body, people = body_with_people
    meeting = held_with_draft(body, people, timezone.localdate() - datetime.timedelta(days=2))
    attester = people["Justa Justerare"]
    assert selectors.minutes_awaiting_attestation(attester.pk) == [meeting]
    services.minutes_attest(
        meeting, attester.user, content_sha256=services.minutes_content_sha256(meeting)
    )
    assert selectors.minutes_awaiting_attestation(attester.pk) == []
    chair = people["Ordf Ordförande"]
    assert selectors.minutes_awaiting_attestation(chair.pk) == [meeting]


def test_no_reminder_before_the_draft_is_ready(body_with_people):
    body, people = body_with_people
    meeting = services.meeting_create(
        body=body,
        date=timezone.localdate() - datetime.timedelta(days=2),
        start_time=datetime.time(9),
    )
    for person in people.values():
        services.attendance_record(meeting, person, capacity=Attendance.Capacity.MEMBER)
    services.attesters_choose(meeting, [people["Justa Justerare"]])
    assert selectors.minutes_awaiting_attestation(people["Justa Justerare"].pk) == []  # no §§


def test_the_query_count_does_not_grow_with_minutes_awaiting_attestation(
    client, body_with_people, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    body, people = body_with_people
    today = timezone.localdate()
    held_with_draft(body, people, today - datetime.timedelta(days=2))
    client.force_login(people["Justa Justerare"].user)
    with CaptureQueriesContext(connection) as one:
        assert client.get(URL).status_code == 200
    for n in range(3, 7):
        held_with_draft(body, people, today - datetime.timedelta(days=n))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(URL)
    assert len(response.context["awaiting_attestation"]) == 5
    assert response.content.decode().count("Protokoll under justering") == 5


def test_the_reminder_says_when_the_attestation_is_late(client, body_with_people):
    body, people = body_with_people
    meeting = held_with_draft(body, people, timezone.localdate() - datetime.timedelta(days=40))
    client.force_login(people["Justa Justerare"].user)
    page = client.get(URL).content.decode()
    reminder = page[page.index("Protokoll väntar på din justering") :]
    reminder = reminder[: reminder.index("</section>")]
    assert "justeras senast" in reminder
    assert "försenad" in reminder
    assert meeting.sealed_at is None
