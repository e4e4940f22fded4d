"""The mail to a called substitute says where its link leads: the meeting's page."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from samverkan.meetings import services

from .test_meeting_law import Board

pytestmark = pytest.mark.django_db


def test_the_call_mail_names_the_page_it_links_to(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    board = Board(timezone.localdate() + datetime.timedelta(days=20))
    notice = services.absence_report(board.meeting, board.p["Cilla"], note="Sjuk")
    services.substitute_call(notice)
    body = mail.outbox[0].body
    assert "Mina sammanträden" not in body
    assert "sammanträdets sida: " in body
    assert body.rstrip().endswith(board.meeting.get_absolute_url())
