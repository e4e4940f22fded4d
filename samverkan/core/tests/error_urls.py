"""The project's URLs plus views that fail on purpose, for the error page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from samverkan.urls import urlpatterns as project_urlpatterns


def bad_request(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("trasig förfrågan")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("internal reason")


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


urlpatterns = [
    path("test-fel/400/", bad_request),
    path("test-fel/403/", forbidden),
    path("test-fel/500/", crash),
    *project_urlpatterns,
]
