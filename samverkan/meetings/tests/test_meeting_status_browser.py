"""In a browser, checked by axe-core: the attester's reminder on Mina sammanträden leads
to the minutes to attest, and the secretary's warning before moving a meeting past its
notice period."""

import datetime
import os
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from samverkan.meetings.models import Meeting
from samverkan.structure.tests.test_browser import assert_accessible, browser  # noqa: F401

from .test_meeting_law_pages import upcoming  # noqa: F401
from .test_meeting_status import body_with_people, held_with_draft  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(browser, live_server):  # noqa: F811
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


def _login(page, username: str) -> None:
    user = get_user_model().objects.get(username=username)
    user.set_password("x-Lösen-123")
    user.save()
    page.goto(page.base + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill("x-Lösen-123")
    page.get_by_role("button", name="Logga in").click()


def _shot(page, name: str) -> None:
    directory = os.environ.get("SAMVERKAN_SCREENSHOT_DIR")
    if directory:
        page.screenshot(path=os.path.join(directory, name), full_page=True)


def test_the_attester_follows_the_reminder_to_the_minutes(desk, body_with_people):  # noqa: F811
    body, people = body_with_people
    held_with_draft(body, people, timezone.localdate() - datetime.timedelta(days=2))
    _login(desk, "justa")
    expect(
        desk.get_by_role("heading", name="Protokoll väntar på din justering", level=2)
    ).to_be_visible()
    expect(desk.get_by_text("Protokoll under justering").first).to_be_visible()
    assert_accessible(desk)
    _shot(desk, "mina-sammantraden-justering.png")
    desk.get_by_role("link", name="Justera protokollet från Regionens samverkansråd").click()
    expect(desk).to_have_url(re.compile(r"/justera/$"))


def test_the_secretary_is_warned_before_moving_a_meeting_after_its_notice(desk, upcoming):  # noqa: F811
    meeting = upcoming.meeting
    Meeting.objects.filter(pk=meeting.pk).update(notice_sent_at=timezone.now())
    _login(desk, "sekr")
    desk.goto(f"{desk.base}/sammantraden/{meeting.pk}/andra/")
    new_day = timezone.localdate() + datetime.timedelta(days=3)
    desk.get_by_label("Ny dag").fill(new_day.isoformat())
    desk.get_by_role("button", name="Flytta sammanträdet").click()
    expect(desk.get_by_role("alert")).to_contain_text("En ny kallelse ska skickas")
    assert_accessible(desk)
    _shot(desk, "flytta-varning.png")
    desk.get_by_role("button", name="Flytta ändå").click()
    expect(desk.get_by_text(f"Sammanträdet är flyttat till {new_day:%Y-%m-%d}")).to_be_visible()
