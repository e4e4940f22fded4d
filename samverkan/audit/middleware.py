from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .context import acting_as


class AuditActorMiddleware:
    """Everything a request changes is logged as done by the logged-in user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        source = "admin" if request.path.startswith("/admin/") else "webb"
        with acting_as(getattr(request, "user", None), source):
            return self.get_response(request)
