"""The public's pages, and each API token's own answers, from a short-lived cache in
each worker's memory.

A page an anonymous visitor may read is kept for SAMVERKAN_PAGE_CACHE_SECONDS (10 by
default, 0 turns it off) and served to the next anonymous visitor of the same address,
without running the view. Its key holds the head of the audit log's hash chain: every
change of the records is an audit entry, so a change makes every kept page unreachable
at once; the day is in the key too, and the seconds bound what only the clock changes.

Only the public is served or kept (access.policy.may_share_page): no session, no
credentials, no cookie but the CSRF cookie. Only a plain 200 answer is kept: none that
sets a cookie, is streamed, says private, no-cache or no-store, or varies on everything;
the answer's Vary headers (Cookie when the page holds a CSRF token) are in the key, as
Django's own cache middleware does it (django.utils.cache).

A REST API token's GETs are kept the same way in a scope of their own, keyed by the
token (ApiAnswerCacheMiddleware): served again only to that token."""

import zlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone, translation
from django.utils.cache import get_cache_key, has_vary_header, learn_cache_key

from samverkan.access.policy import audience_for, may_share_page
from samverkan.api.services import token_for
from samverkan.api.v1 import Throttled, admit
from samverkan.audit.selectors import chain_head

CACHE = "pages"
# The API tokens' answers in a cache of their own: a party's system paging through a list
# does not push the public's pages out.
ANSWERS = "answers"
# Answers are kept compressed (zlib, fastest level: a national OParl page of 440 kB
# becomes about a tenth of it in a few ms). One larger than MAX_BYTES compressed, or
# MAX_RAW_BYTES as sent, is not kept: each cache's memory per worker is bounded by
# MAX_ENTRIES in settings.CACHES times MAX_BYTES.
MAX_BYTES = 256 * 1024
MAX_RAW_BYTES = 4 * 1024 * 1024
HEADER = "X-Samverkan-Sidcache"
_NOT_SHARED = ("private", "no-cache", "no-store", "max-age=0")


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method != "GET" or not _shared(request):
            return self.get_response(request)
        return kept_answer(
            request, self.get_response, scope="public", still_same=lambda: _shared(request)
        )


def kept_answer(
    request: HttpRequest,
    get_response: Callable[[HttpRequest], HttpResponseBase],
    *,
    scope: str,
    still_same: Callable[[], bool],
    admit: Callable[[], bool] = lambda: True,
    alias: str = CACHE,
) -> HttpResponseBase:
    """A GET answered from the pages cache, or computed and kept there. `scope` names who
    the answer is for and is part of the key, so an answer is only ever served within the
    scope it was computed for; `still_same` tells, after the view ran, that the request is
    still in that scope; `admit` is asked before a kept answer is served (False: the view
    runs instead, and answers as it would)."""
    seconds = settings.SAMVERKAN_PAGE_CACHE_SECONDS
    if seconds <= 0:
        return get_response(request)
    cache = caches[alias]
    prefix = f"{_prefix()}.{scope}"
    key = get_cache_key(request, prefix, "GET", cache=cache)
    kept = cache.get(key) if key is not None else None
    if kept is not None and admit():
        headers, body = kept
        hit = HttpResponse(zlib.decompress(body), headers=headers)
        hit[HEADER] = "hit"
        return hit
    response = get_response(request)
    if _keepable(response) and still_same():
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


def _keepable(response: HttpResponseBase) -> bool:
    control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in control for word in _NOT_SHARED)
        and not has_vary_header(response, "*")
        and len(response.content) <= MAX_RAW_BYTES  # type: ignore[attr-defined]
    )


# Where the REST API is served (samverkan.urls), below a collaboration's own prefix.
API_PATH = "/api/v1/"


class ApiAnswerCacheMiddleware:
    """A token's GET to the REST API answered again from the pages cache while nothing
    is logged (kept_answer: the audit log's head and the day are in the key,
    SAMVERKAN_PAGE_CACHE_SECONDS bounds the rest).

    The token is in the key: an answer is served only to the token it was computed for,
    which acts with its account's rights as they were then (a change of them is logged).
    A kept answer is served only once the token is admitted as the API admits it (live,
    under its rate limit: else the API answers); the request is then logged like any."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        raw = _bearer(request)
        if raw is None or request.method != "GET" or not request.path_info.startswith(API_PATH):
            return self.get_response(request)
        token = token_for(raw)
        if token is None:
            return self.get_response(request)

        def admitted() -> bool:
            try:
                admit(request, token)
            except Throttled:
                return False
            return True

        def still_same() -> bool:
            answered_for = getattr(request, "api_token", None)
            return answered_for is not None and answered_for.pk == token.pk

        return kept_answer(
            request,
            self.get_response,
            scope=f"token-{token.pk}",
            still_same=still_same,
            admit=admitted,
            alias=ANSWERS,
        )


def _bearer(request: HttpRequest) -> str | None:
    """The bearer string of `Authorization: Bearer …`, as the API reads it."""
    parts = request.META.get("HTTP_AUTHORIZATION", "").split(" ")
    return " ".join(parts[1:]) if parts[0].lower() == "bearer" else None
