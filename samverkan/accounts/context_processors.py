from django.conf import settings
from django.http import HttpRequest

from .permissions import is_administrator


def roles(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {
        "user_is_administrator": bool(user and is_administrator(user)),
        "oidc_enabled": settings.SAMVERKAN_OIDC_ENABLED,
    }
