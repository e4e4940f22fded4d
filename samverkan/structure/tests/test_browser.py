"""What a person sees in a real browser (Debian's Chromium through Playwright), and
axe-core's accessibility check of every page visited."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, demo):
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


def assert_accessible(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_start_page_shows_the_diagram_and_goes_back_to_2015(page):
    page.goto(page.base + "/")
    expect(page.get_by_role("heading", name="Samverkansstrukturen", level=1)).to_be_visible()
    diagram = page.locator("svg.diagram-svg")
    expect(diagram).to_be_visible()
    expect(diagram.get_by_role("link", name="PaHSU – politisk arena")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Visa strukturen per").fill("2015-06-01")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_text("Så såg strukturen ut den 1 juni 2015")).to_be_visible()
    expect(diagram.get_by_role("link", name="Sociala vård- och omsorgsgruppen")).to_be_visible()
    expect(diagram.get_by_role("link", name="PaHSU – politisk arena")).to_have_count(0)
    assert "datum=2015-06-01" in page.url
    assert_accessible(page)


def test_body_page_shows_rsr_with_its_eleven_members(page):
    page.goto(page.base + "/?datum=2025-05-05")
    page.locator("svg.diagram-svg").get_by_role("link", name="Regionens samverkansråd").click()
    expect(page.get_by_role("heading", name="Regionens samverkansråd (RSR)")).to_be_visible()
    expect(page.get_by_text("11 ledamöter, 8 ersättare")).to_be_visible()
    table = page.locator(".party-groups table")
    expect(table.get_by_role("row")).to_have_count(1 + 19)
    expect(table.get_by_role("row", name="Jonas Andersson S Ordförande")).to_be_visible()
    expect(table.get_by_role("row", name="Niklas Daoson S Vice ordförande")).to_be_visible()
    assert_accessible(page)


def test_person_and_party_pages_are_accessible(page):
    for path in (
        "/personer/jonas-andersson/",
        "/parter/",
        "/parter/ostersund/",
        "/konto/logga-in/",
    ):
        page.goto(page.base + path)
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)
