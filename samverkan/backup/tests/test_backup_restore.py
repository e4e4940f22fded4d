"""`samverkan backup` and `samverkan restore`: a restored installation exports exactly
what it exported when the backup was taken, its files included, and `verify` passes; a
backup taken while others write is a consistent database whose audit chain holds; restore
refuses to overwrite without --force and refuses a damaged backup.

SQLite: the suite's database is in memory, so the file database runs in a process of its
own (sqlite_scenario.py, one run for the three SQLite tests). PostgreSQL: in this
process, against the test database (pg_dump, then pg_restore through psql)."""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from samverkan.audit.chain import chain_faults, chain_head
from samverkan.audit.context import acting_as
from samverkan.backup import services
from samverkan.backup.services import BackupError, Manifest, backup_make, backup_restore

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="körs i PostgreSQL-omgången"
)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="körs i SQLite-omgången")
# The SQLite tests read what the scenario process did; the marker makes pytest-django set
# up the test database the scenario starts from, even when they run alone.
uses_test_database = pytest.mark.django_db


@pytest.fixture
def folders(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SAMVERKAN_ARCHIVE_DIR = tmp_path / "arkiv"
    return tmp_path


def _export() -> str:
    out = io.StringIO()
    call_command("dumpdata", "--all", "--indent=1", stdout=out)
    return out.getvalue()


def _files(*roots: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root.parent)): p.read_bytes()
        for root in roots
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


# --- SQLite, a file database in its own process -------------------------------------------


@pytest.fixture(scope="module")
def sqlite_report(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any
) -> dict[str, Any]:
    """The scenario run once on a file copy of the (migrated) test database."""
    if connection.vendor != "sqlite":
        pytest.skip("körs i SQLite-omgången")
    scratch = tmp_path_factory.mktemp("sqlite-kopia")
    live = scratch / "live.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        target = sqlite3.connect(live)
        connection.connection.backup(target)
        target.close()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samverkan.settings",
        "DATABASE_URL": f"sqlite:///{live}",
        "SAMVERKAN_VAR_DIR": str(scratch / "var"),
        "SAMVERKAN_MEDIA_ROOT": str(scratch / "media"),
        "SAMVERKAN_ARCHIVE_DIR": str(scratch / "arkiv"),
        "SAMVERKAN_SIGNING_CERT": str(settings.SAMVERKAN_SIGNING_CERT),
        "SAMVERKAN_SIGNING_KEY": str(settings.SAMVERKAN_SIGNING_KEY),
    }
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "samverkan.backup.tests.sqlite_scenario", str(scratch)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    report: dict[str, Any] = json.loads((scratch / "report.json").read_text())
    report["scratch"] = str(scratch)
    return report


@sqlite_only
@uses_test_database
def test_sqlite_round_trip_restores_an_identical_export_and_files_and_verify_passes(
    sqlite_report,
):
    r = sqlite_report["round_trip"]
    assert r["changed_before_restore"]  # the restore had something to undo
    assert r["export_equal"]
    assert r["files_equal"] and r["files"] == 2
    assert r["verify"] == "ok"


@sqlite_only
@uses_test_database
def test_sqlite_restore_refuses_to_overwrite_without_force(sqlite_report):
    r = sqlite_report["round_trip"]
    assert "--force" in r["refused_without_force"]
    assert "har tabeller" in r["refused_without_force"]
    assert r["unchanged_after_refusal"]


@sqlite_only
@uses_test_database
def test_sqlite_backup_while_others_write_is_consistent_and_its_chain_holds(sqlite_report):
    committing = sqlite_report["while_committing"]
    assert committing["errors"] == []
    # Everything committed before the backup began is in it, in order, nothing missing.
    for w in ("A", "B"):
        assert committing["committed_at_start"][w] <= committing["copied"][w]
        assert committing["copied"][w] <= committing["committed_at_end"][w]
    assert committing["prefix"]
    assert committing["live_chain_faults"] == 0  # two writers, one chain
    holding = sqlite_report["while_holding"]
    assert holding["errors"] == []
    assert holding["uncommitted_copied"] == []  # no half of a transaction
    assert holding["committed_live"] == 2
    for name in ("under-skrivning", "oppen-transaktion"):
        path = Path(sqlite_report["scratch"]) / name / "database.sqlite3"
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    for restored in ("restored_committing", "restored_holding"):
        assert sqlite_report[restored] == {"verify": "ok", "chain_faults": 0}


