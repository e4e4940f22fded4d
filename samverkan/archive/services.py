"""Writes for the e-archive export: running an export (command or job) and keeping the
job row. Each package is written whole or not at all (sip.package_write), so a rerun
after an interruption skips what is complete and goes on with the rest."""

import datetime
import functools
import hashlib
import logging
import pathlib
import shutil
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from samverkan.structure.models import Body, Collaboration

from . import selectors
from .models import ArchiveExport
from .package import Package
from .sip import ExportError, Written, clean_leftovers, package_write

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Plan:
    """The packages an export will write, built one at a time (each reads its files)."""

    labels: list[str]
    builders: list[Callable[[], Package]]

    def __len__(self) -> int:
        return len(self.builders)

    def packages(self) -> Iterator[Package]:
        for build in self.builders:
            yield build()


def plan_case(
    number: str,
    created: datetime.datetime | None = None,
    collaboration: Collaboration | None = None,
) -> Plan:
    case = selectors.case_for_number(number, collaboration)
    return Plan([case.case_number], [lambda: selectors.case_package(case, created)])


def plan_body_year(
    name: "str | Body",
    year: int,
    created: datetime.datetime | None = None,
    collaboration: Collaboration | None = None,
) -> Plan:
    body = name if isinstance(name, Body) else selectors.body_for_name(name, collaboration)
    if not selectors.body_year_meetings(body, year).exists():
        raise selectors.NotFound(f"{body.short_name} har inga sammanträden {year}.")
    return Plan(
        [f"{body.short_name} {year}"], [lambda: selectors.body_year_package(body, year, created)]
    )


def plan_closed(
    today: datetime.date,
    created: datetime.datetime | None = None,
    collaboration: Collaboration | None = None,
) -> Plan:
    """Every closed case, and every body-year that is over with all its minutes sealed."""
    labels: list[str] = []
    builders: list[Callable[[], Package]] = []
    for case in selectors.closed_cases(collaboration):
        labels.append(case.case_number)
        builders.append(functools.partial(selectors.case_package, case, created))
    for body, year in selectors.closed_body_years(today, collaboration):
        labels.append(f"{body.short_name} {year}")
        builders.append(functools.partial(selectors.body_year_package, body, year, created))
    if not builders:
        raise selectors.NotFound("Det finns inget avslutat att exportera.")
    return Plan(labels, builders)


def archive_export_write(
    plan: Plan,
    output: pathlib.Path,
    on_package: Callable[[Written], None] | None = None,
) -> list[Written]:
    """Writes every package of the plan under `output`; complete ones are kept."""
    clean_leftovers(output)
    written = []
    for package in plan.packages():
        result = package_write(package, output)
        written.append(result)
        if on_package is not None:
            on_package(result)
    return written


# --- The archivist's jobs -------------------------------------------------------------------


def archive_dir() -> pathlib.Path:
    return pathlib.Path(settings.SAMVERKAN_ARCHIVE_DIR)


def job_folder(job: ArchiveExport) -> pathlib.Path:
    return archive_dir() / f"jobb-{job.pk}"


def job_download(job: ArchiveExport) -> pathlib.Path | None:
    if job.status != ArchiveExport.Status.DONE or not job.result_name:
        return None
    path = job_folder(job) / job.result_name
    return path if path.is_file() else None


@transaction.atomic
def archive_export_request(
    *,
    kind: str,
    by: Any,
    case_number: str = "",
    body: Body | None = None,
    year: int | None = None,
) -> ArchiveExport:
    return ArchiveExport.objects.create(
        kind=kind, case_number=case_number, body=body, year=year, requested_by=by
    )


def _set(job: ArchiveExport, **fields: object) -> None:
    with transaction.atomic():
        for k, v in fields.items():
            setattr(job, k, v)
        job.save(update_fields=list(fields))


def _sha256(path: pathlib.Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def archive_export_run(job: ArchiveExport, today: datetime.date | None = None) -> ArchiveExport:
    """Runs a job: its row says "running" (committed) before the work and "done" with the
    download's size and checksum, or "failed" with the reason, after it."""
    _set(job, status=ArchiveExport.Status.RUNNING, started_at=timezone.now(), error="")
    folder = job_folder(job)
    try:
        if job.kind == ArchiveExport.Kind.CASE:
            plan = plan_case(job.case_number)
        elif job.kind == ArchiveExport.Kind.BODY_YEAR:
            if job.body is None or job.year is None:
                raise selectors.NotFound("Organ och år måste anges.")
            plan = plan_body_year(job.body, job.year)
        else:
            plan = plan_closed(today or timezone.localdate())
        written = archive_export_write(plan, folder / "paket")
        if len(written) == 1:
            result = folder / f"{written[0].name}.zip"
            shutil.copyfile(written[0].zip_path, result)
        else:
            result = folder / f"e-arkiv-jobb-{job.pk}.zip"
            with zipfile.ZipFile(result, "w") as zf:
                for w in written:
                    info = zipfile.ZipInfo(w.zip_path.name, date_time=(1980, 1, 1, 0, 0, 0))
                    info.external_attr = 0o644 << 16
                    zf.writestr(info, w.zip_path.read_bytes())
    except Exception as exc:
        if not isinstance(exc, selectors.NotFound | ExportError | OSError):
            logger.exception("E-arkivexport %s misslyckades", job.pk)
        _set(
            job,
            status=ArchiveExport.Status.FAILED,
            finished_at=timezone.now(),
            error=str(exc),
        )
        return job
    _set(
        job,
        status=ArchiveExport.Status.DONE,
        finished_at=timezone.now(),
        package_count=len(written),
        result_name=result.name,
        result_size=result.stat().st_size,
        result_sha256=_sha256(result),
    )
    return job


def archive_exports_withdraw(document_ids: list[int], note: str) -> int:
    """Disposed documents must not live on in finished export jobs kept here: every
    finished job that may hold case documents loses its package (the folder goes once
    the disposal has committed) and says why. The e-archive's own copies are the
    archive's business. Returns the number of jobs withdrawn."""
    if not document_ids:
        return 0
    jobs = list(
        ArchiveExport.objects.filter(
            status=ArchiveExport.Status.DONE,
            kind__in=[ArchiveExport.Kind.CASE, ArchiveExport.Kind.CLOSED],
        ).exclude(result_name="")
    )
    folders = [job_folder(job) for job in jobs]
    for job in jobs:
        _set(
            job,
            result_name="",
            error=f"Paketet togs bort efter {note}; gör en ny export.",
        )

    def remove() -> None:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)

    transaction.on_commit(remove)
    return len(jobs)
