"""A deadline met late is shown as late, not ticked: a notice sent after its day is a
late notice even once it is sent."""

import datetime

import pytest
from django.utils import timezone

from samverkan.meetings import selectors
from samverkan.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def _deadline(meeting: Meeting, label: str) -> selectors.Deadline:
    return next(d for d in selectors.meeting_deadlines(meeting) if d.label == label)


def test_a_notice_sent_after_its_deadline_is_late(rsr_meeting: Meeting) -> None:
    rsr_meeting.notice_sent_at = timezone.make_aware(datetime.datetime(2025, 5, 1, 9))
    notice = _deadline(rsr_meeting, "Kallelse skickas")
    assert notice.done and notice.late
    assert notice.done_on == datetime.date(2025, 5, 1)


def test_a_notice_sent_in_time_is_done_and_not_late(rsr_meeting: Meeting) -> None:
    rsr_meeting.notice_sent_at = timezone.make_aware(datetime.datetime(2025, 4, 20, 9))
    notice = _deadline(rsr_meeting, "Kallelse skickas")
    assert notice.done and not notice.late


def test_the_meeting_page_says_the_notice_went_out_late(
    client, rsr_meeting: Meeting, secretary
) -> None:
    Meeting.objects.filter(pk=rsr_meeting.pk).update(
        notice_sent_at=timezone.make_aware(datetime.datetime(2025, 5, 1, 9))
    )
    client.force_login(secretary)
    page = client.get(rsr_meeting.get_absolute_url()).content.decode()
    assert "för sent (2025-05-01)" in page
