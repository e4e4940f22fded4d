"""The ASGI handler `make run` serves (samverkan.handler): a request's sync code runs
once in a pool thread, a sync stream is read and closed there, an async stream is sent
from the loop until the client leaves, and a worker computes at most its threads'
worth of requests at once."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator

from samverkan.handler import OneThreadASGIHandler

from . import handler_urls

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _urls(settings: Any) -> None:
    settings.ROOT_URLCONF = "samverkan.core.tests.handler_urls"
    settings.ALLOWED_HOSTS = ["testserver"]
    handler_urls.SEEN.clear()


@pytest.fixture
def handler() -> Any:
    h = OneThreadASGIHandler(threads=2)
    yield h
    h.executor.shutdown(wait=True)


def _scope(path: str, method: str = "GET") -> dict[str, Any]:
    path, _, query = path.partition("?")
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }


async def _call(handler: Any, path: str, method: str = "GET", body: bytes = b"") -> Any:
    app = ApplicationCommunicator(handler, _scope(path, method))
    await app.send_input({"type": "http.request", "body": body, "more_body": False})
    start = await app.receive_output(10)
    parts = []
    while True:
        message = await app.receive_output(10)
        parts.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    await app.wait(10)
    return start["status"], dict(start["headers"]), b"".join(parts)


def test_a_request_runs_its_middleware_and_view_in_one_pool_thread_not_the_loop(
    handler: Any,
) -> None:
    status, headers, body = async_to_sync(_call)(handler, "/test-asgi/var/", "POST", b"hej")
    seen = json.loads(body)
    assert status == 200
    assert seen["in_loop"] is False
    assert seen["method"] == "POST" and seen["body"] == "hej"
    # The pool's own thread, and every middleware in its sync mode (no hand-over to the
    # loop in the middle of a request).
    assert seen["thread"] in {t.ident for t in handler.executor._threads}
    assert not asyncio.iscoroutinefunction(handler._middleware_chain)
    # The middleware ran: the site's headers are on the answer.
    assert b"Content-Security-Policy" in headers


def test_a_page_of_the_site_is_answered_as_by_django(handler: Any) -> None:
    status, _, body = async_to_sync(_call)(handler, "/finns-inte/")
    assert status == 404
    assert b"<h1>Sidan finns inte</h1>" in body


def test_a_sync_stream_is_read_and_closed_in_the_thread_that_made_it(handler: Any) -> None:
    status, _, body = async_to_sync(_call)(handler, "/test-asgi/delar/")
    seen = handler_urls.SEEN
    assert (status, body) == (200, b"del 0;del 1;del 2;")
    assert set(seen["chunk_threads"]) == {seen["made_in"]}
    assert seen["closed_in"] == [seen["made_in"]]


def test_a_sync_stream_that_fails_is_closed_all_the_same(handler: Any) -> None:
    with pytest.raises(RuntimeError, match="strömmen bröts"):
        async_to_sync(_call)(handler, "/test-asgi/delar/?bryt=1")
    assert handler_urls.SEEN["closed_in"] == [handler_urls.SEEN["made_in"]]


def test_an_async_stream_runs_until_the_client_leaves_and_is_then_closed(
    handler: Any,
) -> None:
    async def run() -> None:
        app = ApplicationCommunicator(handler, _scope("/test-asgi/oandlig/"))
        await app.send_input({"type": "http.request", "body": b"", "more_body": False})
        start = await app.receive_output(10)
        first = await app.receive_output(10)
        assert start["status"] == 200
        assert first["body"] == "början\n".encode()
        assert "stream_ended" not in handler_urls.SEEN
        await app.send_input({"type": "http.disconnect"})
        await app.wait(10)

    async_to_sync(run)()
    assert handler_urls.SEEN["stream_ended"] is True
    assert handler_urls.SEEN["stream_closed"] is True


def test_a_worker_computes_at_most_its_threads_worth_of_requests_at_once(
    handler: Any,
) -> None:
    seen = handler_urls.SEEN
    seen.update(
        lock=threading.Lock(),
        inside=0,
        most=0,
        expect=2,
        all_in=threading.Event(),
        open=threading.Event(),
    )

    async def run() -> list[Any]:
        calls = [asyncio.ensure_future(_call(handler, "/test-asgi/grind/")) for _ in range(5)]
        # Two are inside the view; the other three wait their turn in the loop.
        assert await asyncio.to_thread(seen["all_in"].wait, 10)
        for _ in range(50):
            await asyncio.sleep(0)
        waiting = handler.executor._work_queue.qsize()
        inside = seen["inside"]
        seen["open"].set()
        results = await asyncio.gather(*calls)
        assert (inside, waiting) == (2, 3)
        return results

    results = async_to_sync(run)()
    assert [r[0] for r in results] == [200] * 5
    assert seen["most"] == 2


def test_a_worker_has_the_pdf_renderer_loaded_before_its_first_request() -> None:
    """The served application (samverkan.asgi) loads WeasyPrint as it starts: the first
    PDF a worker made took a second longer."""
    import os
    import subprocess
    import sys

    probe = (
        "import sys; import samverkan.asgi; "
        "print(all(m in sys.modules for m in ('weasyprint', 'pikepdf')))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "samverkan.settings"}
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "True"
