"""Calendar feeds and invitations (ICS, RFC 5545): local times with their VTIMEZONE, a
SEQUENCE that rises when the meeting moves or the notice goes out again, a bounded window
of months, and a constant number of queries however many meetings there are.

Checked by two parsers: icalendar (ours) and vobject (another implementation, with its
own validation of each component)."""

import datetime
import zoneinfo
from typing import Any

import pytest
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from samverkan.meetings import render, selectors, services
from samverkan.meetings.models import Meeting
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)
UTC = datetime.UTC


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    return TODAY


@pytest.fixture
def body():
    return f.body(name="Regionens samverkansråd", short_name="RSR", slug="rsr-test")


def meeting(body, day: datetime.date, hour: int = 13) -> Meeting:
    return services.meeting_create(
        body=body, date=day, start_time=datetime.time(hour), place="Styrelserummet"
    )


def events(ics: bytes) -> dict[str, Any]:
    return {str(e["uid"]): e for e in Calendar.from_ical(ics).walk("VEVENT")}


def test_local_time_carries_its_zone_and_a_client_in_utc_reads_the_right_hour(client, body, today):
    winter = meeting(body, datetime.date(2026, 12, 7))
    summer = meeting(body, datetime.date(2027, 6, 7))
    ics = client.get(f"/organ/{body.slug}/kalender.ics").content
    text = ics.decode()
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm" in text
    assert "DTSTART;TZID=Europe/Stockholm:20261207T130000" in text
    # Another implementation resolves the VTIMEZONE: 13:00 in Stockholm is 12:00Z in
    # winter (CET) and 11:00Z in summer (CEST), not 13:00Z.
    cal = vobject.readOne(text)
    cal.validate()
    starts = {e.uid.value: e.dtstart.value.astimezone(UTC) for e in cal.vevent_list}
    assert starts[f"meeting-{winter.pk}@samverkan"] == datetime.datetime(
        2026, 12, 7, 12, tzinfo=UTC
    )
    assert starts[f"meeting-{summer.pk}@samverkan"] == datetime.datetime(2027, 6, 7, 11, tzinfo=UTC)
    # And ours: the VTIMEZONE's rules, not the tzinfo the parser already knows.
    tz = Calendar.from_ical(ics).walk("VTIMEZONE")[0].to_tz()
    assert datetime.datetime(2027, 6, 7, 13, tzinfo=tz).utcoffset() == datetime.timedelta(hours=2)


def test_every_feed_and_the_invitation_validate(client, body, today):
    m = meeting(body, datetime.date(2026, 12, 7))
    person = f.person()
    f.membership(person=person, body=body, term=f.term(end=datetime.date(2030, 12, 31)))
    for url in (
        f"/organ/{body.slug}/kalender.ics",
        f"/personer/{person.slug}/kalender.ics",
        f"/sammantraden/{m.pk}/kalender.ics",
    ):
        response = client.get(url)
        assert response["Content-Type"].startswith("text/calendar")
        cal = vobject.readOne(response.content.decode())
        cal.validate()
        assert cal.vtimezone.tzid.value == "Europe/Stockholm"
        assert [e.uid.value for e in cal.vevent_list] == [f"meeting-{m.pk}@samverkan"]
    invitation = render.invitation_ics(m, organizer="sekr@exempel.invalid", attendees=["a@b.se"])
    cal = vobject.readOne(invitation.decode())
    cal.validate()
    assert cal.method.value == "REQUEST" and cal.vtimezone.tzid.value == "Europe/Stockholm"


def sequence(client, m: Meeting) -> int:
    ics = client.get(f"/sammantraden/{m.pk}/kalender.ics").content
    return int(events(ics)[f"meeting-{m.pk}@samverkan"]["sequence"])


