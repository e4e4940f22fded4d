"""Refuse a request whose declared body is too large before anything reads the body.

Django reads the body lazily (CSRF, forms, uploads); this middleware sits first, so a
request announcing more than SAMVERKAN_MAX_REQUEST_BYTES is answered 413 from its headers
alone. A body without Content-Length is read as empty by Django's WSGI handler. It sits
right after SecurityMiddleware (whose request phase only redirects to HTTPS)."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .services import max_upload_bytes

PAGE = """<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><title>För stor begäran – Samverkan</title></head>
<body>
<main>
<h1>Begäran är för stor</h1>
<p>Det du skickade är större än {limit} MB och har inte tagits emot. Dela upp filen eller
gör den mindre och försök igen.</p>
<p><a href="/">Till startsidan</a></p>
</main>
</body>
</html>
"""


def max_request_bytes() -> int:
    configured = getattr(settings, "SAMVERKAN_MAX_REQUEST_BYTES", None)
    if configured is not None:
        return int(configured)
    return max_upload_bytes() + 1024 * 1024


def _declared_length(request: HttpRequest) -> int | None:
    value = request.META.get("CONTENT_LENGTH") or ""
    try:
        return int(value) if value.strip() else None
    except ValueError:
        return None


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = _declared_length(request)
        limit = max_request_bytes()
        if declared is not None and declared > limit:
            response = HttpResponse(
                PAGE.format(limit=max(1, limit // (1024 * 1024))),
                status=413,
                content_type="text/html; charset=utf-8",
            )
            # Answered before the middleware that would add these; the page needs nothing.
            response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
            response["X-Frame-Options"] = "DENY"
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)
