"""Every HTML page of the Nu Html Checker's list (the GET rows of the role × URL matrix,
as the anonymous visitor, RSR's secretary and a member of RSR) plus the Django admin's
index, changelists and change pages for the administrator, in three checks:

- `aria-describedby` refers only to ids on the page (parsed with lxml; no browser);
- axe-core finds 0 violations (headless Chromium; axe.min.js from the pinned
  axe-playwright-python package, injected by Playwright, nothing fetched);
- the page reflows at 320 CSS px (WCAG 1.4.10) and at a 1280 px window zoomed to 200 %
  (640 CSS px): the document never scrolls sideways; wide tables scroll in their own box.

The pages are fetched with Django's test client on the access tests' world and handed to
the browser through Playwright's request routing (static files from the finders), so
the module runs in the test's own transaction with no live server."""

from __future__ import annotations

import contextlib
import mimetypes
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib import admin
from django.contrib.staticfiles import finders
from django.urls import NoReverseMatch, reverse
from lxml import html

from samverkan.access.tests.test_role_url_matrix import ROWS
from samverkan.access.tests.world import ADMIN, ANON, MEMBER, SEC, World, client_as

pytestmark = pytest.mark.django_db

CHECKED_ROLES = (ANON, SEC, MEMBER)
ORIGIN = "http://testserver"
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


@dataclass
class Page:
    label: str  # "path as role"
    role: str
    path: str
    body: bytes


def _get(client: Any, path: str) -> tuple[int, str, bytes]:
    response = client.get(path)
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    return response.status_code, response.get("Content-Type", ""), body


def admin_paths(world: World) -> list[str]:
    """The admin's index, and per registered model its changelist and the change page of
    one object (the add page when there is none)."""
    paths = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        try:
            paths.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        except NoReverseMatch:
            continue
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            paths.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]))
    return paths


def collect_pages(client: Any, world: World) -> list[Page]:
    pages: list[Page] = []
    for role in CHECKED_ROLES:
        client_as(client, world, role)
        for row in ROWS:
            if role not in row.get:
                continue
            path = row.path(world)
            status, content_type, body = _get(client, path)
            if status == 200 and content_type.startswith("text/html"):
                pages.append(Page(f"{path} som {role}", role, path, body))
    client_as(client, world, ADMIN)
    for path in admin_paths(world):
        status, content_type, body = _get(client, path)
        if status == 200 and content_type.startswith("text/html"):
            pages.append(Page(f"{path} som {ADMIN}", ADMIN, path, body))
    return pages


@pytest.fixture(scope="module")
def pages(django_db_blocker: Any, world: World) -> list[Page]:
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    # As the root conftest's per-test fixture: static URLs from the finders, no manifest.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with django_db_blocker.unblock(), override_settings(STORAGES=storages):
        return collect_pages(Client(), world)


def test_the_list_covers_the_site_and_the_admin(pages):
    roles = {p.role for p in pages}
    assert roles == {ANON, SEC, MEMBER, ADMIN}
    assert len([p for p in pages if p.role != ADMIN]) >= 40
    assert any("/change/" in p.path for p in pages)


def test_aria_describedby_refers_only_to_ids_on_the_page(pages):
    broken = []
    for page in pages:
        tree = html.fromstring(page.body)
        ids = set(tree.xpath("//@id"))
        for element in tree.xpath("//*[@aria-describedby or @aria-labelledby]"):
            for attribute in ("aria-describedby", "aria-labelledby"):
                for ref in (element.get(attribute) or "").split():
                    if ref not in ids:
                        broken.append(f"{page.label}: <{element.tag}> {attribute}={ref!r}")
    assert not broken, "\n".join(broken)


# --- In the browser ------------------------------------------------------------------------


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Started inside the test, after its database setup: in Playwright's event loop
    Django would open a second connection (the pages are fetched before, so none is)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _serve(page_body: bytes, path: str):
    """Playwright route handler: the page itself, static files from the finders, and a
    404 for anything else (nothing leaves the machine)."""

    def handle(route: Any) -> None:
        url = urlsplit(route.request.url)
        if url.netloc != urlsplit(ORIGIN).netloc:
            route.abort()
            return
        if url.path == urlsplit(path).path:
            route.fulfill(status=200, body=page_body, content_type="text/html; charset=utf-8")
            return
        if url.path.startswith("/static/"):
            found = finders.find(url.path.removeprefix("/static/"))
            if found:
                content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
                with open(found, "rb") as fh:
                    route.fulfill(status=200, body=fh.read(), content_type=content_type)
                return
        route.fulfill(status=404, body=b"", content_type="text/plain")

    return handle


def _open(browser: Any, page: Page, *, width: int, height: int = 900) -> Any:
    context = browser.new_context(
        locale="sv-SE", viewport={"width": width, "height": height}, java_script_enabled=True
    )
    tab = context.new_page()
    tab.route("**/*", _serve(page.body, page.path))
    tab.goto(ORIGIN + page.path, wait_until="load")
    return context, tab


@pytest.mark.browser
def test_axe_finds_no_violations_on_any_page(pages):
    axe = Axe()
    found = []
    with chromium() as browser:
        for page in pages:
            context, tab = _open(browser, page, width=1280)
            try:
                results = axe.run(tab)
                for violation in results.response["violations"]:
                    targets = [", ".join(n["target"]) for n in violation["nodes"]][:3]
                    found.append(f"{page.label}: {violation['id']} ({violation['help']}) {targets}")
            finally:
                context.close()
    assert not found, f"{len(found)} axe-fel:\n" + "\n".join(found)


OVERFLOW = """() => {
  const doc = document.documentElement;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > doc.clientWidth + 1)
    .filter(e => !e.closest('.table-scroll, .scroll-x, pre'))
    .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
  return {scroll: doc.scrollWidth, client: doc.clientWidth, wide};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 640], ids=["320px", "200procent"])
def test_every_page_reflows_without_sideways_scrolling(pages, width):
    found = []
    with chromium() as browser:
        for page in pages:
            context, tab = _open(browser, page, width=width, height=800)
            try:
                result = tab.evaluate(OVERFLOW)
                if result["scroll"] > result["client"]:
                    found.append(
                        f"{page.label}: {result['scroll']} > {result['client']} {result['wide']}"
                    )
            finally:
                context.close()
    assert not found, f"{len(found)} sidor rullar i sidled vid {width} px:\n" + "\n".join(found)
