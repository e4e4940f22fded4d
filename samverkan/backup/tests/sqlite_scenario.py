"""Backup and restore on a SQLite file database, run as its own process by
test_backup_restore.py (the test process's database is in memory). The environment names
the database (DATABASE_URL, a file in WAL mode) and the folders; the first argument is a
scratch folder. Writes what happened as JSON to `report.json` there; the test asserts.

1. Round trip: data and files, an export (dumpdata of every table), `samverkan backup`,
   changes, `samverkan restore` (refused, then --force), the export again, `verify`.
2. Backup while two other threads write, committing all the time.
3. Backup while another thread holds a transaction open with rows not yet committed.
Each backup of 2 and 3 is restored afterwards and verified (the audit log's chain)."""

import hashlib
import io
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import CommandError, call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from samverkan.audit.chain import chain_faults  # noqa: E402
from samverkan.audit.context import acting_as  # noqa: E402
from samverkan.backup.services import backup_make  # noqa: E402


def export() -> str:
    out = io.StringIO()
    call_command("dumpdata", "--all", "--indent=1", stdout=out)
    return out.getvalue()


def files() -> dict[str, str]:
    found = {}
    for root in (Path(settings.MEDIA_ROOT), Path(settings.SAMVERKAN_ARCHIVE_DIR)):
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def verify() -> str:
    try:
        call_command("verify", "--quiet", stdout=io.StringIO())
    except CommandError as exc:
        return str(exc)
    return "ok"


def round_trip(scratch: Path) -> dict[str, Any]:
    with acting_as(None, "test"):
        for name in ("före 1", "före 2", "före 3"):
            Group.objects.create(name=name)
    default_storage.save("handlingar/2026/beslut.pdf", ContentFile(b"%PDF-1.7 beslut"))
    archive = Path(settings.SAMVERKAN_ARCHIVE_DIR) / "paket.zip"
    archive.parent.mkdir(parents=True, exist_ok=True)
    archive.write_bytes(b"PK arkivpaket")
    before, files_before = export(), files()
    call_command("backup", str(scratch / "kopia"), stdout=io.StringIO())

    with acting_as(None, "test"):
        Group.objects.create(name="efter kopian")
        Group.objects.filter(name="före 1").delete()
    default_storage.delete("handlingar/2026/beslut.pdf")
    default_storage.save("handlingar/2026/ny.pdf", ContentFile(b"%PDF-1.7 ny"))
    changed = export() != before
    refused = ""
    try:
        call_command("restore", str(scratch / "kopia"), stdout=io.StringIO())
    except CommandError as exc:
        refused = str(exc)
    unchanged_after_refusal = Group.objects.filter(name="efter kopian").exists()
    call_command("restore", str(scratch / "kopia"), "--force", stdout=io.StringIO())
    return {
        "changed_before_restore": changed,
        "refused_without_force": refused,
        "unchanged_after_refusal": unchanged_after_refusal,
        "export_equal": export() == before,
        "files_equal": files() == files_before,
        "files": len(files_before),
        "verify": verify(),
    }


def _group_names(path: Path) -> list[str]:
    import sqlite3

    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return [n for (n,) in db.execute("SELECT name FROM auth_group ORDER BY id")]


def while_committing(scratch: Path) -> dict[str, Any]:
    """Two writers commit one audited row after another while the backup is taken."""
    committed = {"A": 0, "B": 0}
    started = {w: threading.Event() for w in committed}
    stop = threading.Event()
    errors: list[str] = []

    def writer(w: str) -> None:
        try:
            with acting_as(None, "skrivare"):
                while not stop.is_set():
                    with transaction.atomic():
                        Group.objects.create(name=f"skrivare {w} {committed[w]}")
                    committed[w] += 1
                    if committed[w] == 10:
                        started[w].set()
        except Exception as exc:  # reported
            errors.append(repr(exc))
            started[w].set()
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(w,)) for w in committed]
    for thread in threads:
        thread.start()
    for event in started.values():
        event.wait()
    at_start = dict(committed)
    t0 = time.monotonic()
    backup_make(scratch / "under-skrivning")
    seconds = time.monotonic() - t0
    at_end = dict(committed)
    stop.set()
    for thread in threads:
        thread.join()
    names = _group_names(scratch / "under-skrivning" / "database.sqlite3")
    copied = {w: [n for n in names if n.startswith(f"skrivare {w} ")] for w in committed}
    return {
        "errors": errors,
        "committed_at_start": at_start,
        "committed_at_end": at_end,
        "copied": {w: len(c) for w, c in copied.items()},
        # each writer's rows copied are its first ones, none missing in between
        "prefix": all(c == [f"skrivare {w} {i}" for i in range(len(c))] for w, c in copied.items()),
        "backup_seconds": seconds,
        "live_chain_faults": len(list(chain_faults())),
    }


def while_holding(scratch: Path) -> dict[str, Any]:
    """A writer has written rows in a transaction it has not committed while the backup
    is taken."""
    written, release = threading.Event(), threading.Event()
    errors: list[str] = []

    def writer() -> None:
        try:
            with acting_as(None, "skrivare"), transaction.atomic():
                Group.objects.create(name="ej bekräftad 1")
                Group.objects.create(name="ej bekräftad 2")
                written.set()
                release.wait()
        except Exception as exc:  # reported
            errors.append(repr(exc))
            written.set()
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    written.wait()
    backup_make(scratch / "oppen-transaktion")
    release.set()
    thread.join()
    names = _group_names(scratch / "oppen-transaktion" / "database.sqlite3")
    return {
        "errors": errors,
        "uncommitted_copied": [n for n in names if n.startswith("ej bekräftad")],
        "committed_live": Group.objects.filter(name__startswith="ej bekräftad").count(),
    }


def restored_and_verified(scratch: Path, name: str) -> dict[str, Any]:
    call_command("restore", str(scratch / name), "--force", stdout=io.StringIO())
    return {"verify": verify(), "chain_faults": len(list(chain_faults()))}


def main() -> None:
    scratch = Path(sys.argv[1])
    report = {
        "round_trip": round_trip(scratch),
        "while_committing": while_committing(scratch),
        "while_holding": while_holding(scratch),
    }
    report["restored_committing"] = restored_and_verified(scratch, "under-skrivning")
    report["restored_holding"] = restored_and_verified(scratch, "oppen-transaktion")
    (scratch / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
