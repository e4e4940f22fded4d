"""Mail as it arrives at an SMTP server: from the configured sender, the site's domain in
the Message-ID (not the machine's hostname), a Date and well-formed MIME. The root
conftest checks every mail any test makes the site send the same way."""

import pytest
from django.core import mail

from samverkan.accounts.services import user_create
from samverkan.mail import problems
from samverkan.meetings import services

pytestmark = pytest.mark.django_db


def test_the_notice_arrives_with_the_sites_message_id_and_sender(rsr_meeting, smtp, settings):
    settings.SAMVERKAN_SITE_DOMAIN = "samverkan.exempel.se"
    settings.DEFAULT_FROM_EMAIL = "Samverkan <kansli@samverkan.exempel.se>"
    services.notice_send(rsr_meeting)
    assert len(smtp.messages) == 19
    ids = set()
    for message in smtp.messages:
        assert message["From"] == "Samverkan <kansli@samverkan.exempel.se>"
        assert message["Message-ID"].endswith("@samverkan.exempel.se>")
        assert message["Date"].datetime.tzinfo is not None
        assert message.get_content_type() == "multipart/mixed"
        assert [p.get_content_type() for p in message.iter_attachments()] == [
            "application/pdf",
            "text/calendar",
        ]
        assert not any(part.defects for part in message.walk())
        ids.add(message["Message-ID"])
    assert len(ids) == 19


def test_the_password_reset_mail_too(client, settings):
    settings.SAMVERKAN_SITE_DOMAIN = "samverkan.exempel.se"
    user_create(username="anna", password="x-Lösen-123", roles=[], email="anna@exempel.invalid")
    client.post("/konto/glomt-losenord/", {"email": "anna@exempel.invalid"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"].endswith("@samverkan.exempel.se>")
    assert problems(mail.outbox[0]) == []


def test_the_notice_links_to_the_meeting_where_absence_is_reported(rsr_meeting, settings):
    settings.SAMVERKAN_BASE_URL = "https://samverkan.exempel.se"
    services.notice_send(rsr_meeting)
    link = f"https://samverkan.exempel.se{rsr_meeting.get_absolute_url()}"
    assert mail.outbox and all(link in m.body for m in mail.outbox)
    assert "anmäl förhinder" in mail.outbox[0].body
