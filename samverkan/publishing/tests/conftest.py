import datetime

import pytest
from django.utils import timezone

from samverkan.meetings import services as meetings
from samverkan.meetings.models import Meeting
from samverkan.structure.tests import factories as f

LEGAL_GROUND = "OSL 21 kap. 1 §"


@pytest.fixture
def sealed_meeting(db):
    """A meeting of a body with an open and a closed item, §§ made, sealed; the notice
    sent too."""
    body = f.body(name="Regionens samverkansråd", short_name="RSR", slug="rsr")
    meeting = meetings.meeting_create(
        body=body, date=datetime.date(2026, 10, 5), start_time=datetime.time(10), place="Huset"
    )
    meetings.agenda_item_add(meeting, title="Öppen fråga om vägar")
    meetings.agenda_item_add(
        meeting,
        title="Hemlig punkt kanariezq999x",
        is_public=False,
        confidentiality_ground=LEGAL_GROUND,
    )
    meetings.sections_create_from_agenda(meeting)
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(notice_sent_at=now, sealed_at=now)
    meeting.refresh_from_db()
    return meeting
