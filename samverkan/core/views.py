from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from .selectors import health_status


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    status = health_status()
    return JsonResponse(status, status=200 if status["status"] == "ok" else 503)


@cache_control(max_age=7 * 24 * 3600, public=True)
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, where browsers and feed readers look for it without a <link>; the
    pages link the SVG (and this) from base.html."""
    icon = settings.PACKAGE_DIR / "static" / "samverkan" / "favicon.ico"
    return HttpResponse(icon.read_bytes(), content_type="image/vnd.microsoft.icon")
