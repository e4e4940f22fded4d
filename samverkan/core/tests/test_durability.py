"""Durability: the real server (gunicorn with uvicorn workers, as `make run` serves it)
is killed with SIGKILL while eight clients plan meetings through the REST API. Every
meeting it acknowledged (201 with its id) must be in the database afterwards, each
meeting whole (its standard items and its audit entry, written in the same
transaction), the database consistent, `samverkan verify` must pass (the audit log's
hash chain included), and the server started again on the same database must serve
and write.

It runs on the database of the test run: a file copy of the migrated test database on
SQLite (CI's first run), a scratch database made from it as a template on PostgreSQL
(the second run), dropped at the end."""

from __future__ import annotations

import datetime
import gc
import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection

from samverkan.accounts.models import User
from samverkan.api.services import token_create
from samverkan.structure.tests import factories as f

# Transactional: the test database is copied from outside any transaction (on
# PostgreSQL this process's connection must be closed to use it as a template).
pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 8
# The server is killed once this many writes are acknowledged, the writers still going.
KILL_AFTER = 24
WRITES_PER_WRITER = 200  # a bound; the kill comes long before
START_TIMEOUT = 60.0
BIN = Path(sys.executable).parent

# Every meeting whole: the meeting, its three standard items and its audit entry are
# written in one transaction (meetings.meeting_create under the audit signals).
PARTIAL_MEETINGS = """
SELECT m.id FROM meetings_meeting m
WHERE (SELECT COUNT(*) FROM meetings_agendaitem a WHERE a.meeting_id = m.id) <> 3
   OR NOT EXISTS (
       SELECT 1 FROM audit_auditentry e
       JOIN django_content_type ct ON ct.id = e.content_type_id
       WHERE ct.app_label = 'meetings' AND ct.model = 'meeting'
         AND e.action = 'create' AND e.object_id = CAST(m.id AS TEXT))
"""
ORPHAN_ITEMS = """
SELECT a.id FROM meetings_agendaitem a
LEFT JOIN meetings_meeting m ON m.id = a.meeting_id WHERE m.id IS NULL
"""


@dataclass
class Database:
    vendor: str
    url: str
    query: Callable[[str], list[tuple[Any, ...]]]
    token: str  # an administrator's API token
    bodies: list[int]  # one body for each writer


@dataclass
class Writes:
    """What the clients were told: the ids acknowledged, and any answer that was
    neither a 201 nor a broken connection."""

    acked: list[int] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    enough: threading.Event = field(default_factory=threading.Event)


def _sqlite_query(path: Path) -> Callable[[str], list[tuple[Any, ...]]]:
    def query(sql: str) -> list[tuple[Any, ...]]:
        db = sqlite3.connect(path)
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()

    return query


def _pg_dsn(settings: dict[str, Any], name: str) -> str:
    user = quote(settings["USER"] or "", safe="")
    password = quote(settings["PASSWORD"] or "", safe="")
    auth = f"{user}:{password}@" if password else f"{user}@"
    return f"postgres://{auth}{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"


def _release_template(admin: Any, template: str) -> None:
    """Closes this process's other connections to the test database, so it can serve as
    a template.

    The test database belongs to this test process alone (one per xdist worker), but an
    earlier test may have left a connection open in another thread (a live server's, an
    ASGI worker thread's), and `connection.close()` closes only this thread's. Each such
    connection is closed through its own Django wrapper, which opens a new one when its
    thread next needs it (ending the session from the server instead broke the next
    test that thread served)."""
    from django.db.backends.base.base import BaseDatabaseWrapper

    gc.collect()
    for wrapper in gc.get_objects():
        if (
            isinstance(wrapper, BaseDatabaseWrapper)
            and wrapper.connection is not None
            and wrapper.settings_dict.get("NAME") == template
        ):
            wrapper.inc_thread_sharing()
            try:
                wrapper.close()
            finally:
                wrapper.dec_thread_sharing()
    # A closed session's backend may take a moment to go: CREATE DATABASE waits for it.


