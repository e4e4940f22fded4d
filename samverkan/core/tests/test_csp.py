"""Content-Security-Policy: our own origin only, no inline script or style anywhere."""

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
# Rendered by WeasyPrint into PDFs and never served as a web page.
NOT_SERVED = ("meetings/pdf/", "followup/pdf/")
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "htmx inline code": re.compile(r"\s(?:data-)?hx-(on|vars)\b", re.IGNORECASE),
}


def served_templates() -> list[Path]:
    roots = [PACKAGE / "templates", *PACKAGE.glob("*/templates")]
    return [
        path
        for root in roots
        for path in sorted(root.rglob("*.html"))
        if not any(part in path.relative_to(root).as_posix() for part in NOT_SERVED)
    ]


def test_no_template_has_inline_script_style_or_event_handlers():
    templates = served_templates()
    assert len(templates) > 20
    found = [
        f"{path.relative_to(PACKAGE)}: {what}"
        for path in templates
        for what, pattern in INLINE.items()
        if pattern.search(path.read_text())
    ]
    assert found == []


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/konto/logga-in/", "/healthz", "/finns-inte/"])
def test_every_response_carries_the_policy(client, path):
    policy = client.get(path)["Content-Security-Policy"]
    directives = dict((d.split()[0], d.split()[1:]) for d in policy.split(";") if d.strip())
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe" not in policy


@pytest.mark.django_db
def test_htmx_is_served_from_our_own_origin_and_told_not_to_inject_styles(client):
    html = client.get("/").content.decode()
    assert re.search(r'<script src="/static/samverkan/htmx\.min\.js" defer>', html)
    assert '"includeIndicatorStyles": false' in html
