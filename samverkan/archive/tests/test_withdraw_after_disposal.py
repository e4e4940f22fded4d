"""A confirmed disposal takes the disposed documents out of the finished export jobs kept
on the server: their packages go, and the job says why."""

import pytest

from samverkan.archive import services
from samverkan.archive.models import ArchiveExport
from samverkan.documents.events import documents_disposed


@pytest.mark.django_db
def test_disposal_withdraws_finished_case_packages(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.SAMVERKAN_ARCHIVE_DIR = tmp_path
    case_job = ArchiveExport.objects.create(
        kind=ArchiveExport.Kind.CASE,
        case_number="RS/1/2025",
        status=ArchiveExport.Status.DONE,
        result_name="paket.zip",
    )
    meetings_job = ArchiveExport.objects.create(
        kind=ArchiveExport.Kind.BODY_YEAR,
        year=2025,
        status=ArchiveExport.Status.DONE,
        result_name="organ.zip",
    )
    for job in (case_job, meetings_job):
        folder = services.job_folder(job)
        folder.mkdir(parents=True)
        (folder / job.result_name).write_bytes(b"PK")
    assert services.job_download(case_job) is not None

    with django_capture_on_commit_callbacks(execute=True):
        documents_disposed.send(sender=None, document_ids=[7], note="gallringskörning 3")

    case_job.refresh_from_db()
    assert services.job_download(case_job) is None
    assert "gallringskörning 3" in case_job.error
    assert not services.job_folder(case_job).exists()
    # A body-year package holds meeting records, not case documents: it stays.
    meetings_job.refresh_from_db()
    assert services.job_download(meetings_job) is not None
