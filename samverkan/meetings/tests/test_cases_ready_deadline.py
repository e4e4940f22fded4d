""" "Ärenden klara" is met when the cases are on the agenda by its day. The notice goes out
after that day by design, so a notice sent in time never makes the cases late; a case
placed after the day does."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from samverkan.meetings import selectors, services
from samverkan.meetings.models import Meeting
from samverkan.structure.models import Body

pytestmark = pytest.mark.django_db

D = datetime.date


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _place(meeting: Meeting, day: datetime.date, title: str) -> None:
    with mock.patch.object(timezone, "now", return_value=_at(day)):
        services.agenda_item_add(meeting, title=title)


def _cases_ready(meeting: Meeting, today: datetime.date) -> selectors.Deadline:
    deadlines = selectors.meeting_deadlines(Meeting.objects.get(pk=meeting.pk), today=today)
    return next(d for d in deadlines if d.label == "Ärenden klara")


@pytest.fixture
def meeting(demo) -> Meeting:
    rsr = Body.objects.get(slug="rsr")
    made = services.meeting_create(body=rsr, date=D(2025, 9, 15), start_time=datetime.time(13))
    assert _cases_ready(made, D(2025, 8, 1)).day == D(2025, 8, 25)
    return made


def test_cases_placed_in_time_and_a_notice_sent_in_time_are_not_late(meeting):
    _place(meeting, D(2025, 8, 20), "Riktlinje för samordnad individuell plan")
    Meeting.objects.filter(pk=meeting.pk).update(notice_sent_at=_at(D(2025, 9, 5)))
    ready = _cases_ready(meeting, D(2025, 9, 10))
    assert ready.done and not ready.late
    assert ready.done_on == D(2025, 8, 20)


def test_cases_on_the_agenda_meet_the_deadline_before_the_notice_goes_out(meeting):
    _place(meeting, D(2025, 8, 22), "Riktlinje för samordnad individuell plan")
    ready = _cases_ready(meeting, D(2025, 9, 1))
    assert ready.done and not ready.late and not (ready.passed and not ready.done)


def test_a_case_placed_after_the_day_is_late_with_its_day(meeting):
    _place(meeting, D(2025, 8, 20), "Riktlinje för samordnad individuell plan")
    _place(meeting, D(2025, 9, 2), "Upphandling av digitalt stöd")
    ready = _cases_ready(meeting, D(2025, 9, 10))
    assert ready.late and ready.done_on == D(2025, 9, 2)
    planned = next(
        p
        for p in selectors.meeting_plan(meeting.body, 2025, D(2025, 9, 10))
        if p.meeting == meeting
    )
    assert next(d for d in planned.deadlines if d.label == "Ärenden klara").late


def test_an_item_written_after_the_meeting_does_not_make_its_cases_late(meeting):
    _place(meeting, D(2025, 8, 20), "Riktlinje för samordnad individuell plan")
    _place(meeting, D(2025, 10, 1), "Protokollsanteckning")
    ready = _cases_ready(meeting, D(2025, 10, 2))
    assert ready.done and not ready.late


def test_a_meeting_without_cases_or_notice_warns_once_the_day_has_passed(meeting):
    ready = _cases_ready(meeting, D(2025, 9, 1))
    assert ready.passed and not ready.done
