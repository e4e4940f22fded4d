"""Mina sammanträden on a tablet, checked by axe-core: a member lands there after login
and reads a closed item's document."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.meetings import services
from samverkan.structure.models import Membership
from samverkan.structure.tests import factories as f
from samverkan.structure.tests.test_browser import assert_accessible, browser  # noqa: F401

from .test_my_meetings import meeting_with_items, tiny_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tablet(browser, live_server, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = str(tmp_path)
    context = browser.new_context(locale="sv-SE", viewport={"width": 768, "height": 1024})
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


def test_a_member_lands_on_my_meetings_and_reads_a_closed_items_document(tablet):
    import os

    user_create(username="ledamot", password="x-Lösen-123", roles=[Role.MEMBER])
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="ledamot")
    person = f.person(name="Lars Ledamot", user=user)
    body = f.body(name="Regionens samverkansråd", short_name="RSR", slug="rsr-tablet")
    f.membership(
        person=person, body=body, role=Membership.Role.MEMBER, start=datetime.date(2022, 1, 1)
    )
    today = timezone.localdate()
    meeting = meeting_with_items(body, today + datetime.timedelta(days=7), pdf=tiny_pdf("Underlag"))
    meeting_with_items(body, today - datetime.timedelta(days=21))
    services.supporting_document_add(
        meeting.items.get(title__startswith="Öppen"),
        title="Extra bilaga",
        upload=SimpleUploadedFile("extra.pdf", tiny_pdf("Extra"), "application/pdf"),
    )

    page = tablet
    page.goto(page.base + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("ledamot")
    page.get_by_label("Lösenord").fill("x-Lösen-123")
    page.get_by_role("button", name="Logga in").click()

    expect(page.get_by_role("heading", name="Mina sammanträden", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Mina sammanträden")).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.get_by_text(f"Stängd punkt {meeting.date}")).to_be_visible()
    expect(page.get_by_text("ej offentlig").first).to_be_visible()
    assert_accessible(page)
    directory = os.environ.get("SAMVERKAN_SCREENSHOT_DIR")
    if directory:
        page.screenshot(path=os.path.join(directory, "mina-sammantraden.png"), full_page=True)

    link = page.get_by_role("link", name=f"Underlag till Stängd punkt {meeting.date}")
    response = page.request.get(page.base + link.get_attribute("href"))
    assert response.status == 200
    assert response.body()[:5] == b"%PDF-"
