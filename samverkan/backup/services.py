"""Backup and restore of a whole installation: the database and the files beside it.

A backup is a folder:

    manifest.json        what is in it: format, time, database vendor, the audit log's
                         last hash at the moment of the copy, every file with its SHA-256
    database.sqlite3     SQLite: a copy made with SQLite's online backup API
    database.dump        PostgreSQL: pg_dump's custom format
    files/media/…        the stored files (documents, sealed minutes, logos): MEDIA_ROOT
    files/arkiv/…        the archivist's export packages: SAMVERKAN_ARCHIVE_DIR
    files/signering/…    the self-signed demo signing certificate, when that is the one used

The database copy is consistent while the server writes: SQLite's backup API copies the
pages as of one read transaction (WAL lets writers go on meanwhile); pg_dump reads one
repeatable-read snapshot, exported from our own transaction so that the audit log's last
hash in the manifest is read from the same snapshot. The files are copied after the
database, so every file the copy refers to is there unless it was removed in between
(a disposal running during the backup). The folder is written under a temporary name and
renamed when complete: a folder named like the backup is a whole backup.

Restore checks every checksum first, then replaces the database (SQLite: the backup API
into the live database, one write transaction; PostgreSQL: pg_restore's --clean script
through psql in one transaction, after dropping tables the backup does not have) and
then swaps each file folder for the backup's. It refuses to overwrite a database that
has tables, or a folder that has files, unless forced. Stop the app servers first; after
restoring into newer code, run `samverkan migrate`.

Files in another storage than the local file system (SAMVERKAN_STORAGE_BACKEND) are not
copied: back them up with that storage's own tools."""

import datetime
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from samverkan.audit import chain
from samverkan.documents.pdf import signing_config

FORMAT = "samverkan-backup/1"
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot be done (the message is Swedish)."""


@dataclass
class Manifest:
    vendor: str
    created: str
    database: dict[str, Any]
    audit_chain_head: str
    audit_entries: int
    trees: dict[str, str] = field(default_factory=dict)  # name -> folder it was copied from
    files: list[dict[str, Any]] = field(default_factory=list)  # path, sha256, bytes
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> str:
        return json.dumps({"format": FORMAT, **self.__dict__}, indent=1, ensure_ascii=False)

    @classmethod
    def read(cls, folder: Path) -> "Manifest":
        path = folder / MANIFEST
        if not path.is_file():
            raise BackupError(f"{folder} är ingen säkerhetskopia (manifest.json saknas).")
        data = json.loads(path.read_text())
        if data.pop("format", None) != FORMAT:
            raise BackupError(f"{path} har ett okänt format.")
        return cls(**data)

    @property
    def total_bytes(self) -> int:
        return int(self.database["bytes"]) + sum(int(f["bytes"]) for f in self.files)


def file_trees() -> dict[str, Path]:
    """The folders of files that belong to the installation, by name in the backup."""
    trees: dict[str, Path] = {}
    if isinstance(default_storage, FileSystemStorage):
        trees["media"] = Path(default_storage.location)
    trees["arkiv"] = Path(settings.SAMVERKAN_ARCHIVE_DIR)
    config = signing_config()
    if config.default:
        trees["signering"] = config.cert.parent
    # A folder inside another is already copied with it.
    resolved = {name: path.resolve() for name, path in trees.items()}
    return {
        name: trees[name]
        for name, path in resolved.items()
        if not any(path != other and path.is_relative_to(other) for other in resolved.values())
    }


def _copy(source: Path, target: Path) -> tuple[str, int]:
    """Copy a file, keeping its permissions; its SHA-256 and size."""
    digest, size = hashlib.sha256(), 0
    with source.open("rb") as src, target.open("wb") as dst:
        while block := src.read(CHUNK):
            digest.update(block)
            dst.write(block)
            size += len(block)
    shutil.copymode(source, target)
    return digest.hexdigest(), size


def _sha256(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            yield Path(root) / name


# --- SQLite ---------------------------------------------------------------------------


def sqlite_copy(source: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of a live SQLite database into a new single file (no WAL beside
    it), checked with integrity_check."""
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # all pages in one step: one read transaction on the source
        copy.execute("PRAGMA journal_mode=DELETE")
        result = copy.execute("PRAGMA integrity_check").fetchall()
    finally:
        copy.close()
    if result != [("ok",)]:
        raise BackupError(f"Kopian av databasen är inte hel: {result[:5]}")


def _sqlite_head(path: Path) -> tuple[str, int]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        row = db.execute("SELECT hash FROM audit_auditentry ORDER BY id DESC LIMIT 1").fetchone()
        (count,) = db.execute("SELECT count(*) FROM audit_auditentry").fetchone()
    return (row[0] if row else chain.GENESIS), count


def _sqlite_restore(path: Path, connection: BaseDatabaseWrapper) -> None:
    if connection.in_atomic_block:
        raise BackupError("Återställningen kan inte köras inuti en transaktion.")
    connection.ensure_connection()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as backup:
        if backup.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            raise BackupError("Databasfilen i säkerhetskopian är inte hel.")
        backup.backup(connection.connection)  # one write transaction on the live database


