"""The project's URLs plus views that report where they run, for the ASGI handler's
tests (test_asgi_handler)."""

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from samverkan.urls import urlpatterns as project_urlpatterns

# What the views saw, read by the tests.
SEEN: dict[str, Any] = {}


def _in_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@csrf_exempt
def where(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        {
            "thread": threading.get_ident(),
            "in_loop": _in_loop(),
            "body": request.body.decode(),
            "method": request.method,
        }
    )


def chunks(request: HttpRequest) -> StreamingHttpResponse:
    made_in = threading.get_ident()

    def body() -> Iterator[bytes]:
        for n in range(3):
            SEEN.setdefault("chunk_threads", []).append(threading.get_ident())
            if n == 2 and "bryt" in request.GET:
                raise RuntimeError("strömmen bröts")
            yield f"del {n};".encode()

    response = StreamingHttpResponse(body(), content_type="text/plain")
    response._resource_closers.append(  # type: ignore[attr-defined]
        lambda: SEEN.setdefault("closed_in", []).append(threading.get_ident())
    )
    SEEN["made_in"] = made_in
    return response


async def endless(request: HttpRequest) -> StreamingHttpResponse:
    async def body() -> AsyncIterator[str]:
        try:
            yield "början\n"
            await asyncio.Event().wait()
        finally:
            SEEN["stream_ended"] = True

    response = StreamingHttpResponse(body(), content_type="text/plain")
    response._resource_closers.append(  # type: ignore[attr-defined]
        lambda: SEEN.__setitem__("stream_closed", True)
    )
    return response


def gate(request: HttpRequest) -> HttpResponse:
    """Holds its thread until the test opens the gate; counts requests inside at once."""
    with SEEN["lock"]:
        SEEN["inside"] += 1
        SEEN["most"] = max(SEEN["most"], SEEN["inside"])
        if SEEN["inside"] == SEEN["expect"]:
            SEEN["all_in"].set()
    SEEN["open"].wait(10)
    with SEEN["lock"]:
        SEEN["inside"] -= 1
    return HttpResponse("ut")


urlpatterns = [
    path("test-asgi/var/", where),
    path("test-asgi/delar/", chunks),
    path("test-asgi/oandlig/", endless),
    path("test-asgi/grind/", gate),
    *project_urlpatterns,
]
