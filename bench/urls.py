"""The project's URLs and the benchmark's bare endpoint (no database, no template)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bar/", bare), path("", include("samverkan.urls"))]