def test_sequence_rises_when_the_meeting_moves_or_the_notice_is_sent_again(client, body, today):
    m = meeting(body, datetime.date(2026, 12, 7))
    assert sequence(client, m) == 0
    services.meeting_update(m, chair=None)  # not a change of the event
    assert sequence(client, m) == 0
    m.notice_sent_at = timezone.now()
    m.save()  # the first notice: still the first revision
    assert sequence(client, m) == 0
    services.meeting_update(m, start_time=datetime.time(14))
    assert sequence(client, m) == 1
    services.meeting_update(m, date=datetime.date(2026, 12, 8), place="Rum 2")
    assert sequence(client, m) == 2
    m.notice_sent_at = timezone.now() + datetime.timedelta(minutes=1)
    m.save()  # the notice sent again
    assert sequence(client, m) == 3
    invitation = render.invitation_ics(m, organizer="sekr@exempel.invalid", attendees=["a@b.se"])
    assert int(events(invitation)[f"meeting-{m.pk}@samverkan"]["sequence"]) == 3


def test_a_cancelled_meeting_is_a_cancelled_event_with_a_higher_sequence(client, body, today):
    m = meeting(body, datetime.date(2026, 12, 7))
    services.meeting_update(m, cancelled_at=timezone.now())
    event = events(client.get(f"/organ/{body.slug}/kalender.ics").content)[
        f"meeting-{m.pk}@samverkan"
    ]
    assert str(event["status"]) == "CANCELLED" and int(event["sequence"]) == 1
    m.refresh_from_db()
    invitation = render.invitation_ics(m, organizer="sekr@exempel.invalid", attendees=["a@b.se"])
    cal = vobject.readOne(invitation.decode())
    cal.validate()
    assert cal.method.value == "CANCEL" and cal.vevent.status.value == "CANCELLED"


def test_feeds_hold_a_window_of_months(client, body, today, settings):
    settings.SAMVERKAN_CALENDAR_MONTHS_BACK = 12
    settings.SAMVERKAN_CALENDAR_MONTHS_AHEAD = 24
    assert selectors.calendar_window(TODAY) == (
        datetime.date(2025, 11, 1),
        datetime.date(2028, 11, 30),
    )
    inside = [
        meeting(body, datetime.date(2025, 11, 3)),
        meeting(body, datetime.date(2028, 11, 27)),
    ]
    outside = [
        meeting(body, datetime.date(2025, 10, 27)),
        meeting(body, datetime.date(2028, 12, 4)),
    ]
    uids = events(client.get(f"/organ/{body.slug}/kalender.ics").content)
    assert {f"meeting-{m.pk}@samverkan" for m in inside} == set(uids)
    assert not any(f"meeting-{m.pk}@samverkan" in uids for m in outside)
    settings.SAMVERKAN_CALENDAR_MONTHS_BACK = 1
    uids = events(client.get(f"/organ/{body.slug}/kalender.ics").content)
    assert f"meeting-{inside[0].pk}@samverkan" not in uids


def count_queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries), response.content.count(b"BEGIN:VEVENT")


def test_feeds_run_the_same_number_of_queries_for_3_and_30_meetings(client, body, today):
    person = f.person()
    f.membership(person=person, body=body, term=f.term(end=datetime.date(2030, 12, 31)))
    other = f.body()
    f.membership(person=person, body=other, term=f.term(end=datetime.date(2030, 12, 31)))
    first = datetime.date(2026, 1, 5)
    planned = iter(range(100))

    def plan(n: int) -> None:
        for _ in range(n):
            i = next(planned)
            m = meeting(body if i % 2 else other, first + datetime.timedelta(weeks=i))
            services.meeting_update(m, start_time=datetime.time(9))  # a SEQUENCE to count

    urls = (f"/organ/{body.slug}/kalender.ics", f"/personer/{person.slug}/kalender.ics")
    plan(3)
    for url in urls:
        client.get(url)  # warm caches (content types)
    few = [count_queries(client, url) for url in urls]
    plan(27)
    many = [count_queries(client, url) for url in urls]
    assert [n for n, _ in few] == [n for n, _ in many]
    assert [e for _, e in many] == [15, 30]  # the body's half and the person's all
    assert all(n <= 6 for n, _ in many)


def test_an_event_starts_at_the_local_hour(body, today):
    m = meeting(body, datetime.date(2026, 12, 7))
    event = render._event(selectors.calendar_meetings(Meeting.objects.filter(pk=m.pk)).get())
    start = event.decoded("dtstart")
    assert start.tzinfo == zoneinfo.ZoneInfo("Europe/Stockholm") and start.hour == 13
