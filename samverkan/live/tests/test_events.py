"""The live meeting's event stream: every screen hears the meeting's new number within a
second of the commit, through the in-memory layer and through Redis (also from another
app server), never a number that was rolled back and never anything but the number; only
those who may follow the meeting get the stream."""

from __future__ import annotations

import datetime
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.live.events import live_changed, live_group, live_version
from samverkan.live.models import LiveMeeting
from samverkan.meetings import services as meetings
from samverkan.structure.models import Membership
from samverkan.structure.tests import factories as f

from .asgi_server import AsgiLiveServer, Event, SseClient, sse

REDIS_URL = os.environ.get("SAMVERKAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
SECOND = 1.0


# --- The world: a body's meeting today, its secretary and someone from outside ---------


class Room:
    def __init__(self) -> None:
        f.home_collaboration()
        body = f.body()
        self.secretary = user_create(
            username="sekr", password="x-Lösen-123", roles=[Role.SECRETARY]
        )
        person = f.person(user=self.secretary)
        f.membership(
            person=person,
            body=body,
            role=Membership.Role.SECRETARY,
            start=datetime.date(2024, 1, 1),
        )
        self.outsider = user_create(username="utomstaende", password="x-Lösen-123", roles=[])
        self.meeting = meetings.meeting_create(
            body=body, date=timezone.localdate(), start_time=datetime.time(13, 0)
        )
        self.path = reverse("live:events", args=[self.meeting.pk])

    def cookie(self, user: Any) -> dict[str, str]:
        client = Client()
        client.force_login(user)
        name = django_settings.SESSION_COOKIE_NAME
        return {"Cookie": f"{name}={client.cookies[name].value}"}


def change(meeting_id: int) -> None:
    """A change committed in the test thread's own connection."""
    with transaction.atomic():
        live_changed(meeting_id)


def version_of(event: Event) -> int:
    assert event.event == "changed"
    data = json.loads(event.data)
    assert data == {"version": data["version"]}, f"more than the number: {event.data!r}"
    assert event.id == str(data["version"])
    return int(data["version"])


def redis_or_skip() -> str:
    """Redis at SAMVERKAN_TEST_REDIS_URL; in CI its absence fails the test."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception as exc:  # any failure to reach it
        message = f"Redis på {REDIS_URL} går inte att nå ({exc})"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI prövar Redis-lagret och kräver det")
        pytest.skip(message)
    return REDIS_URL


def redis_layer(url: str, prefix: str) -> dict[str, Any]:
    return {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [url], "prefix": prefix},
        }
    }


def unique_prefix() -> str:
    """Tests on several xdist workers, SQLite and PostgreSQL at once share one Redis."""
    return f"samverkan-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture(params=["memory", "redis"])
def layer(request: Any, settings: Any) -> str:
    if request.param == "redis":
        settings.CHANNEL_LAYERS = redis_layer(redis_or_skip(), unique_prefix())
    return str(request.param)


@pytest.fixture
def room(transactional_db: None) -> Room:
    return Room()


# --- The stream ------------------------------------------------------------------------


def test_stream_gives_the_current_number_at_once_and_each_commit_within_a_second(
    layer: str, room: Room, asgi_live_server: AsgiLiveServer
) -> None:
    change(room.meeting.pk)
    client = sse(asgi_live_server, room.path, headers=room.cookie(room.secretary))
    try:
        assert client.status == 200
        assert client.response_headers["content-type"].startswith("text/event-stream")
        assert client.response_headers["cache-control"] == "no-store"
        assert client.response_headers["x-accel-buffering"] == "no"
        assert version_of(client.next_event(timeout=SECOND)) == 1
        assert client.retry == 1000
        for expected in (2, 3, 4):
            started = time.monotonic()
            change(room.meeting.pk)
            assert version_of(client.next_event(timeout=SECOND)) == expected
            assert time.monotonic() - started < SECOND
    finally:
        client.close()
    # Nothing but the fields of the events (and the heartbeat's comment) went out.
    for line in b"".join(client.raw).decode().splitlines():
        assert line == "" or line.split(":", 1)[0] in {"retry", "event", "id", "data", ""}


def test_a_rolled_back_change_is_not_counted_nor_announced(room: Room) -> None:
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(live_group(room.meeting.pk), channel)
    with pytest.raises(RuntimeError), transaction.atomic():
        live_changed(room.meeting.pk)
        raise RuntimeError("tjänsten avbröts")
    assert live_version(room.meeting.pk) == 0
    # The in-memory layer's send is done when the commit returns: nothing queued.
    queue = layer.channels.get(channel)
    assert queue is None or queue.empty()
    change(room.meeting.pk)
    assert async_to_sync(layer.receive)(channel) == {
        "type": "live.changed",
        "version": 1,
        "public": 1,
    }


def test_live_changed_belongs_in_a_transaction(room: Room) -> None:
    with pytest.raises(RuntimeError):
        live_changed(room.meeting.pk)


def test_the_stream_after_a_rolled_back_change_goes_on_with_the_committed_number(
    layer: str, room: Room, asgi_live_server: AsgiLiveServer
) -> None:
    client = sse(asgi_live_server, room.path, headers=room.cookie(room.secretary))
    try:
        assert version_of(client.next_event(timeout=SECOND)) == 0
        with pytest.raises(RuntimeError), transaction.atomic():
            for _ in range(3):
                live_changed(room.meeting.pk)
            raise RuntimeError("tjänsten avbröts")
        change(room.meeting.pk)
        # A rolled-back announcement would have come first, and carried 2, 3 or 4.
        assert version_of(client.next_event(timeout=SECOND)) == 1
    finally:
        client.close()


def test_reconnecting_with_last_event_id_gives_the_newer_number_at_once(
    layer: str, room: Room, asgi_live_server: AsgiLiveServer
) -> None:
    headers = room.cookie(room.secretary)
    first = sse(asgi_live_server, room.path, headers=headers)
    assert version_of(first.next_event(timeout=SECOND)) == 0
    first.close()
    change(room.meeting.pk)  # while the screen is away
    change(room.meeting.pk)
    again = sse(asgi_live_server, room.path, headers={**headers, "Last-Event-ID": "0"})
    try:
        assert version_of(again.next_event(timeout=SECOND)) == 2
    finally:
        again.close()


# --- Who gets the stream -----------------------------------------------------------------


def test_only_those_who_may_follow_get_the_stream(
    room: Room, asgi_live_server: AsgiLiveServer
) -> None:
    for headers in ({}, room.cookie(room.outsider)):
        refused = sse(asgi_live_server, room.path, headers=headers)
        assert refused.status == 404
        assert b"version" not in refused.body()
        refused.close()
    unknown = sse(asgi_live_server, reverse("live:events", args=[room.meeting.pk + 999]))
    assert unknown.status == 404
    unknown.close()


def test_the_public_gets_the_stream_only_of_a_meeting_open_to_the_public(
    room: Room, asgi_live_server: AsgiLiveServer
) -> None:
    live = LiveMeeting.objects.create(meeting=room.meeting, open_to_public=False)
    closed = sse(asgi_live_server, room.path)
    assert closed.status == 404
    closed.close()
    live.open_to_public = True
    live.save()
    public = sse(asgi_live_server, room.path)
    try:
        assert public.status == 200
        assert version_of(public.next_event(timeout=SECOND)) == 0
    finally:
        public.close()


def test_through_wsgi_the_view_answers_the_number_once_and_ends(room: Room) -> None:
    """Django's test client (and a WSGI server) must not be held by a waiting stream."""
    change(room.meeting.pk)
    client = Client()
    client.force_login(room.secretary)
    response = client.get(room.path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/event-stream")
    assert response.content.decode() == (
        'retry: 1000\n\nevent: changed\nid: 1\ndata: {"version": 1}\n\n'
    )
    assert Client().get(room.path).status_code == 404


# --- Two app servers on one Redis ---------------------------------------------------------


def _database_for_subprocess(tmp_path: Path) -> str:
    """The test database as another process can open it: the in-memory SQLite database
    copied to a file, or the PostgreSQL test database by name."""
    if connection.vendor == "sqlite":
        target = tmp_path / "db.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return f"sqlite:///{target}"
    s = connection.settings_dict
    user = s.get("USER") or "postgres"
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{s['NAME']}"


class AppServer:
    """`python -m uvicorn <app>` in its own process, on a socket this process bound."""

    def __init__(self, app: str, env: dict[str, str], log: Path) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.log = log.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [
                *(sys.executable, "-m", "uvicorn", app, "--fd", str(self.sock.fileno())),
                *("--log-level", "warning", "--no-access-log"),
            ],
            env=env,
            pass_fds=[self.sock.fileno()],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._wait_ready(log)

    def _wait_ready(self, log: Path) -> None:
        import http.client

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                conn.getresponse().read()
                conn.close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"app server did not start: {log.read_text()[-2000:]}")

    def get(self, path: str) -> int:
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        conn.request("GET", path)
        status = conn.getresponse().status
        conn.close()
        return status

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.sock.close()
        self.log.close()


@pytest.fixture
def two_servers(
    request: Any, room: Room, tmp_path: Path
) -> Iterator[tuple[AppServer, AppServer, Room]]:
    """Server A (the site plus a test address that commits a change) and server B (the
    site as it is), each its own process, on the same database and, with Redis, the same
    channel prefix."""
    LiveMeeting.objects.create(meeting=room.meeting, open_to_public=True)
    env = {
        **os.environ,
        "DATABASE_URL": _database_for_subprocess(tmp_path),
        "SAMVERKAN_VAR_DIR": str(tmp_path / "var"),
        "SAMVERKAN_SECRET_KEY": "test-" + uuid.uuid4().hex,
        "SAMVERKAN_CHANNEL_PREFIX": unique_prefix(),
    }
    env.pop("SAMVERKAN_REDIS_URL", None)
    if request.param == "redis":
        env["SAMVERKAN_REDIS_URL"] = redis_or_skip()
    a = AppServer("samverkan.live.tests.server_app:application", env, tmp_path / "a.log")
    try:
        b = AppServer("samverkan.asgi:application", env, tmp_path / "b.log")
    except BaseException:
        a.stop()
        raise
    try:
        yield a, b, room
    finally:
        a.stop()
        b.stop()


@pytest.mark.parametrize("two_servers", ["redis"], indirect=True)
def test_a_change_through_one_app_server_reaches_a_screen_on_another_through_redis(
    two_servers: tuple[AppServer, AppServer, Room],
) -> None:
    a, b, room = two_servers
    client = SseClient("127.0.0.1", b.port, room.path)
    try:
        assert version_of(client.next_event(timeout=5 * SECOND)) == 0
        for expected in (1, 2):
            started = time.monotonic()
            assert a.get(f"/__test__/live-changed/{room.meeting.pk}") == 204
            assert version_of(client.next_event(timeout=SECOND)) == expected
            assert time.monotonic() - started < SECOND
    finally:
        client.close()


@pytest.mark.parametrize("two_servers", ["memory"], indirect=True)
def test_without_redis_a_change_on_one_app_server_does_not_reach_another(
    two_servers: tuple[AppServer, AppServer, Room],
) -> None:
    """The control: the setup above can fail. Each process's in-memory layer is its own;
    B would find the change only at its next heartbeat (15 s)."""
    a, b, room = two_servers
    client = SseClient("127.0.0.1", b.port, room.path)
    try:
        assert version_of(client.next_event(timeout=5 * SECOND)) == 0
        assert a.get(f"/__test__/live-changed/{room.meeting.pk}") == 204
        with pytest.raises(TimeoutError):
            client.next_event(timeout=1.5 * SECOND)
    finally:
        client.close()
