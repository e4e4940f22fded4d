"""The public's pages from a short-lived cache in each worker's memory.

A page an anonymous visitor may read is kept for SAMVERKAN_PAGE_CACHE_SECONDS (10 by
default, 0 turns it off) and served to the next anonymous visitor of the same address,
without running the view. Its key holds the head of the audit log's hash chain: every
change of the records is an audit entry, so a change makes every kept page unreachable
at once; the day is in the key too, and the seconds bound what only the clock changes.

Only the public is served or kept (access.policy.may_share_page): no session, no
credentials, no cookie but the CSRF cookie. Only a plain 200 answer is kept: none that
sets a cookie, is streamed, says private, no-cache or no-store, or varies on everything;
the answer's Vary headers (Cookie when the page holds a CSRF token) are in the key, as
Django's own cache middleware does it (django.utils.cache)."""

import zlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone, translation
from django.utils.cache import get_cache_key, has_vary_header, learn_cache_key

from samverkan.access.policy import audience_for, may_share_page
from samverkan.audit.selectors import chain_head

CACHE = "pages"
# Answers are kept compressed (zlib, fastest level: a national OParl page of 440 kB
# becomes about a tenth of it in a few ms). One larger than MAX_BYTES compressed, or
# MAX_RAW_BYTES as sent, is not kept: the cache's memory per worker is bounded by
# MAX_ENTRIES in settings.CACHES times MAX_BYTES.
MAX_BYTES = 256 * 1024
MAX_RAW_BYTES = 4 * 1024 * 1024
HEADER = "X-Samverkan-Sidcache"
_NOT_SHARED = ("private", "no-cache", "no-store", "max-age=0")


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        seconds = settings.SAMVERKAN_PAGE_CACHE_SECONDS
        if seconds <= 0 or request.method != "GET" or not _shared(request):
            return self.get_response(request)
        cache = caches[CACHE]
        prefix = _prefix()
        key = get_cache_key(request, prefix, "GET", cache=cache)
        kept = cache.get(key) if key is not None else None
        if kept is not None:
            headers, body = kept
            hit = HttpResponse(zlib.decompress(body), headers=headers)
            hit[HEADER] = "hit"
            return hit
        response = self.get_response(request)
        if _keepable(request, response):
            body = zlib.compress(response.content, 1)  # type: ignore[attr-defined]
            if len(body) <= MAX_BYTES:
                key = learn_cache_key(request, response, seconds, prefix, cache=cache)
                cache.set(key, (dict(response.headers), body), seconds)
                response[HEADER] = "stored"
        return response


def _shared(request: HttpRequest) -> bool:
    personal = "HTTP_AUTHORIZATION" in request.META or any(
        name != settings.CSRF_COOKIE_NAME for name in request.COOKIES
    )
    return may_share_page(audience_for(getattr(request, "user", None)), personal=personal)


def _prefix() -> str:
    return f"{chain_head()}.{timezone.localdate():%Y%m%d}.{translation.get_language()}"


def _keepable(request: HttpRequest, response: HttpResponseBase) -> bool:
    control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in control for word in _NOT_SHARED)
        and not has_vary_header(response, "*")
        and len(response.content) <= MAX_RAW_BYTES  # type: ignore[attr-defined]
        # Still the public's after the view ran (a view that logged someone in).
        and _shared(request)
    )
