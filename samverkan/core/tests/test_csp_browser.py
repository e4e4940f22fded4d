"""In a real browser the policy blocks nothing the pages need, and htmx still swaps."""

import pytest
from playwright.sync_api import expect, sync_playwright

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(live_server, demo):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="sv-SE")
        page = context.new_page()
        page.base = live_server.url
        page.violations = []
        page.on(
            "console",
            lambda m: (
                page.violations.append(m.text) if "Content Security Policy" in m.text else None
            ),
        )
        yield page
        browser.close()


def test_pages_render_without_csp_violations_and_htmx_swaps_the_date(page):
    page.goto(page.base + "/")
    expect(page.locator("svg.diagram-svg")).to_be_visible()
    assert page.evaluate("typeof window.htmx") == "object"
    with page.expect_request(lambda r: r.headers.get("hx-request") == "true"):
        page.get_by_label("Visa strukturen per").fill("2015-06-01")
        page.get_by_label("Visa strukturen per").dispatch_event("change")
    expect(page.get_by_text("Så såg strukturen ut den 1 juni 2015")).to_be_visible()
    # The stylesheet applied: the header has its layout, not the browser default.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") != "static"
    )

    user_create(username="admin", password="x-Lösen-123", roles=[Role.ADMINISTRATOR])
    page.goto(page.base + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("admin")
    page.get_by_label("Lösenord").fill("x-Lösen-123")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("button", name="Logga ut admin")).to_be_visible()
    for path in ("/admin/", "/admin/accounts/user/add/", "/diarium/", "/anslagstavla/"):
        page.goto(page.base + path)
    page.goto(page.base + "/finns-inte/")
    expect(page.get_by_role("heading", name="Sidan finns inte")).to_be_visible()
    assert page.violations == []
