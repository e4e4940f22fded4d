"""The archivist's export jobs in the UI, and the canary: in the world's exported case
and body-year every planted closed or confidential marker sits inside a record or
aggregation marked with a restriction; no one but an archivist fetches the package."""

import io
import zipfile

import pytest
from django.urls import reverse
from lxml import etree

from samverkan.access.tests.world import (
    ADMIN,
    ANON,
    ARCHIVIST,
    CLOSED,
    CONFIDENTIAL,
    MARKERS,
    ROLES,
    client_as,
)
from samverkan.archive.models import ArchiveExport

pytestmark = pytest.mark.django_db

ERMS = "{https://DILCIS.eu/XML/ERMS}"


def _start(client, **data):
    return client.post(reverse("archive:exports"), data)


def _unzip(raw: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _restricted(e: etree._Element) -> bool:
    while e is not None:
        if (
            e.tag in (f"{ERMS}record", f"{ERMS}aggregation")
            and e.find(f"{ERMS}restriction") is not None
        ):
            return True
        e = e.getparent()
    return False


def _assert_markers_only_in_restricted(erms: bytes) -> int:
    doc = etree.fromstring(erms)
    found = 0
    for e in doc.iter():
        texts = [e.text or "", *e.attrib.values()]
        for marker in MARKERS.values():
            if marker.cls not in (CLOSED, CONFIDENTIAL):
                continue
            if any(marker.word in t for t in texts):
                found += 1
                assert _restricted(e), f"{marker} outside a restricted record: {e.tag}"
    return found


def test_archivist_exports_a_case_and_downloads_it(world, client, archive_dir):
    c = client_as(client, world, ARCHIVIST)
    response = _start(c, kind="case", case_number=world.case.case_number)
    assert response.status_code == 302
    job = ArchiveExport.objects.latest("pk")
    assert job.status == ArchiveExport.Status.DONE, job.error
    assert job.requested_by == world.users[ARCHIVIST]
    assert job.result_size and len(job.result_sha256) == 64
    page = c.get(reverse("archive:exports"))
    assert world.case.case_number in page.content.decode()
    download = c.get(reverse("archive:download", args=[job.pk]))
    assert download.status_code == 200
    raw = b"".join(download.streaming_content)
    files = _unzip(raw)
    erms = next(v for k, v in files.items() if k.endswith("metadata/descriptive/erms.xml"))
    assert _assert_markers_only_in_restricted(erms) >= 2  # the confidential title and entry
    for role in ROLES:
        if role in (ADMIN, ARCHIVIST):
            continue
        other = client_as(client.__class__(), world, role)
        refused = other.get(reverse("archive:download", args=[job.pk]))
        if role == ANON:
            assert refused.status_code == 302 and "logga-in" in refused["Location"]
        else:
            assert refused.status_code in (403, 404), role


def test_body_year_markers_are_only_in_restricted_records(world, client, archive_dir):
    c = client_as(client, world, ARCHIVIST)
    _start(c, kind="body_year", body=world.rsr.pk, year=world.sealed.date.year)
    job = ArchiveExport.objects.latest("pk")
    assert job.status == ArchiveExport.Status.DONE, job.error
    raw = b"".join(c.get(reverse("archive:download", args=[job.pk])).streaming_content)
    erms = next(v for k, v in _unzip(raw).items() if k.endswith("metadata/descriptive/erms.xml"))
    assert _assert_markers_only_in_restricted(erms) >= 3  # item title, § decision, correction


def test_a_failed_job_records_why(world, client, archive_dir):
    c = client_as(client, world, ARCHIVIST)
    _start(c, kind="body_year", body=world.rsr.pk, year=1990)
    job = ArchiveExport.objects.latest("pk")
    assert job.status == ArchiveExport.Status.FAILED
    assert "inga sammanträden" in job.error
    assert c.get(reverse("archive:download", args=[job.pk])).status_code == 404


def test_form_errors_are_swedish_and_start_nothing(world, client, archive_dir):
    c = client_as(client, world, ARCHIVIST)
    before = ArchiveExport.objects.count()
    response = _start(c, kind="case", case_number="RS/424242/2025")
    assert response.status_code == 200
    assert "finns inte" in response.content.decode()
    assert ArchiveExport.objects.count() == before


def test_navigation_links_the_archive_for_archivists_only(world, client):
    link = reverse("archive:exports")
    assert link in client_as(client, world, ARCHIVIST).get("/").content.decode()
    assert link not in client_as(client.__class__(), world, "member_rsr").get("/").content.decode()