# --- PostgreSQL, in this process --------------------------------------------------------------


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_postgresql_round_trip_restores_an_identical_export_and_files_and_verify_passes(
    folders,
):
    with acting_as(None, "test"):
        for name in ("före 1", "före 2"):
            Group.objects.create(name=name)
    default_storage.save("handlingar/2026/beslut.pdf", ContentFile(b"%PDF-1.7 beslut"))
    (folders / "arkiv").mkdir()
    (folders / "arkiv" / "paket.zip").write_bytes(b"PK")
    before, files_before = _export(), _files(folders / "media", folders / "arkiv")
    head = chain_head()
    call_command("backup", str(folders / "kopia"), stdout=io.StringIO())

    with acting_as(None, "test"):
        Group.objects.create(name="efter kopian")
    default_storage.delete("handlingar/2026/beslut.pdf")
    with connection.cursor() as cursor:  # a table a later migration made
        cursor.execute("CREATE TABLE senare_tabell (id integer REFERENCES auth_group(id))")
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(folders / "kopia"), stdout=io.StringIO())
    assert Group.objects.filter(name="efter kopian").exists()

    call_command("restore", str(folders / "kopia"), "--force", stdout=io.StringIO())
    assert _export() == before
    assert _files(folders / "media", folders / "arkiv") == files_before
    assert "senare_tabell" not in connection.introspection.table_names()
    assert chain_head() == head
    call_command("verify", "--quiet", stdout=io.StringIO())


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_while_others_write_holds_no_half_transaction(folders):
    """pg_dump's snapshot: rows another transaction has written but not committed when
    the backup starts are not in it; the restored chain holds."""
    written, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            with acting_as(None, "skrivare"), transaction.atomic():
                Group.objects.create(name="ej bekräftad 1")
                Group.objects.create(name="ej bekräftad 2")
                written.set()
                release.wait()
        except BaseException as exc:  # reported below
            errors.append(exc)
            written.set()
        finally:
            connection.close()

    with acting_as(None, "test"):
        Group.objects.create(name="bekräftad")
    thread = threading.Thread(target=writer)
    thread.start()
    written.wait()
    try:
        manifest = backup_make(folders / "kopia")
    finally:
        release.set()
        thread.join()
    assert errors == []
    assert Group.objects.filter(name__startswith="ej bekräftad").count() == 2
    backup_restore(folders / "kopia", force=True)
    assert list(
        Group.objects.filter(name__contains="bekräftad").values_list("name", flat=True)
    ) == ["bekräftad"]
    assert chain_head() == manifest.audit_chain_head
    assert list(chain_faults()) == []


# --- Either database ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_damaged_backup_is_refused_naming_the_file(folders):
    source = folders / "kopia"
    (source / "files" / "media").mkdir(parents=True)
    (source / "database.sqlite3").write_bytes(b"databas")
    (source / "files" / "media" / "a.pdf").write_bytes(b"%PDF-1.7 a")
    manifest = Manifest(
        vendor=connection.vendor,
        created="2026-11-26T12:00:00+00:00",
        database={"file": "database.sqlite3", "sha256": _sha256(b"databas"), "bytes": 7},
        audit_chain_head=chain_head(),
        audit_entries=0,
        trees={"media": str(folders / "media")},
        files=[{"path": "media/a.pdf", "sha256": _sha256(b"%PDF-1.7 a"), "bytes": 10}],
    )
    (source / "manifest.json").write_text(manifest.as_json())
    (source / "files" / "media" / "a.pdf").write_bytes(b"%PDF-1.7 b")
    with pytest.raises(CommandError, match=r"skadad: media/a\.pdf: SHA-256 stämmer inte"):
        call_command("restore", str(source), "--force", stdout=io.StringIO())
    (source / "database.sqlite3").unlink()
    with pytest.raises(BackupError, match=r"database\.sqlite3: saknas"):
        backup_restore(source, force=True)
    assert not (folders / "media").exists()


@pytest.mark.django_db
def test_a_backup_never_overwrites_and_leaves_nothing_when_it_fails(folders, monkeypatch):
    (folders / "kopia").mkdir()
    with pytest.raises(CommandError, match="finns redan"):
        call_command("backup", str(folders / "kopia"), stdout=io.StringIO())

    def broken(*args: Any) -> None:
        raise BackupError("Disken är full.")

    monkeypatch.setattr(services, "sqlite_copy", broken)
    monkeypatch.setattr(services, "_pg_dump", broken)
    with pytest.raises(CommandError, match="Disken är full"):
        call_command("backup", str(folders / "ny"), stdout=io.StringIO())
    assert sorted(p.name for p in folders.iterdir()) == ["kopia"]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
