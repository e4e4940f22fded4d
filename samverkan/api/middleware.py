from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .services import request_log


class ApiRequestLogMiddleware:
    """Every request made with an API token is logged with its answer's status."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        token = getattr(request, "api_token", None)
        if token is not None:
            request_log(token, request.method or "", request.get_full_path(), response.status_code)
        return response
