"""Today's meeting in the room, for the demo: Exempellänet's PSA meets today (a meeting
made for the day when the plan has none), the secretary has opened it, those called
have answered the roll call but one member, and the first item is being dealt with.
Made again on any later day the demo is loaded, so `make run` always shows a meeting
being held."""

from __future__ import annotations

import contextlib
import datetime

from django.core.exceptions import ValidationError

from samverkan.live import services as live
from samverkan.live.models import LiveMeeting
from samverkan.meetings import services as meetings
from samverkan.meetings.models import AgendaItem, Meeting

from .world import PSA, Names, world_load

DEMO_ITEMS = (
    ("Lägesrapport om samverkan kring barn och unga", True),
    ("Fördelning av gemensamma utvecklingsmedel 2027", True),
    ("Enskilt ärende om placering av elev", False),
)


def room_today_ensure(names: Names, today: datetime.date) -> Meeting:
    world = world_load(names, today)
    view = world.bodies[PSA]
    meeting = Meeting.objects.filter(body=view.body, date=today, cancelled_at__isnull=True).first()
    if meeting is None:
        meeting = meetings.meeting_create(
            body=view.body,
            date=today,
            start_time=datetime.time(13, 0),
            end_time=datetime.time(16, 0),
            is_demo=True,
            standard_items=False,
        )
        for title, public in DEMO_ITEMS:
            meetings.agenda_item_add(
                meeting,
                title=title,
                is_public=public,
                confidentiality_ground="" if public else "OSL 23 kap. 2 §",
            )
    if meeting.sealed_at:
        return meeting
    state = LiveMeeting.objects.filter(meeting=meeting).first()
    if state is not None and (state.is_running or state.closed_at):
        return meeting
    room = live.live_meeting_open(meeting, open_to_public=True)
    # Everyone on the roll answers but the last member, whose seat stays for a substitute.
    for m in view.members[:-1]:
        # A member the day's plan already has elsewhere (an absence reported, a seat
        # taken) stays as the plan has them: the demo room opens all the same.
        with contextlib.suppress(ValidationError):
            live.live_arrival(room, m.person)
    first = AgendaItem.objects.filter(meeting=meeting).order_by("position").first()
    if first is not None:
        with contextlib.suppress(ValidationError):  # e.g. a vote left open on the item
            live.live_item_set(room, first)
    return meeting
