"""Writes of public subscriptions: request (double opt-in), confirm, unsubscribe, and the
cron run that mails what is new. Every write goes through an AuditedModel (the audit log
gets each change); tokens are stored as SHA-256 only."""

from __future__ import annotations

import contextlib
import datetime
import logging
import secrets
import smtplib
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMessage
from django.db import transaction
from django.urls import get_script_prefix, reverse, set_script_prefix
from django.utils import timezone

from samverkan.cases.models import Case
from samverkan.mail import site_url
from samverkan.structure.models import Body, Collaboration

from . import selectors
from .models import Subscription, SubscriptionDelivery

logger = logging.getLogger(__name__)

# A pending request is not mailed again for the same address and target within this
# time (no mail bombing through the form).
RESEND_AFTER = datetime.timedelta(hours=24)
# And one address gets at most this many confirmation mails in that time, whatever the
# targets (the form cannot be used to flood someone's inbox).
MAX_CONFIRMATIONS_PER_ADDRESS = 5


@dataclass
class Requested:
    """A new request and its confirmation token, returned once (it is stored hashed)."""

    subscription: Subscription
    confirm_token: str

    @property
    def unsubscribe_token(self) -> str:
        return selectors.unsubscribe_token(self.subscription)


@contextlib.contextmanager
def _addresses_of(collaboration: Collaboration) -> Iterator[None]:
    """Reverse inside the collaboration's path prefix (as its pages do), for mails sent
    outside a request (cron). Inside a request the prefix is already set."""
    before = get_script_prefix()
    default = Collaboration.objects.default()
    inside = before.rstrip("/").endswith("/" + collaboration.slug)
    if default is None or default.pk == collaboration.pk or inside:
        yield
        return
    set_script_prefix(f"{before}{collaboration.slug}/")
    try:
        yield
    finally:
        set_script_prefix(before)


