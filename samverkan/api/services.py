"""Writes of the API: tokens (made, used, revoked) and the log of their use. Each write
is one transaction."""

import copy
import datetime
import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from samverkan.access.policy import audience_for
from samverkan.audit.selectors import KeptWhileUnchanged
from samverkan.structure.models import Party

from .models import ApiRequest, ApiToken, WebhookDelivery, WebhookSubscriber

TOKEN_PREFIX = "sv_"  # noqa: S105 - a marker, not a secret
LAST_USE_PRECISION = datetime.timedelta(minutes=1)


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


# A live token's row with its account, person and party, and the account's audience,
# kept in each worker while nothing is logged: revoking the token, deactivating the
# account or changing its roles, memberships or collaborations writes the audit log, and
# the next call reads the token again.
_LIVE: KeptWhileUnchanged[str, ApiToken] = KeptWhileUnchanged(size=1000)
# When this worker last noted each token's use (by digest).
_NOTED: dict[str, datetime.datetime] = {}


def token_for(raw: str) -> ApiToken | None:
    """The live token a bearer string names (revoked tokens and inactive accounts name
    none): a copy of its own for the request."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = _LIVE.get(token_digest(raw), lambda: _live_token(raw))
    if token is None:
        return None
    mine = copy.copy(token)
    mine.user = copy.copy(token.user)
    return mine


def _live_token(raw: str) -> ApiToken | None:
    token = (
        ApiToken.objects.select_related("user__person", "party")
        .filter(digest=token_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    audience_for(token.user)  # read once, kept on the account with the token
    return token


@transaction.atomic
def request_log(token: ApiToken, method: str, path: str, status: int) -> None:
    """Every use of a token is logged, and the token's last use noted (to the minute: a
    token called many times a minute is not written to on every call)."""
    ApiRequest.objects.create(token=token, method=method[:8], path=path[:500], status=status)
    now = timezone.now()
    noted = max(
        (t for t in (token.last_used_at, _NOTED.get(token.digest)) if t is not None),
        default=None,
    )
    if noted is None or now - noted >= LAST_USE_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
        if len(_NOTED) >= 10_000:
            _NOTED.clear()
        _NOTED[token.digest] = now


# --- Webhooks --------------------------------------------------------------------------


def webhook_url_validate(url: str) -> None:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValidationError({"url": "Ange en fullständig adress som börjar med https://."})


@transaction.atomic
def webhook_subscriber_create(
    *, name: str, url: str, events: list[str], secret: str = ""
) -> WebhookSubscriber:
    """A new subscriber; it is served the changes from now on (not the past)."""
    from samverkan.audit.models import AuditEntry

    if not name.strip():
        raise ValidationError({"name": "Ange mottagarens namn."})
    webhook_url_validate(url)
    known = set(WebhookSubscriber.Event.values)
    if not events or not set(events) <= known:
        raise ValidationError({"events": "Välj minst en av händelserna."})
    last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return WebhookSubscriber.objects.create(
        name=name.strip(),
        url=url,
        events=sorted(set(events)),
        secret=secret or secrets.token_urlsafe(32),
        audit_cursor=last,
    )


@transaction.atomic
def webhook_subscriber_set_active(subscriber: WebhookSubscriber, active: bool) -> WebhookSubscriber:
    subscriber = WebhookSubscriber.objects.select_for_update().get(pk=subscriber.pk)
    subscriber.active = active
    if active:
        subscriber.consecutive_failures = 0
        subscriber.disabled_reason = ""
    subscriber.save()
    return subscriber


def _payload(event: str, entry: Any) -> dict[str, Any]:
    """What a delivery says: the event, when, and the object's type, id and API address.
    Public facts only (meetings and recommendations are public): the receiver reads the
    rest through the API with its own token."""
    from django.urls import reverse

    from samverkan.mail import site_url

    model = entry.content_type.model
    object_id = int(entry.object_id)
    after = entry.after or {}
    obj: dict[str, Any] = {"type": model, "id": object_id}
    if model == "meeting":
        obj["url"] = site_url(reverse("api_v1:meeting", args=[object_id]))
        obj["body"] = after.get("body_id")
        obj["date"] = after.get("date")
    elif model == "recommendation":
        obj["url"] = site_url(reverse("api_v1:recommendation", args=[object_id]))
    elif model == "partyresponse":
        obj["recommendation"] = after.get("recommendation_id")
        obj["party"] = after.get("party_id")
        obj["status"] = after.get("status")
        obj["url"] = site_url(
            reverse("api_v1:recommendation", args=[after.get("recommendation_id")])
        )
    return {
        "event": event,
        "occurred_at": entry.occurred_at.isoformat(),
        "change": entry.pk,
        "object": obj,
    }


EVENT_MODELS = ("meeting", "recommendation", "partyresponse")
COLLECT_BATCH = 1000


@transaction.atomic
def webhook_deliveries_collect(
    subscriber: WebhookSubscriber, now: datetime.datetime | None = None
) -> int:
    """Turn the change log since the subscriber's cursor into deliveries of the events
    it wants (once each), and move the cursor."""
    from samverkan.audit.models import AuditEntry

    from .events import event_of

    now = now or timezone.now()
    subscriber = WebhookSubscriber.objects.select_for_update().get(pk=subscriber.pk)
    entries = list(
        AuditEntry.objects.filter(
            pk__gt=subscriber.audit_cursor, content_type__model__in=EVENT_MODELS
        )
        .select_related("content_type")
        .order_by("pk")[:COLLECT_BATCH]
    )
    made = 0
    for entry in entries:
        event = event_of(entry.content_type.model, entry.action, entry.before, entry.after)
        if event and event in subscriber.events:
            _, created = WebhookDelivery.objects.get_or_create(
                subscriber=subscriber,
                audit_entry_id=entry.pk,
                event=event,
                defaults={"payload": _payload(event, entry), "next_attempt_at": now},
            )
            made += created
    if entries:
        subscriber.audit_cursor = entries[-1].pk
    else:
        last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
        subscriber.audit_cursor = max(subscriber.audit_cursor, last)
    subscriber.save(update_fields=["audit_cursor"])
    return made


def webhook_deliver(
    delivery: WebhookDelivery, now: datetime.datetime | None = None, timeout: float = 10
) -> bool:
    """POST one delivery, signed; record the outcome and when to retry (its own
    transaction, after the request: no lock is held while waiting on the network)."""
    import json
    import urllib.error
    import urllib.request

    from .events import DISABLE_AFTER, next_attempt, signature

    now = now or timezone.now()
    subscriber = delivery.subscriber
    body = json.dumps({**delivery.payload, "delivery": delivery.pk}, ensure_ascii=False).encode()
    request = urllib.request.Request(  # noqa: S310 - the administrator's https/http address
        subscriber.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Samverkan-webhook/1",
            "X-Samverkan-Event": delivery.event,
            "X-Samverkan-Delivery": str(delivery.pk),
            "X-Samverkan-Signature": signature(subscriber.secret, int(now.timestamp()), body),
        },
    )
    status, error = None, ""
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as exc:
        status, error = exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        error = str(getattr(exc, "reason", exc))[:300]
    ok = status is not None and 200 <= status < 300
    with transaction.atomic():
        d = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        s = WebhookSubscriber.objects.select_for_update().get(pk=subscriber.pk)
        d.attempts += 1
        d.last_status = status
        d.last_error = error
        if ok:
            d.delivered_at = now
            d.next_attempt_at = None
            s.consecutive_failures = 0
        else:
            d.next_attempt_at = next_attempt(d.attempts, now)
            if d.next_attempt_at is None:
                d.gave_up_at = now
            s.consecutive_failures += 1
            if s.consecutive_failures >= DISABLE_AFTER and s.active:
                s.active = False
                s.disabled_reason = f"Avstängd {now:%Y-%m-%d %H:%M} efter {s.consecutive_failures} misslyckade försök i rad."
        d.save()
        s.save(update_fields=["consecutive_failures", "active", "disabled_reason"])
    return ok


def webhooks_run(now: datetime.datetime | None = None, limit: int = 500) -> tuple[int, int, int]:
    """Collect new events for every active subscriber, then deliver what is due:
    (made, delivered, failed)."""
    now = now or timezone.now()
    made = sum(
        webhook_deliveries_collect(s, now) for s in WebhookSubscriber.objects.filter(active=True)
    )
    due = (
        WebhookDelivery.objects.select_related("subscriber")
        .filter(
            subscriber__active=True,
            delivered_at__isnull=True,
            gave_up_at__isnull=True,
            next_attempt_at__lte=now,
        )
        .order_by("next_attempt_at", "id")[:limit]
    )
    delivered = failed = 0
    for delivery in due:
        if webhook_deliver(delivery, now):
            delivered += 1
        else:
            failed += 1
    return made, delivered, failed
