"""Public subscriptions by e-mail: no account, double opt-in, one-click unsubscribe.

A subscription is to a body's notices and minutes, to a case, or to a search phrase,
within one collaboration. The confirmation link carries a random token of which only the
SHA-256 is stored; the unsubscribe link carries an HMAC (under SECRET_KEY) of the
subscription's random secret, so every mail can carry the same working link while
neither the database nor the audit log alone holds a usable one. What has been mailed is
recorded per item (SubscriptionDelivery), so a run of `send_subscriptions` never sends
the same item twice, however often cron starts it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.audit.models import AuditedModel
from samverkan.cases.models import Case
from samverkan.structure.models import Body, Collaboration


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def active(self) -> SubscriptionQuerySet:
        """Confirmed and not unsubscribed."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class Subscription(AuditedModel):
    class Kind(models.TextChoices):
        BODY = "body", _("Kallelser och protokoll från ett organ")
        CASE = "case", _("Ett ärende")
        SEARCH = "search", _("En sökfras")

    collaboration = models.ForeignKey(
        Collaboration,
        verbose_name=_("samverkan"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    email = models.EmailField(_("e-post"))
    kind = models.CharField(_("slag"), max_length=10, choices=Kind.choices)
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), null=True, blank=True, on_delete=models.CASCADE
    )
    case = models.ForeignKey(
        Case, verbose_name=_("ärende"), null=True, blank=True, on_delete=models.CASCADE
    )
    phrase = models.CharField(_("sökfras"), max_length=200, blank=True)
    # SHA-256 (hex) of the token in the confirmation link.
    confirm_token_hash = models.CharField(max_length=64, unique=True)
    # Random; the unsubscribe link carries an HMAC of it (selectors.unsubscribe_token).
    unsubscribe_secret = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("anmäld"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(_("bekräftelse skickad"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("senast skickad"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("prenumeration")
        verbose_name_plural = _("prenumerationer")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["email", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="body", body__isnull=False, case__isnull=True, phrase="")
                    | models.Q(kind="case", case__isnull=False, body__isnull=True, phrase="")
                    | (
                        models.Q(kind="search", body__isnull=True, case__isnull=True)
                        & ~models.Q(phrase="")
                    )
                ),
                name="subscription_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.target_label}"

    @property
    def target_label(self) -> str:
        if self.kind == self.Kind.BODY and self.body is not None:
            return self.body.name
        if self.kind == self.Kind.CASE and self.case is not None:
            return str(self.case)
        return f"”{self.phrase}”"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class SubscriptionDelivery(AuditedModel):
    """One item mailed to one subscription: `key` names the item (e.g. "minutes:12")."""

    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("prenumeration"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    key = models.CharField(_("post"), max_length=80)
    sent_at = models.DateTimeField(_("skickad"), auto_now_add=True)

    class Meta:
        verbose_name = _("utskick")
        verbose_name_plural = _("utskick")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "key"], name="delivery_once")
        ]

    def __str__(self) -> str:
        return self.key
