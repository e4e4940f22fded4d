"""Which collaboration a request is about: by its host name, or by the first segment of
its path (/exempellanet/organ/…), else the installation's default. A path prefix moves
into the script prefix, so every address the page reverses stays inside the
collaboration."""

from collections.abc import Callable

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.urls import get_script_prefix, set_script_prefix

from .selectors import collaboration_for


class CollaborationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            collaboration, segment = collaboration_for(_host(request), request.path_info)
        except DatabaseError:
            # The database is down: the health check and the 500 page still answer.
            collaboration, segment = None, ""
        request.collaboration = collaboration  # type: ignore[attr-defined]
        before = get_script_prefix()
        # Where the installation's own root is, for links to another collaboration.
        request.site_root = before  # type: ignore[attr-defined]
        if not segment:
            return self.get_response(request)
        request.path_info = request.path_info[len(segment) + 1 :] or "/"
        set_script_prefix(before + segment + "/")
        try:
            return self.get_response(request)
        finally:
            set_script_prefix(before)


def _host(request: HttpRequest) -> str:
    """The host without port; an unknown host is left for CommonMiddleware to refuse."""
    try:
        return request.get_host().rsplit(":", 1)[0].lower()
    except Exception:
        return ""