# --- PostgreSQL -----------------------------------------------------------------------


def _pg_env(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """libpq's environment for the tools (the password never on a command line)."""
    s = connection.settings_dict
    env = {**os.environ, "PGDATABASE": str(s["NAME"])}
    for key, var in (("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"), ("HOST", "PGHOST")):
        if s.get(key):
            env[var] = str(s[key])
    if s.get("PORT"):
        env["PGPORT"] = str(s["PORT"])
    options = s.get("OPTIONS", {})
    for key, var in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
        ("options", "PGOPTIONS"),
    ):
        if options.get(key):
            env[var] = str(options[key])
    return env


def _tool(name: str, connection: BaseDatabaseWrapper) -> str:
    """The path of pg_dump/pg_restore/psql, refused when older than the server."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} finns inte. Installera PostgreSQL:s klientprogram (postgresql-client) "
            "i samma huvudversion som servern."
        )
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=True)  # noqa: S603
    found = re.search(r"(\d+)(?:\.\d+)?", out.stdout)
    server = connection.pg_version // 10000  # type: ignore[attr-defined]
    if found is None or int(found.group(1)) < server:
        raise BackupError(
            f"{name} ({out.stdout.strip()}) är äldre än databasservern (PostgreSQL {server})."
        )
    return path


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{what} misslyckades: {done.stderr.strip()[-2000:]}")


def _pg_dump(connection: BaseDatabaseWrapper, target: Path) -> tuple[str, int]:
    pg_dump = _tool("pg_dump", connection)
    if connection.in_atomic_block:
        raise BackupError("Säkerhetskopieringen kan inte köras inuti en transaktion.")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        head, count = chain.chain_head(connection.alias), chain.chain_length(connection.alias)
        _run(
            [pg_dump, "--format=custom", f"--file={target}", f"--snapshot={snapshot}"],
            _pg_env(connection),
            "pg_dump",
        )
    return head, count


TOC_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (\S+) (\S+) ", re.MULTILINE)


def _pg_restore(path: Path, connection: BaseDatabaseWrapper) -> None:
    pg_restore, psql = _tool("pg_restore", connection), _tool("psql", connection)
    env = _pg_env(connection)
    listing = subprocess.run(  # noqa: S603
        [pg_restore, "--list", str(path)], env=env, capture_output=True, text=True, check=False
    )
    if listing.returncode != 0:
        raise BackupError(f"pg_restore kan inte läsa {path}: {listing.stderr.strip()}")
    in_backup = {name for _, name in TOC_TABLE.findall(listing.stdout)}
    q = connection.ops.quote_name
    extra = sorted(set(connection.introspection.table_names()) - in_backup)
    connection.close()  # our own session must hold no locks on what is dropped
    # Tables the backup does not have (made by a later migration) go in the same
    # transaction as the restore: afterwards the database is the backup's, nothing more.
    prelude = "".join(f"DROP TABLE IF EXISTS {q(t)} CASCADE;\n" for t in extra)
    script = subprocess.Popen(  # noqa: S603
        [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-acl", "--file=-", str(path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    load = subprocess.Popen(  # noqa: S603
        [psql, "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1"],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert script.stdout is not None and load.stdin is not None
    try:
        load.stdin.write(prelude.encode())
        shutil.copyfileobj(script.stdout, load.stdin, CHUNK)
    except BrokenPipeError:
        pass  # psql stopped on an error: reported below
    finally:
        load.stdin.close()
    script_err = script.stderr.read().decode() if script.stderr else ""
    load_err = load.stderr.read().decode() if load.stderr else ""
    if script.wait() != 0:
        load.kill()
        load.wait()
        raise BackupError(f"pg_restore misslyckades: {script_err.strip()[-2000:]}")
    if load.wait() != 0:
        raise BackupError(f"Återställningen avbröts och inget ändrades: {load_err.strip()[-2000:]}")


# --- Backup and restore ---------------------------------------------------------------


def backup_make(destination: Path, using: str = DEFAULT_DB_ALIAS) -> Manifest:
    """Write a backup of the database and the files into `destination` (a new folder)."""
    connection = connections[using]
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Databasen {connection.vendor} stöds inte av säkerhetskopieringen.")
    destination = Path(destination)
    if destination.exists():
        raise BackupError(f"{destination} finns redan. Välj en ny mapp för säkerhetskopian.")
    partial = destination.with_name(f".{destination.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(mode=0o700, parents=True)
    try:
        name = DATABASE_FILES[connection.vendor]
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            sqlite_copy(connection.connection, partial / name)
            head, count = _sqlite_head(partial / name)
        else:
            head, count = _pg_dump(connection, partial / name)
        digest, size = _sha256(partial / name)
        manifest = Manifest(
            vendor=connection.vendor,
            created=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            database={"file": name, "sha256": digest, "bytes": size},
            audit_chain_head=head,
            audit_entries=count,
        )
        if not isinstance(default_storage, FileSystemStorage):
            manifest.warnings.append(
                "Filerna ligger i en annan lagring (SAMVERKAN_STORAGE_BACKEND) och är inte "
                "med: säkerhetskopiera dem med lagringens egna verktyg."
            )
        for tree, folder in file_trees().items():
            manifest.trees[tree] = str(folder)
            for path in _walk(folder) if folder.is_dir() else ():
                relative = f"{tree}/{path.relative_to(folder).as_posix()}"
                target = partial / "files" / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    digest, size = _copy(path, target)
                except FileNotFoundError:
                    continue  # removed since the folder was listed
                manifest.files.append({"path": relative, "sha256": digest, "bytes": size})
        (partial / MANIFEST).write_text(manifest.as_json())
        partial.rename(destination)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return manifest


def backup_problems(source: Path) -> list[str]:
    """What in a backup does not match its manifest (Swedish), empty when whole."""
    manifest = Manifest.read(source)
    database = manifest.database
    entries = [(database["file"], source / database["file"], database)]
    entries += [(f["path"], source / "files" / f["path"], f) for f in manifest.files]
    problems = []
    for name, path, expected in entries:
        parts = Path(name).parts
        if (
            Path(name).is_absolute()
            or ".." in parts
            or (expected is not database and parts[0] not in manifest.trees)
        ):
            problems.append(f"{name}: ogiltig sökväg")
        elif not path.is_file():
            problems.append(f"{name}: saknas")
        elif _sha256(path) != (expected["sha256"], expected["bytes"]):
            problems.append(f"{name}: SHA-256 stämmer inte")
    return problems


def _swap(stage: Path, target: Path) -> None:
    """Put the staged folder in the target's place; into it, when the target cannot be
    renamed (a mount point)."""
    old = target.with_name(f".{target.name}.replaced-{os.getpid()}")
    try:
        if target.exists():
            target.rename(old)
        stage.rename(target)
    except OSError:
        target.mkdir(parents=True, exist_ok=True)
        for child in list(target.iterdir()):
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()
        for child in list(stage.iterdir()):
            shutil.move(child, target / child.name)
        stage.rmdir()
    shutil.rmtree(old, ignore_errors=True)


def _has_files(folder: Path) -> bool:
    return folder.is_dir() and any(p.is_file() for p in folder.rglob("*"))


def backup_restore(source: Path, *, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> Manifest:
    """Replace the database and the files with those of the backup in `source`."""
    source = Path(source)
    manifest = Manifest.read(source)
    connection = connections[using]
    if manifest.vendor != connection.vendor:
        raise BackupError(
            f"Säkerhetskopian är från {manifest.vendor} och kan inte återställas till "
            f"{connection.vendor}."
        )
    problems = backup_problems(source)
    if problems:
        raise BackupError("Säkerhetskopian är skadad: " + "; ".join(problems[:20]))
    trees = file_trees()
    for tree in sorted(set(manifest.trees) - set(trees)):
        # e.g. the demo certificate, when this installation has its own configured
        manifest.warnings.append(
            f"Filerna i {tree} återställs inte: installationen har ingen mapp för dem."
        )
        manifest.files = [f for f in manifest.files if not f["path"].startswith(f"{tree}/")]
        del manifest.trees[tree]
    if not force:
        occupied = []
        if connection.introspection.table_names():
            occupied.append(f"databasen {connection.settings_dict['NAME']} har tabeller")
        occupied += [f"{trees[t]} har filer" for t in manifest.trees if _has_files(trees[t])]
        if occupied:
            raise BackupError(
                "Återställningen skulle skriva över befintliga uppgifter ("
                + ", ".join(occupied)
                + "). Kör med --force för att ersätta dem med säkerhetskopian."
            )
    # Files first into folders beside their place (the slow part), then the database,
    # then each folder swapped in.
    staged: dict[str, Path] = {}
    try:
        for tree in manifest.trees:
            target = trees[tree]
            stage = target.with_name(f".{target.name}.restore-{os.getpid()}")
            shutil.rmtree(stage, ignore_errors=True)
            stage.mkdir(parents=True)
            staged[tree] = stage
        for f in manifest.files:
            tree, _, relative = f["path"].partition("/")
            target = staged[tree] / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            _copy(source / "files" / f["path"], target)
        database = source / manifest.database["file"]
        if connection.vendor == "sqlite":
            _sqlite_restore(database, connection)
        else:
            _pg_restore(database, connection)
    except BaseException:
        for stage in staged.values():
            shutil.rmtree(stage, ignore_errors=True)
        raise
    for tree, stage in staged.items():
        _swap(stage, trees[tree])
    if chain.chain_head(using) != manifest.audit_chain_head:
        raise BackupError(
            "Databasen är återställd men ändringsloggens senaste hash stämmer inte med "
            "säkerhetskopians. Kör samverkan verify."
        )
    return manifest
