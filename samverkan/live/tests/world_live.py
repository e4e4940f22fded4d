"""The access world's meeting in the room: RSR's held, unattested meeting, running, open to
the public web-cast, with its closed item (canary markers) being dealt with and a request
to speak on it. Made directly: the services open a meeting only on its own day."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from samverkan.live.events import live_changed
from samverkan.live.models import ItemTiming, LiveMeeting, Speaker


def live_build(world: Any) -> LiveMeeting:
    from django.db import transaction

    from samverkan.meetings import services as meetings

    meetings.sections_create_from_agenda(world.draft)
    now = timezone.now()
    live = LiveMeeting.objects.create(
        meeting=world.draft,
        opened_at=now,
        open_to_public=True,
        current_item=world.upcoming_item,
    )
    ItemTiming.objects.create(agenda_item=world.draft_open_item, started_at=now, ended_at=now)
    ItemTiming.objects.create(agenda_item=world.upcoming_item, started_at=now)
    Speaker.objects.create(
        agenda_item=world.upcoming_item, person=world.persons["member_rsr"], requested_at=now
    )
    with transaction.atomic():
        live_changed(world.draft.pk)
    return live
