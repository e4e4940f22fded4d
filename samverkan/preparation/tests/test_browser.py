"""The whole path in a real browser: an official drafts a tjänsteskrivelse and attaches a
document, the chair approves it, the secretary places it on a coming meeting's agenda;
each page checked by axe-core."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.meetings import services as meetings
from samverkan.preparation import services
from samverkan.structure.models import Membership
from samverkan.structure.tests import factories as f
from samverkan.structure.tests.test_browser import assert_accessible, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "x-Lösen-123"


@pytest.fixture
def setting(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    body = f.body(name="Exempelrådet", short_name="ER", slug="exempelradet")
    users = {}
    for username, name, role, roles in [
        ("tjp", "Tove Tjänsteperson", Membership.Role.COLLABORATION_LEAD, [Role.OFFICIAL]),
        ("ordf", "Olga Ordförande", Membership.Role.CHAIR, [Role.MEMBER]),
        ("sekr", "Sara Sekreterare", Membership.Role.SECRETARY, [Role.SECRETARY]),
    ]:
        user = user_create(username=username, password=PASSWORD, roles=roles)
        person = f.person(name=name, user=user, email=f"{username}@exempel.invalid")
        f.membership(person=person, body=body, role=role, start=datetime.date(2024, 1, 1))
        users[username] = user
    services.reviewer_add(body, users["ordf"].person, role_label="ordförande", by=users["sekr"])
    meeting = meetings.meeting_create(
        body=body,
        date=timezone.localdate() + datetime.timedelta(days=40),
        start_time=datetime.time(10),
        place="Regionens hus",
    )
    return body, meeting


@pytest.fixture
def session(browser, live_server):  # noqa: F811
    contexts = []

    def open_as(username):
        context = browser.new_context(locale="sv-SE", viewport={"width": 1024, "height": 1200})
        contexts.append(context)
        page = context.new_page()
        page.goto(live_server.url + "/konto/logga-in/")
        page.get_by_label("Användarnamn").fill(username)
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.base = live_server.url
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_an_item_goes_from_draft_to_the_agenda_without_the_admin(setting, session, tmp_path):
    body, meeting = setting
    title = "Gemensam plan för barns psykiska hälsa"

    # The official drafts from the template, attaches a document and submits.
    official = page = session("tjp")
    page.goto(page.base + "/")
    page.get_by_role("link", name="Beredning", exact=True).click()
    page.get_by_role("link", name="Nytt ärende (tjänsteskrivelse)").click()
    assert_accessible(page)
    page.get_by_label("Rubrik").fill(title)
    page.get_by_label("Bakgrund").fill("Parterna har sett ett växande behov.")
    page.get_by_label("Bedömning").fill("En gemensam plan ger tydligare ansvar.")
    page.get_by_label("Förslag till beslut").fill("Att godkänna planen.")
    page.get_by_label("Konsekvenser för barn").fill("Barn och unga får snabbare stöd.")
    page.get_by_label("Konsekvenser för parterna").fill("Ryms i befintliga budgetar.")
    page.get_by_label("Kontaktperson").fill("Tove Tjänsteperson, samverkansledare")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    attachment = tmp_path / "underlag.txt"
    attachment.write_text("Underlag till planen.", encoding="utf-8")
    page.get_by_label("Titel").fill("Underlag till planen")
    page.get_by_label("Fil (PDF, Word eller text)").set_input_files(str(attachment))
    page.get_by_role("button", name="Bifoga handling").click()
    expect(page.get_by_role("link", name="Underlag till planen")).to_be_visible()
    page.get_by_role("button", name="Skicka för granskning").click()
    expect(page.get_by_text("Ärendet är skickat till granskarna.")).to_be_visible()
    assert_accessible(page)

    # The chair finds it waiting and approves it.
    page = session("ordf")
    page.goto(page.base + "/beredning/")
    page.get_by_role("link", name=title).first.click()
    page.get_by_label("Kommentar").fill("Bra underlag.")
    assert_accessible(page)
    page.get_by_role("button", name="Godkänn för dagordningen").click()
    expect(page.get_by_text("Ärendet är godkänt för dagordningen.")).to_be_visible()

    # The secretary places it on the coming meeting from the body's meeting page.
    page = session("sekr")
    page.goto(page.base + f"/organ/{body.slug}/sammantraden/")
    page.get_by_role("link", name="Beredning: ärenden att granska och planera in").click()
    expect(page.get_by_role("link", name=title)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Sammanträde").select_option(str(meeting.pk))
    page.get_by_role("button", name="Placera på sammanträde").click()
    expect(page.get_by_text("Ärendet är placerat på dagordningen").first).to_be_visible()
    expect(page.get_by_text(title).first).to_be_visible()

    # Every step is in the item's history, which the official follows under "Mina ärenden".
    page = official
    page.goto(page.base + "/beredning/")
    page.get_by_role("link", name=title).first.click()
    history = page.locator("#historik + ol")
    for step in (
        "Utkast skapat",
        "Handling bifogad",
        "Inskickat för granskning",
        "Godkänt för dagordning",
        "Placerat på sammanträde",
    ):
        expect(history.get_by_text(step)).to_be_visible()
