"""Test only: the site's ASGI application (samverkan.asgi) with one more address,
`/__test__/live-changed/<meeting id>`, which commits a change to the meeting in this
server's own process and database connection (live_changed in a transaction), as a live
service would. The two-server test runs this as server A and the site as it is as
server B: a change made through A must reach a screen on B through Redis."""

from typing import Any

from asgiref.sync import sync_to_async
from django.db import transaction

from samverkan.asgi import application as site

PREFIX = "/__test__/live-changed/"


def _change(meeting_id: int) -> None:
    from samverkan.live.events import live_changed

    with transaction.atomic():
        live_changed(meeting_id)


async def application(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "http" and scope["path"].startswith(PREFIX):
        await sync_to_async(_change)(int(scope["path"][len(PREFIX) :]))
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})
        return
    await site(scope, receive, send)