def _seed() -> tuple[str, list[int]]:
    f.home_collaboration()
    admin = User.objects.create_superuser("hallbarhet", password=None)
    bodies = [f.body(slug=f"hallbar-{i}", short_name=f"H{i}").pk for i in range(WRITERS)]
    _, token = token_create(name="Hållbarhetstest", user=admin, party=None, by=admin)
    return token, bodies


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """A copy of the test database, of the run's vendor, with a body for each writer and
    an administrator's token, for a server in another process. (The test database itself
    is emptied after the test, as after any transactional test.)"""
    token, bodies = _seed()
    if connection.vendor == "sqlite":
        path = tmp_path / "samverkan.sqlite3"
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        yield Database("sqlite", f"sqlite:///{path}", _sqlite_query(path), token, bodies)
        return
    import psycopg
    from psycopg import sql

    settings = connection.settings_dict
    template = settings["NAME"]
    scratch = f"{template}_durability"[:63]
    # A template may have no other session: this process's own goes first.
    connection.close()
    admin = psycopg.connect(_pg_dsn(settings, "postgres"), autocommit=True)
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch))
    admin.execute(drop)
    _release_template(admin, template)
    admin.execute(
        sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(scratch), sql.Identifier(template)
        )
    )

    def query(text: str) -> list[tuple[Any, ...]]:
        with psycopg.connect(_pg_dsn(settings, scratch)) as db:
            return db.execute(text.encode()).fetchall()

    try:
        yield Database("postgresql", _pg_dsn(settings, scratch), query, token, bodies)
    finally:
        admin.execute(drop)
        admin.close()


def _environment(database: Database, tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "SAMVERKAN_SECRET_KEY": "hallbarhetstest",
        "SAMVERKAN_VAR_DIR": str(tmp_path / "var"),
        "SAMVERKAN_API_RATE": "1000000",
        "SAMVERKAN_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "samverkan.settings",
        # With the pool of connections, as `make run` serves (the suite's own is off).
        "SAMVERKAN_DB_POOL": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the test session's, not the server's
    return env


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


def _serve(env: dict[str, str], log: Path) -> Server:
    """gunicorn with two uvicorn workers, as `make run` starts it (two workers: the
    writes meet in the database, not in one process), in a process group of its own.
    It is handed a socket already listening, so a client can connect at once and its
    first request is answered when a worker is ready."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    with log.open("ab") as out:
        process = subprocess.Popen(  # noqa: S603
            [
                str(BIN / "gunicorn"),
                "samverkan.asgi:application",
                "-k",
                "uvicorn_worker.UvicornWorker",
                "--bind",
                f"fd://{listener.fileno()}",
                "--workers",
                "2",
                # Django is imported once, before the workers fork (a start in half the
                # time on CI's two cores).
                "--preload",
            ],
            env=env,
            pass_fds=[listener.fileno()],
            start_new_session=True,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    listener.close()  # the server's alone: killed, its clients are refused, not queued
    return Server(process, port, log)


def _request(
    server: Server, method: str, path: str, token: str, body: object = None, timeout: float = 15
) -> tuple[int, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        conn.request(
            method,
            path,
            json.dumps(body) if body is not None else None,
            {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        conn.close()


def _wait_ready(server: Server, token: str) -> None:
    """The first answer from the server. The socket listens from the start, so each
    attempt waits for a worker instead of spinning; the loop only bounds the attempts
    should the server die starting."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            status, _ = _request(
                server, "GET", "/api/v1/bodies/", token, timeout=deadline - time.monotonic()
            )
        except (OSError, http.client.HTTPException):
            if server.process.poll() is not None:
                pytest.fail(f"Servern startade inte:\n{server.output()}")
            continue
        assert status == 200, server.output()
        return
    pytest.fail(f"Servern svarade inte inom {START_TIMEOUT:.0f} s:\n{server.output()}")


def _writer(server: Server, token: str, body: int, writes: Writes) -> None:
    """Plan meetings for one body, a day apart, over one keep-alive connection, until
    the server is gone."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    try:
        _write_meetings(conn, token, body, writes)
    finally:
        conn.close()


def _write_meetings(
    conn: http.client.HTTPConnection, token: str, body: int, writes: Writes
) -> None:
    first = datetime.date(2027, 1, 1)
    for day in range(WRITES_PER_WRITER):
        payload = {
            "body": body,
            "date": (first + datetime.timedelta(days=day)).isoformat(),
            "start_time": "13:00",
            "place": "Hållbarhetssalen",
        }
        try:
            conn.request(
                "POST",
                "/api/v1/meetings/",
                json.dumps(payload),
                {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            )
            response = conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            return  # killed: this write was never acknowledged
        if response.status != 201:
            with writes.lock:
                writes.unexpected.append(f"{response.status} {data[:300]!r}")
            return
        with writes.lock:
            writes.acked.append(json.loads(data)["id"])
            if len(writes.acked) >= KILL_AFTER:
                writes.enough.set()


def _gone(group: int) -> bool:
    """No process of the group runs any more (an exited one waiting to be reaped holds
    no file, lock or socket)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            return False
    return True


