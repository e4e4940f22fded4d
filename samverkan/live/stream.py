"""The live meeting's event stream (server-sent events): tells a screen the meeting's
number (events.live_version) whenever it grows, and nothing else. A listener outside the
room (the public web-cast) hears only the number of the changes the web-cast shows.

The view is async and waits on the channel layer without holding a worker: under ASGI
(`make run`: gunicorn with uvicorn workers) thousands of screens can wait on one process.
Served through WSGI (Django's test client, a WSGI server) it answers the current number
once and ends, since a WSGI worker must not be held by a client that waits; EventSource
then asks again after `retry` and the screen still follows, a second late at most.

The stream ends after MAX_SECONDS (the browser reconnects at once); a comment every
HEARTBEAT_SECONDS keeps proxies from closing it, and at each heartbeat the number is read
again from the database, so a message the channel layer lost is repaired within one.

Database connections: the request's own connection (used by the middleware and the access
check) is closed when the stream starts, and the stream reads its number on the event
loop's shared thread pool, whose threads keep theirs; so a process holds as many
connections as that pool has threads, not one per open screen."""

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.core.handlers.asgi import ASGIRequest
from django.db import DatabaseError, connection, connections
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse

from samverkan.access import policy
from samverkan.meetings.models import Meeting

from .events import live_group, live_version
from .models import LiveMeeting

HEARTBEAT_SECONDS = 15.0
MAX_SECONDS = 30 * 60.0
RETRY_MS = 1000

HEADERS = {
    "Cache-Control": "no-store",
    # nginx and similar proxies pass each event on at once instead of buffering.
    "X-Accel-Buffering": "no",
}


def _access(user: Any, meeting_id: int) -> str:
    """ "inside" (reads the meeting's closed items: every change), "public" (the web-cast
    of a meeting open to the public: only the changes it shows), or "" (404)."""
    found = Meeting.objects.filter(pk=meeting_id).values("body_id", "date").first()
    if found is None:
        return ""
    audience = policy.audience_for(user)
    if policy.may_read_closed(audience, found["body_id"], found["date"]):
        return "inside"
    open_to_public = (
        LiveMeeting.objects.filter(meeting_id=meeting_id)
        .values_list("open_to_public", flat=True)
        .first()
    )
    if policy.may_follow_live(
        audience, found["body_id"], found["date"], open_to_public=bool(open_to_public)
    ):
        return "public"
    return ""


def _version_now(meeting_id: int, public: bool) -> int:
    """live_version on a pool thread; a connection the database dropped is opened anew."""
    try:
        return live_version(meeting_id, public=public)
    except DatabaseError:
        connection.close()
        return live_version(meeting_id, public=public)


_read_version = sync_to_async(_version_now, thread_sensitive=False)
_read_access = sync_to_async(_access, thread_sensitive=False)


def event(version: int) -> str:
    """One `changed` event; its id lets a reconnecting browser say what it had."""
    return f"event: changed\nid: {version}\ndata: {json.dumps({'version': version})}\n\n"


async def live_events(request: HttpRequest, pk: int) -> HttpResponse | StreamingHttpResponse:
    user = await request.auser()
    access = await sync_to_async(_access)(user, pk)
    if not access:
        raise Http404
    if not isinstance(request, ASGIRequest):
        version = await sync_to_async(live_version)(pk, public=access == "public")
        return HttpResponse(
            f"retry: {RETRY_MS}\n\n{event(version)}",
            content_type="text/event-stream; charset=utf-8",
            headers=HEADERS,
        )
    return StreamingHttpResponse(
        _stream(pk, time.monotonic() + MAX_SECONDS, user, access == "public"),
        content_type="text/event-stream; charset=utf-8",
        headers=HEADERS,
    )


async def _stream(meeting_id: int, deadline: float, user: Any, public: bool) -> AsyncIterator[str]:
    layer = get_channel_layer()
    assert layer is not None, "CHANNEL_LAYERS saknas i inställningarna"
    channel = await layer.new_channel()
    group = live_group(meeting_id)
    key = "public" if public else "version"
    # The request's connection is not kept open for the life of the stream.
    await sync_to_async(connections.close_all)()
    # Listen before reading the number, so no change falls between the two.
    await layer.group_add(group, channel)
    try:
        version = await _read_version(meeting_id, public)
        yield f"retry: {RETRY_MS}\n\n{event(version)}"
        while (left := deadline - time.monotonic()) > 0:
            heard = 0
            try:
                message = await asyncio.wait_for(
                    layer.receive(channel), timeout=min(HEARTBEAT_SECONDS, left)
                )
                heard = int(message.get(key) or 0)
            except TimeoutError:
                # At each heartbeat the listener's access is asked again: a web-cast
                # switched off, or a seat that ended, ends the stream.
                if await _read_access(user, meeting_id) != ("public" if public else "inside"):
                    return
            # The database has the last word: a lost message is repaired here.
            newest = max(heard, await _read_version(meeting_id, public))
            if newest != version:
                version = newest
                yield event(version)
            elif not heard:
                yield ": ping\n\n"
    finally:
        # Also when the client has gone (Django cancels the response's task).
        await layer.group_discard(group, channel)
