"""The whole site served through ASGI by uvicorn, in a thread of the test process, on a
free loopback port, against the test database: the ASGI counterpart of pytest-django's
`live_server` (which serves WSGI and cannot hold an event stream open without a thread).

On SQLite the suite's database is in memory and lives in the test thread's connection;
as Django's LiveServerThread does, that connection is shared (`inc_thread_sharing()`) and
set as the connection of every thread that serves a request: the request's own thread
(the handler's pool of threads, where a request's sync code runs) and the event loop's
thread pool (where the stream reads its number). On PostgreSQL every thread has its own
connection to the test database, so tests need `transactional_db`.

Also a small client for server-sent events (http.client, no extra dependency)."""

from __future__ import annotations

import asyncio
import http.client
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from samverkan.handler import OneThreadASGIHandler

START_TIMEOUT = 10.0


def shared_connections() -> dict[str, BaseDatabaseWrapper]:
    """The test thread's connections to in-memory SQLite databases (the only ones another
    thread cannot open by itself)."""
    return {
        conn.alias: conn
        for conn in connections.all()
        if conn.vendor == "sqlite" and conn.is_in_memory_db()  # type: ignore[attr-defined]
    }


def use_connections(overrides: dict[str, BaseDatabaseWrapper]) -> None:
    """In the calling thread, use the given connections (Django's connections are
    thread-local in sync code)."""
    for alias, conn in overrides.items():
        connections[alias] = conn


class SharedConnectionASGIHandler(OneThreadASGIHandler):
    """The site's ASGI handler (as samverkan.asgi serves it), whose requests' sync code
    runs on the test's in-memory database connection."""

    def __init__(self, overrides: dict[str, BaseDatabaseWrapper]) -> None:
        self.overrides = overrides
        # One shared SQLite connection cannot serve two requests at once (several browser
        # contexts post at the same moment: "sqlite3.OperationalError: not an error"): the
        # requests are answered one at a time. A stream's body is sent outside the lock.
        self.serial = threading.Lock() if overrides else None
        super().__init__()

    def respond(self, scope: Any, body_file: Any) -> Any:
        # In the pool thread that runs the request's middleware and sync code.
        if self.serial is None:
            return super().respond(scope, body_file)
        use_connections(self.overrides)
        with self.serial:
            return super().respond(scope, body_file)


class AsgiLiveServer:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = 0
        self.overrides = shared_connections()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.error: BaseException | None = None
        self._pool_connections: list[BaseDatabaseWrapper] = []
        self._thread: threading.Thread | None = None
        self._server: uvicorn.Server | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __str__(self) -> str:
        return self.url

    def __add__(self, other: str) -> str:
        return f"{self}{other}"

    def start(self) -> None:
        for conn in self.overrides.values():
            conn.inc_thread_sharing()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, 0))
        sock.listen(128)
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            SharedConnectionASGIHandler(self.overrides),
            lifespan="off",
            log_level="warning",
            access_log=False,
            ws="none",
            timeout_graceful_shutdown=1,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._run, args=(sock,), name=f"asgi-live-server-{self.port}", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not self._server.started:
            if self.error is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"uvicorn did not start: {self.error!r}")
            time.sleep(0.01)

    def _pool_thread_starts(self) -> None:
        use_connections(self.overrides)
        if not self.overrides:
            # Remember the thread's own connections, to close them when the server stops
            # (PostgreSQL refuses to drop a test database someone is connected to).
            self._pool_connections.extend(connections.all())

    def _run(self, sock: socket.socket) -> None:
        loop = asyncio.new_event_loop()
        self.loop = loop
        asyncio.set_event_loop(loop)
        loop.set_default_executor(
            ThreadPoolExecutor(max_workers=8, initializer=self._pool_thread_starts)
        )
        assert self._server is not None
        try:
            loop.run_until_complete(self._server.serve(sockets=[sock]))
        except BaseException as exc:  # reported to the test thread
            self.error = exc
        finally:
            # Streams still open: cancelled as a client's disconnect would.
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
            loop.close()
            sock.close()

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
            self._server.force_exit = True
        if self._thread is not None:
            self._thread.join(timeout=15)
        for conn in self._pool_connections:
            conn.inc_thread_sharing()
            try:
                conn.close()
            finally:
                conn.dec_thread_sharing()
        for conn in self.overrides.values():
            conn.dec_thread_sharing()
        self.overrides = {}


@dataclass
class Event:
    event: str = "message"
    id: str | None = None
    data: str = ""


@dataclass
class SseClient:
    """Reads a text/event-stream response one event at a time (a comment such as the
    heartbeat's `: ping` is kept in `comments`, `retry:` in `retry`)."""

    host: str
    port: int
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    timeout: float = 5.0
    status: int = 0
    response_headers: dict[str, str] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)
    retry: int | None = None
    raw: list[bytes] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        self._conn.request(
            "GET", self.path, headers={"Accept": "text/event-stream", **self.headers}
        )
        self._response = self._conn.getresponse()
        self.status = self._response.status
        self.response_headers = {k.lower(): v for k, v in self._response.getheaders()}

    def body(self) -> bytes:
        return self._response.read()

    def next_event(self, timeout: float | None = None) -> Event:
        """The next event; socket.timeout (TimeoutError) when none comes within timeout."""
        sock = self._conn.sock
        if sock is not None:
            sock.settimeout(timeout if timeout is not None else self.timeout)
        found = Event()
        has_field = False
        while True:
            line = self._response.readline()
            if not line:
                raise EOFError("the stream ended")
            self.raw.append(line)
            text = line.decode("utf-8").rstrip("\r\n")
            if not text:
                if has_field:
                    return found
                continue
            if text.startswith(":"):
                self.comments.append(text[1:].strip())
                continue
            name, _, value = text.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "retry":
                self.retry = int(value)
                continue
            has_field = True
            if name == "event":
                found.event = value
            elif name == "id":
                found.id = value
            elif name == "data":
                found.data = f"{found.data}\n{value}" if found.data else value

    def events(self) -> Iterator[Event]:
        while True:
            yield self.next_event()

    def close(self) -> None:
        self._conn.close()


def sse(server: AsgiLiveServer, path: str, **kwargs: Any) -> SseClient:
    return SseClient(server.host, server.port, path, **kwargs)