def _kill(server: Server) -> None:
    os.killpg(server.process.pid, signal.SIGKILL)
    server.process.wait(timeout=10)
    deadline = time.monotonic() + 10
    while not _gone(server.process.pid):
        assert time.monotonic() < deadline, "gunicorns arbetare lever efter SIGKILL"
        time.sleep(0.01)  # polling for the workers' end, bounded by the deadline


def _stop(server: Server) -> None:
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            _kill(server)


def _verify(env: dict[str, str]) -> str:
    verified = subprocess.run(  # noqa: S603
        [str(BIN / "samverkan"), "verify", "--quiet"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert verified.returncode == 0, verified.stdout[-3000:] + verified.stderr[-3000:]
    return verified.stdout


def _assert_consistent(database: Database) -> None:
    assert database.query(PARTIAL_MEETINGS) == []
    assert database.query(ORPHAN_ITEMS) == []
    if database.vendor == "sqlite":
        assert database.query("PRAGMA integrity_check") == [("ok",)]
        assert database.query("PRAGMA foreign_key_check") == []
    else:
        # The id sequence is ahead of every id written (the restart's write needs it).
        assert database.query(
            "SELECT last_value >= (SELECT MAX(id) FROM meetings_meeting) "
            "FROM meetings_meeting_id_seq"
        ) == [(True,)]


def test_every_acknowledged_write_survives_sigkill_and_the_server_starts_again(
    database: Database, tmp_path: Path
) -> None:
    started = time.monotonic()
    env = _environment(database, tmp_path)
    token, bodies = database.token, database.bodies

    server = _serve(env, tmp_path / "server.log")
    writes = Writes()
    threads = [
        threading.Thread(target=_writer, args=(server, token, body, writes)) for body in bodies
    ]
    try:
        _wait_ready(server, token)
        ready = time.monotonic()
        for thread in threads:
            thread.start()
        assert writes.enough.wait(timeout=60), (writes.unexpected, server.output())
        _kill(server)
        killed = time.monotonic()
        for thread in threads:
            thread.join(timeout=30)
        assert not any(t.is_alive() for t in threads)
    finally:
        _stop(server)

    assert not writes.unexpected, writes.unexpected
    acked = set(writes.acked)
    found = {row[0] for row in database.query("SELECT id FROM meetings_meeting")}
    assert acked <= found, f"bekräftade men borta: {sorted(acked - found)}"
    _assert_consistent(database)

    # Started again on the same database. `samverkan verify` (the audit log's hash chain,
    # sealed minutes) runs while it starts: nothing has reached it yet.
    again = _serve(env, tmp_path / "server-again.log")
    try:
        report = _verify(env)
        _wait_ready(again, token)
        status, before = _request(again, "GET", f"/api/v1/meetings/{min(acked)}/", token)
        assert status == 200 and before["id"] == min(acked)
        status, made = _request(
            again,
            "POST",
            "/api/v1/meetings/",
            token,
            {"body": bodies[0], "date": "2030-06-03", "start_time": "09:00"},
        )
        assert status == 201, made
        status, read = _request(again, "GET", f"/api/v1/meetings/{made['id']}/", token)
        assert status == 200 and read["date"] == "2030-06-03"
    finally:
        _stop(again)
    print(
        f"\n{database.vendor}: {len(acked)} skrivningar bekräftade före SIGKILL, "
        f"{len(found & acked)} av dem funna, {len(found - acked)} till sparade men "
        f"obekräftade; igång efter {ready - started:.1f} s, dödad efter "
        f"{killed - ready:.1f} s skrivningar, allt {time.monotonic() - started:.1f} s\n{report}"
    )