def _send(
    subscription: Subscription, subject: str, lines: list[str], unsubscribe_token: str | None
) -> None:
    headers = {}
    if unsubscribe_token:
        url = site_url(reverse("publishing:unsubscribe", args=[unsubscribe_token]))
        lines = [*lines, "", f"Avsluta prenumerationen med ett klick: {url}"]
        # RFC 2369 and RFC 8058: the mail program's own unsubscribe button.
        headers = {
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    EmailMessage(
        subject,
        "\n".join(lines) + "\n",
        settings.DEFAULT_FROM_EMAIL,
        [subscription.email],
        headers=headers,
    ).send()


def subscription_request(
    *,
    collaboration: Collaboration,
    email: str,
    kind: str,
    body: Body | None = None,
    case: Case | None = None,
    phrase: str = "",
    now: datetime.datetime | None = None,
) -> Requested | None:
    """Ask for a subscription: a confirmation mail with a link goes to the address, and
    only the click makes it active (double opt-in). An address that already subscribes
    to the target, or asked for it less than RESEND_AFTER ago, or got
    MAX_CONFIRMATIONS_PER_ADDRESS confirmations in that time, gets nothing more; the
    caller answers the same either way, so the form does not tell who subscribes."""
    now = now or timezone.now()
    email = email.strip().lower()
    phrase = " ".join(phrase.split())
    with transaction.atomic():
        existing = (
            Subscription.objects.select_for_update()
            .filter(
                collaboration=collaboration,
                email=email,
                kind=kind,
                body=body,
                case=case,
                phrase=phrase,
                unsubscribed_at__isnull=True,
            )
            .first()
        )
        if existing is not None and existing.confirmed_at is not None:
            return None
        if (
            existing is not None
            and existing.confirmation_sent_at is not None
            and now - existing.confirmation_sent_at < RESEND_AFTER
        ):
            return None
        recent = Subscription.objects.filter(
            email=email, confirmation_sent_at__gte=now - RESEND_AFTER
        ).count()
        if recent >= MAX_CONFIRMATIONS_PER_ADDRESS:
            return None
        subscription = existing or Subscription(
            collaboration=collaboration, email=email, kind=kind, body=body, case=case, phrase=phrase
        )
        confirm = secrets.token_urlsafe(32)
        subscription.confirm_token_hash = selectors.token_hash(confirm)
        subscription.unsubscribe_secret = secrets.token_urlsafe(32)
        subscription.confirmation_sent_at = now
        subscription.full_clean(exclude=["confirm_token_hash", "unsubscribe_secret"])
        subscription.save()
    with _addresses_of(collaboration):
        url = site_url(reverse("publishing:confirm", args=[confirm]))
        _send(
            subscription,
            f"Bekräfta din prenumeration – {collaboration.short_name}",
            [
                f"Någon, förhoppningsvis du, vill prenumerera på {subscription.get_kind_display().lower()}:",
                f"{subscription.target_label} ({collaboration.name}).",
                "",
                f"Bekräfta prenumerationen här: {url}",
                "",
                "Gjorde du inte det? Då behöver du inte göra något: utan bekräftelse skickas "
                "inga fler brev till dig.",
            ],
            None,
        )
    return Requested(subscription, confirm)


def subscription_confirm(
    subscription: Subscription, *, now: datetime.datetime | None = None
) -> Subscription:
    """The click in the confirmation mail: the subscription is active from now on (a
    second click changes nothing; an ended subscription is not revived)."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.confirmed_at is None and subscription.unsubscribed_at is None:
            subscription.confirmed_at = now or timezone.now()
            subscription.save(update_fields=["confirmed_at"])
    return subscription


def subscription_unsubscribe(
    subscription: Subscription, *, now: datetime.datetime | None = None
) -> Subscription:
    """End the subscription (one click; idempotent). Nothing more is mailed."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.unsubscribed_at is None:
            subscription.unsubscribed_at = now or timezone.now()
            subscription.save(update_fields=["unsubscribed_at"])
    return subscription


def _mail_lines(subscription: Subscription, items: list[selectors.Item]) -> list[str]:
    lines = [f"Nytt om {subscription.target_label} ({subscription.collaboration.name}):", ""]
    for item in items:
        lines.append(f"* {item.title}")
        lines.extend(f"  {line}" for line in item.lines if line)
        if item.path:
            lines.append(f"  {site_url(item.path)}")
        lines.extend(f"  {label}: {site_url(path)}" for label, path in item.links)
        lines.append("")
    lines.append("Breven innehåller bara det som är offentligt på webbplatsen.")
    return lines


def subscription_deliver(
    subscription: Subscription, *, now: datetime.datetime | None = None
) -> list[str]:
    """Mail the subscription what is new for it (one mail), and record each item as
    delivered so it is never mailed again. Returns the items' keys (empty: no mail)."""
    now = now or timezone.now()
    with _addresses_of(subscription.collaboration):
        items = selectors.subscription_items(subscription)
        if not items:
            return []
        with transaction.atomic():
            locked = Subscription.objects.select_for_update().get(pk=subscription.pk)
            if not locked.is_active:
                return []
            locked.last_sent_at = now
            locked.save(update_fields=["last_sent_at"])
            for item in items:
                SubscriptionDelivery.objects.create(subscription=locked, key=item.key)
            n = len(items)
            subject = (
                f"{subscription.collaboration.short_name}: {n} "
                f"{'nyhet' if n == 1 else 'nyheter'} om {subscription.target_label}"
            )
            # Sent inside the transaction: if the mail cannot go, nothing is recorded and
            # the next run tries again.
            _send(
                subscription,
                subject,
                _mail_lines(subscription, items),
                selectors.unsubscribe_token(locked),
            )
    return [item.key for item in items]


def subscriptions_send(*, now: datetime.datetime | None = None) -> dict[int, list[str]]:
    """The cron run (`samverkan send_subscriptions`): each active subscription gets one
    mail with what is new for it. Idempotent: a second run sends nothing new. One mail
    that cannot go does not stop the others."""
    sent: dict[int, list[str]] = {}
    for subscription in selectors.subscriptions_to_send():
        try:
            keys = subscription_deliver(subscription, now=now)
        except (BadHeaderError, OSError, smtplib.SMTPException):
            logger.exception("Prenumeration %s kunde inte skickas", subscription.pk)
            continue
        if keys:
            sent[subscription.pk] = keys
    return sent
