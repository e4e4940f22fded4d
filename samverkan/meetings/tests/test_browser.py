"""The meeting pages in a real browser, each checked by axe-core."""

import datetime

import pytest
from playwright.sync_api import expect

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.meetings import services
from samverkan.meetings.models import Attendance
from samverkan.structure import services as structure_services
from samverkan.structure.models import Membership
from samverkan.structure.tests import factories as f
from samverkan.structure.tests.test_browser import assert_accessible, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser, live_server, demo):  # noqa: F811
    context = browser.new_context(locale="sv-SE", viewport={"width": 1024, "height": 1366})
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


def log_in(page, username):
    page.goto(page.base + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill("x-Lösen-123")
    page.get_by_role("button", name="Logga in").click()


def test_public_meeting_pages_read_well_and_are_accessible(page):
    page.goto(page.base + "/organ/rsr/")
    page.get_by_role("link", name="Sammanträden och sammanträdesplan").click()
    page.get_by_role("link", name="2025", exact=True).click()
    page.get_by_role("link", name="2025-05-05").click()
    expect(page.get_by_role("heading", name="Regionens samverkansråd 2025-05-05")).to_be_visible()
    expect(
        page.get_by_role(
            "heading", name="Översyn av struktur för samverkan mellan Region Jämtland Härjedalen"
        )
    ).to_be_visible()
    expect(page.get_by_text("Godkänna rapporten och därmed avslutat uppdrag.")).to_be_visible()
    assert_accessible(page)
    page.goto(page.base + "/anslagstavla/")
    expect(page.get_by_role("heading", name="Anslagstavla")).to_be_visible()
    assert_accessible(page)
    page.goto(page.base + "/organ/rsr/sammantraden/?ar=2025")
    assert_accessible(page)


def test_the_secretarys_pages_are_quick_to_use_and_accessible(page):
    from samverkan.meetings.models import Meeting

    meeting = Meeting.objects.get(body__slug="rsr")
    user = user_create(username="sekr", password="x-Lösen-123", roles=[Role.SECRETARY])
    person = f.person(name="Sara Sekreterare", user=user)
    structure_services.membership_save(
        Membership(
            person=person,
            body=meeting.body,
            role=Membership.Role.SECRETARY,
            start=datetime.date(2023, 1, 1),
        )
    )
    # The whole body present, so every § is quorate.
    for m in Membership.objects.filter(body=meeting.body, role__in=Membership.VOTING_ROLES):
        services.attendance_record(meeting, m.person, capacity=Attendance.Capacity.MEMBER)
    services.sections_create_from_agenda(meeting)

    log_in(page, "sekr")
    page.goto(page.base + f"/sammantraden/{meeting.pk}/dagordning/")
    expect(page.get_by_role("heading", name="Dagordning – RSR 2025-05-05")).to_be_visible()
    page.get_by_role("button", name="Flytta upp Förstudie Cirkulär upphandling").click()
    expect(page.locator(".agenda-table tbody tr").nth(2)).to_contain_text(
        "Förstudie Cirkulär upphandling"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Infrastruktur").click()
    expect(page.get_by_role("heading", name="Punkt 4: Infrastruktur")).to_be_visible()
    assert_accessible(page)
    for path in ("narvaro/", "protokoll/"):
        page.goto(page.base + f"/sammantraden/{meeting.pk}/{path}")
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)
    page.goto(page.base + f"/sammantraden/{meeting.pk}/protokoll/")
    page.get_by_role("link", name="§ 5 Översyn").click()
    page.get_by_label("Beslut", exact=True).fill(
        "Regionens samverkansråd beslutar enligt förslaget."
    )
    page.get_by_role("button", name="Spara beslut").click()
    expect(page.get_by_text("Paragrafen är sparad.")).to_be_visible()
    assert_accessible(page)
    page.goto(page.base + f"/sammantraden/{meeting.pk}/")
    expect(page.get_by_role("heading", name="Protokoll (utkast, ej justerat)")).to_be_visible()
    assert_accessible(page)
