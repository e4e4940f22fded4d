import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from samverkan.meetings import services
from samverkan.meetings.models import AgendaItem, Meeting, MeetingRules
from samverkan.meetings.selectors import meeting_deadlines, meeting_plan
from samverkan.structure.models import Body

D, T = datetime.date, datetime.time


def test_a_new_meeting_gets_the_standard_items_and_the_bodys_chair(demo):
    rsr = Body.objects.get(slug="rsr")
    meeting = services.meeting_create(body=rsr, date=D(2025, 9, 15), start_time=T(13))
    assert [i.kind for i in meeting.items.order_by("position")] == [
        AgendaItem.Kind.ATTESTERS,
        AgendaItem.Kind.APPROVE_AGENDA,
        AgendaItem.Kind.OTHER_BUSINESS,
    ]
    assert meeting.chair.name == "Jonas Andersson"


def test_new_items_go_before_other_business_and_can_be_moved(demo):
    meeting = services.meeting_create(
        body=Body.objects.get(slug="rsr"), date=D(2025, 9, 15), start_time=T(13)
    )
    a = services.agenda_item_add(meeting, title="Första ärendet")
    b = services.agenda_item_add(meeting, title="Andra ärendet")
    titles = [i.title for i in meeting.items.order_by("position")]
    assert titles == [
        "Val av justerare",
        "Fastställande av föredragningslistan",
        "Första ärendet",
        "Andra ärendet",
        "Övriga frågor",
    ]
    services.agenda_item_move(b, 3)
    a.refresh_from_db()
    assert [i.title for i in meeting.items.order_by("position")][2:4] == [
        "Andra ärendet",
        "Första ärendet",
    ]
    assert a.position == 4


def test_moving_items_in_turn_with_objects_held_since_they_were_added(demo):
    """Items added, then each moved to its place with the object add gave back (its
    position since changed by the moves before it): no clash, the order asked for."""
    meeting = services.meeting_create(
        body=Body.objects.get(slug="rsr"),
        date=D(2025, 9, 15),
        start_time=T(13),
        standard_items=False,
    )
    titles = ["Öppnande", "Val av justerare", "Övriga frågor", "Avslutning"]
    kinds = ["regular", "attesters", "other_business", "regular"]
    added = [
        services.agenda_item_add(meeting, title=t, kind=k)
        for t, k in zip(titles, kinds, strict=True)
    ]
    for position, item in enumerate(added, start=1):
        services.agenda_item_move(item, position)
    assert [i.title for i in meeting.items.order_by("position")] == titles


def test_an_item_without_title_is_refused(demo):
    meeting = services.meeting_create(
        body=Body.objects.get(slug="rsr"), date=D(2025, 9, 15), start_time=T(13)
    )
    with pytest.raises(ValidationError, match="Punkten måste ha en rubrik"):
        services.agenda_item_add(meeting, title="   ")
    assert meeting.items.count() == 3


def test_overlapping_meetings_of_one_body_are_refused(demo):
    rsr = Body.objects.get(slug="rsr")
    with pytest.raises(
        ValidationError, match=re.escape("har redan ett sammanträde 2025-05-05 kl. 13:00–16:00")
    ):
        services.meeting_create(body=rsr, date=D(2025, 5, 5), start_time=T(15), end_time=T(17))
    assert Meeting.objects.filter(body=rsr, date=D(2025, 5, 5)).count() == 1
    services.meeting_create(body=rsr, date=D(2025, 5, 5), start_time=T(16, 30))


def test_a_meeting_must_be_within_the_bodys_lifetime(demo):
    with pytest.raises(ValidationError, match="finns inte den 2010-01-01"):
        services.meeting_create(
            body=Body.objects.get(slug="rsr"), date=D(2010, 1, 1), start_time=T(9)
        )


def test_deadlines_count_back_from_the_meeting_by_the_bodys_rules_and_warn_when_passed(demo):
    rsr = Body.objects.get(slug="rsr")
    meeting = services.meeting_create(body=rsr, date=D(2025, 9, 15), start_time=T(13))
    deadlines = {d.label: d for d in meeting_deadlines(meeting, today=D(2025, 9, 1))}
    assert deadlines["Ärenden klara"].day == D(2025, 8, 25) and deadlines["Ärenden klara"].passed
    assert (
        deadlines["Kallelse skickas"].day == D(2025, 9, 8)
        and not deadlines["Kallelse skickas"].passed
    )
    MeetingRules.objects.create(body=rsr, cases_ready_days=10, notice_days=10)
    rsr.refresh_from_db()
    plan = meeting_plan(rsr, 2025, today=D(2025, 9, 6))
    planned = next(p for p in plan if p.meeting == meeting)
    assert [w.label for w in planned.warnings] == ["Ärenden klara", "Kallelse skickas"]
