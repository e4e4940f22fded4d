"""Writes of the API: tokens (made, used, revoked) and the log of their use. Each write
is one transaction."""

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from samverkan.structure.models import Party

from .models import ApiRequest, ApiToken

TOKEN_PREFIX = "sv_"  # noqa: S105 - a marker, not a secret


def token_digest(raw: str) -> str:
    """A token is 32 random bytes: its SHA-256 is enough to store (no guessing to slow)."""
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(
    *, name: str, user: object, party: Party | None, by: object
) -> tuple[ApiToken, str]:
    """A new token and its clear text, which is shown this once and never stored."""
    if not name.strip():
        raise ValidationError({"name": "Ange vilket system nyckeln är till."})
    if not getattr(user, "is_active", False):
        raise ValidationError({"user": "Kontot är inte aktivt."})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name.strip(),
        user=user,
        party=party,
        prefix=raw[: len(TOKEN_PREFIX) + 8],
        digest=token_digest(raw),
        created_by=by,  # type: ignore[misc]
    )
    return token, raw


@transaction.atomic
def token_revoke(token: ApiToken, now: datetime.datetime | None = None) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = now or timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_for(raw: str) -> ApiToken | None:
    """The live token a bearer string names (revoked tokens and inactive accounts name
    none)."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user", "party")
        .filter(digest=token_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token


@transaction.atomic
def request_log(token: ApiToken, method: str, path: str, status: int) -> None:
    """Every use of a token is logged, and the token's last use noted."""
    ApiRequest.objects.create(token=token, method=method[:8], path=path[:500], status=status)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
