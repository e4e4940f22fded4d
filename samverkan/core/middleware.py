"""Responses to a logged-in user are never stored by a shared or browser cache."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase


class PrivateNoStoreMiddleware:
    """Set `Cache-Control: private, no-store` on every response to an authenticated user.

    What a logged-in user sees may be closed or confidential, so neither a proxy nor the
    browser may keep it. A view that chose its own Cache-Control keeps it; responses to
    anonymous visitors are left as they are (public pages may be cached). Static files
    are served by WhiteNoise before this middleware and keep their long-lived caching.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response
