"""The ASGI handler `make run` serves: a request's sync code runs in one thread, once.

Django's own ASGI handler runs the same sync middleware and views, but hands each request
between the event loop and threads five times: the request_started signal, the sync
middleware, back to the loop for the async-capable middleware (django-axes, messages),
to a thread again for the view, and once more to close the response; and each request
gets a thread of its own, started for it. Served that way, a bare page cost a worker
4.9 ms of CPU against 1.9 ms in the test client; served this way, 2.4 ms.

Here the loop reads the request's body, then one call into a bounded pool of threads
runs the request_started signal, the middleware (all in their sync mode) and the view,
and closes the response; the loop sends the bytes. An async view (the live meeting's
event stream) is called from that thread as Django calls one from sync middleware, and
its async body is streamed from the loop while it listens for the client's disconnect,
as Django's handler does; the thread lets go of its database connections when the
view returns, and the response is closed after its last byte. A sync streaming
body (a file) is read in the thread that made it, as Django reads one into memory on
ASGI, so its resources are closed there too.

The pool's size bounds how many requests a worker computes at once (SAMVERKAN_THREADS);
others wait in the loop, holding only their socket."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.core.handlers.base import BaseHandler
from django.db import close_old_connections
from django.http import FileResponse, HttpResponseBase
from django.urls import set_script_prefix


class OneThreadASGIHandler(ASGIHandler):
    def __init__(self, threads: int | None = None) -> None:
        super().__init__()
        self.executor = ThreadPoolExecutor(
            max_workers=max(1, threads or settings.SAMVERKAN_THREADS),
            thread_name_prefix="samverkan-request",
        )
        self._respond_async = sync_to_async(
            self.respond, thread_sensitive=False, executor=self.executor
        )

    def load_middleware(self, is_async: bool = False) -> None:
        # Every middleware in its sync mode: one thread runs them all and the view.
        BaseHandler.load_middleware(self, is_async=False)

    def respond(self, scope: dict[str, Any], body_file: Any) -> tuple[HttpResponseBase, bool]:
        """In a pool thread: the request's whole sync life up to its bytes; and whether
        the response is done with (closed), or an async stream still to run."""
        set_script_prefix(get_script_prefix(scope))
        signals.request_started.send(sender=self.__class__, scope=scope)
        request, response = self.create_request(scope, body_file)
        if request is not None:
            response = self.get_response(request)
        assert response is not None
        response._handler_class = self.__class__  # type: ignore[attr-defined]
        if isinstance(response, FileResponse):
            response.block_size = self.chunk_size
        if response.streaming and response.is_async:  # type: ignore[attr-defined]
            # The stream outlives this thread's part: the database connections it used
            # are let go now (as the stream itself lets go of its own), not kept
            # until the thread's next request. The response is closed after its last byte.
            close_old_connections()
            return response, False
        if response.streaming:
            # Read here, in the thread that made it (Django's handler reads a sync
            # stream into memory too, in a thread of its own), and replayed to the loop.
            try:
                chunks = list(response.streaming_content)  # type: ignore[attr-defined]
            except BaseException:
                response.close()  # its files closed, its connections let go
                raise
            response.streaming_content = _replay(chunks)  # type: ignore[attr-defined]
        response.close()
        return response, True

    async def handle(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        try:
            response, closed = await self._respond_async(scope, body_file)
            if closed:
                await self.send_response(response, send)
            else:
                await self._stream(response, receive, send)
        finally:
            body_file.close()

    async def _stream(self, response: HttpResponseBase, receive: Any, send: Any) -> None:
        """An async body, sent while listening for the client's disconnect (which
        cancels the sending and so the view's generator)."""
        sending = asyncio.create_task(self.send_response(response, send))
        listening = asyncio.create_task(self.listen_for_disconnect(receive))
        try:
            await asyncio.wait([sending, listening], return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (listening, sending):
                if not task.done():
                    task.cancel()
                with contextlib.suppress(asyncio.CancelledError, RequestAborted):
                    await task
            await sync_to_async(response.close)()


async def _replay(chunks: list[bytes]) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk
