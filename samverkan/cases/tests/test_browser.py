"""The case pages in a real browser, checked by axe-core."""

import pytest
from playwright.sync_api import expect

from samverkan.structure.tests.test_browser import assert_accessible, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser, live_server, demo):  # noqa: F811
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


def test_a_new_user_follows_the_case_and_finds_it_by_search(page):
    page.goto(page.base + "/")
    page.get_by_label("Sök", exact=True).fill("samverkansstrukturen")
    page.get_by_role("button", name="Sök", exact=True).click()
    expect(page.get_by_text("träffar för ”samverkansstrukturen”")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="RS/418/2025 Översyn av struktur för samverkan").first.click()
    expect(page.get_by_role("heading", name="Tidslinje")).to_be_visible()
    expect(page.get_by_text("december 2023").first).to_be_visible()
    assert_accessible(page)
    page.goto(page.base + "/rekommendationer/")
    expect(page.locator("td.st-not_handled")).to_have_count(9)
    assert_accessible(page)
    page.get_by_role(
        "link", name="Godkänna överenskommelsen om regional samverkansstruktur"
    ).click()
    expect(page.get_by_text("ingen av 9 parter har svarat")).to_be_visible()
    assert_accessible(page)
    page.goto(page.base + "/diarium/")
    expect(page.get_by_role("heading", name="Diarium")).to_be_visible()
    assert_accessible(page)
    page.goto(page.base + "/arenden/")
    assert_accessible(page)
