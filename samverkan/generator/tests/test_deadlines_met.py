"""The demo's secretariat meets its deadlines: cases on the agenda by the body's day,
notices in time, minutes attested within the period. One case comes late on purpose
(script.Step.late), so the demo shows what "för sent" looks like."""

import pytest

from samverkan.meetings.models import Meeting
from samverkan.meetings.selectors import meeting_deadlines

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


def test_only_the_deliberately_late_case_is_shown_as_late(generated):
    meetings = Meeting.objects.filter(body__collaboration__slug="exempellanet").select_related(
        "body"
    )
    late = []
    passed_undone = []
    for meeting in meetings:
        for d in meeting_deadlines(meeting, today=AS_OF):
            if d.late:
                late.append((meeting.body.short_name, meeting.date.month, d.label))
            elif d.passed and not d.done:
                passed_undone.append((meeting.body.short_name, meeting.date, d.label))
    # The procurement's evaluation was ready only after PSA's day for cases in March.
    assert late == [("PSA", 3, "Ärenden klara")]
    assert passed_undone == []
