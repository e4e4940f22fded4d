"""The reading view in a real browser: a member reads a closed item's document offline
(the service worker's copy) and keeps a private note that no one else sees."""

import pytest
from playwright.sync_api import expect

from samverkan.reading.models import Note
from samverkan.structure.tests.test_browser import assert_accessible, browser  # noqa: F401

from .factories import PASSWORD, room

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contexts(browser, live_server):  # noqa: F811
    made = []

    def new():
        context = browser.new_context(locale="sv-SE", viewport={"width": 1024, "height": 1366})
        made.append(context)
        page = context.new_page()
        page.base = live_server.url
        return context, page

    yield new
    for context in made:
        context.close()


def log_in(page, username):
    page.goto(page.base + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def test_a_member_reads_a_closed_document_offline_and_keeps_a_private_note(contexts):
    r = room()
    context, page = contexts()
    log_in(page, "member")
    page.get_by_role("link", name="Läsplatta").click()
    expect(page.get_by_role("heading", name="Läsplattan", level=1)).to_be_visible()
    # The worker keeps the meeting, the document's page and its file.
    expect(page.locator("#lasplatta-status")).to_contain_text("Sparat för läsning", timeout=20000)
    assert_accessible(page)
    page.get_by_role("link", name="Utredning om en enskild").click()
    expect(page.get_by_role("heading", name="Sida 2 av 2")).to_be_visible()
    expect(page.locator("#lasplatta-status")).to_contain_text("Sparat för läsning", timeout=20000)
    assert_accessible(page)

    kept = "caches.open('lasplatta-v1').then((c) => c.match(location.href)).then((m) => !!m)"
    assert page.evaluate(kept), "the document's page is not in the tablet's cache"
    context.set_offline(True)
    page.reload()
    expect(page.get_by_text("Andra sidan med förslaget.")).to_be_visible()
    page.get_by_label("Sida", exact=True).fill("2")
    page.get_by_label("Anteckning", exact=True).fill("Fråga om kostnaden för förslaget.")
    page.get_by_role("button", name="Spara anteckningen").click()
    pending = page.locator("[data-pending-list]")
    expect(pending).to_contain_text("väntar på anslutning")
    expect(pending).to_contain_text("Fråga om kostnaden för förslaget.")
    assert Note.objects.count() == 0

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator(".reading-page#sida-2 .note")).to_contain_text(
        "Fråga om kostnaden för förslaget.", timeout=20000
    )
    note = Note.objects.get()
    assert (note.author, note.page, note.visibility) == (r.users["member"], 2, "private")
    assert_accessible(page)

    # The substitute of the same party and the secretary read the document, not the note.
    for username in ("substitute", "secretary"):
        _other_context, other = contexts()
        log_in(other, username)
        other.goto(page.base + f"/lasplatta/dokument/{r.closed_doc.pk}/")
        expect(other.get_by_text("Andra sidan med förslaget.")).to_be_visible()
        expect(other.get_by_text("Fråga om kostnaden")).to_have_count(0)

    # Signing out drops the tablet's copies.
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("link", name="Logga in")).to_be_visible()
    assert page.evaluate("caches.keys()") == []


QUEUE_JS = """([url, user, text]) => localStorage.setItem('lasplatta-queue', JSON.stringify([
  {url: url, user: String(user), csrf: 'from-an-old-session', page: '1', text: text,
   visibility: 'private', uuid: '6f1c1a54-3b8e-4c55-9d43-3a0f6b0d2c11'}]))"""
QUEUED_JS = "JSON.parse(localStorage.getItem('lasplatta-queue') || '[]').map((q) => q.text)"


def test_a_queued_note_stays_until_the_server_says_it_is_saved(browser, live_server):  # noqa: F811
    """A session that ended (the send is redirected to the login page), a refusal (403) or
    a server error keep the note on the tablet; it is sent with the current session's
    CSRF token, and the server's own validation answer (400) drops it with its message."""
    r = room()
    # No service worker: the page's own requests must reach the routes below.
    context = browser.new_context(locale="sv-SE", service_workers="block")
    try:
        page = context.new_page()
        page.base = live_server.url
        log_in(page, "member")
        url = f"/lasplatta/dokument/{r.closed_doc.pk}/"
        page.goto(page.base + url)
        page.evaluate(QUEUE_JS, [url, r.users["member"].pk, "Skriven utan uppkoppling."])
        status = page.locator("#lasplatta-status")

        def answer(route_status, location=None):
            def handle(route):
                if route.request.method != "POST":
                    return route.continue_()
                headers = {"location": location} if location else {}
                return route.fulfill(status=route_status, headers=headers, body="")

            return handle

        for route_status, location, shown in (
            (302, page.base + "/konto/logga-in/?next=" + url, "Logga in igen"),
            (403, None, None),
            (500, None, None),
        ):
            page.route("**" + url, answer(route_status, location))
            page.reload()
            expect(page.locator("[data-pending-list]")).to_contain_text("Skriven utan")
            if shown:
                expect(status).to_contain_text(shown)
            assert page.evaluate(QUEUED_JS) == ["Skriven utan uppkoppling."]
            page.unroute("**" + url)
        assert Note.objects.count() == 0

        # Back in a session: sent with its token (not the stale one it was queued with).
        page.reload()
        expect(page.locator(".reading-page#sida-1 .note")).to_contain_text("Skriven utan")
        assert page.evaluate(QUEUED_JS) == []
        assert Note.objects.get().author == r.users["member"]

        # The server's own refusal drops the note and shows why.
        page.evaluate(
            QUEUE_JS.replace("6f1c", "7f1c").replace("page: '1'", "page: '9'"),
            [url, r.users["member"].pk, "Fel sida."],
        )
        page.reload()
        expect(status).to_contain_text("Handlingen har 2 sidor")
        assert page.evaluate(QUEUED_JS) == []
        assert Note.objects.count() == 1
    finally:
        context.close()
