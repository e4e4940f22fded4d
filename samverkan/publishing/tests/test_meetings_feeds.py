"""RSS, Atom and ICS of every meeting of the collaboration: valid for feedparser (no
bozo), icalendar and vobject; bounded to the calendar window; the closed item unnamed."""

import datetime

import feedparser
import pytest
import vobject
from django.urls import reverse
from icalendar import Calendar

from samverkan.meetings import services as meetings
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db

CLOSED = "kanariezq999x"


def test_rss_and_atom_hold_the_collaborations_meetings_without_closed_titles(
    client, sealed_meeting
):
    other = f.body(name="Barn- och ungdomsberedningen")
    meetings.meeting_create(
        body=other, date=datetime.date(2026, 12, 1), start_time=datetime.time(9)
    )
    for name, version in (
        ("publishing:meetings_rss", "rss20"),
        ("publishing:meetings_atom", "atom10"),
    ):
        response = client.get(reverse(name))
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.version == version
        titles = [e.title for e in parsed.entries]
        assert len(titles) == 2
        assert titles[0].startswith("Barn- och ungdomsberedningen 2026-12-01")  # newest first
        assert any("Öppen fråga om vägar" in e.summary for e in parsed.entries)
        assert CLOSED not in response.content.decode()


def test_the_feeds_leave_out_meetings_outside_the_window(client, sealed_meeting, settings):
    settings.SAMVERKAN_FEED_ITEMS = 50
    meetings.meeting_create(
        body=sealed_meeting.body, date=datetime.date(2021, 1, 1), start_time=datetime.time(9)
    )
    parsed = feedparser.parse(client.get(reverse("publishing:meetings_rss")).content)
    assert len(parsed.entries) == 1


def test_the_ics_parses_in_two_implementations(client, sealed_meeting):
    other = f.body(name="Barn- och ungdomsberedningen")
    later = meetings.meeting_create(
        body=other, date=datetime.date(2026, 12, 1), start_time=datetime.time(9)
    )
    response = client.get(reverse("publishing:meetings_ics"))
    assert response["Content-Type"].startswith("text/calendar")
    uids = {str(e["uid"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert uids == {f"meeting-{sealed_meeting.pk}@samverkan", f"meeting-{later.pk}@samverkan"}
    cal = vobject.readOne(response.content.decode())
    cal.validate()
    assert len(cal.vevent_list) == 2
    assert CLOSED not in response.content.decode()


def test_the_feeds_page_links_all_three(client, sealed_meeting):
    page = client.get(reverse("publishing:meetings_feeds")).content.decode()
    for name in ("publishing:meetings_rss", "publishing:meetings_atom", "publishing:meetings_ics"):
        assert reverse(name) in page
