"""The visitor's address for login throttling, also behind reverse proxies."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind SAMVERKAN_PROXY_COUNT trusted proxies the address the
    outermost of them saw (each proxy appends the address it got to X-Forwarded-For, so
    entries further left can be forged by the client and are never used)."""
    proxies = int(getattr(settings, "SAMVERKAN_PROXY_COUNT", 0))
    if proxies > 0:
        forwarded = [
            a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))
