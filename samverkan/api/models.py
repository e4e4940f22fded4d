"""Tokens for the parties' systems and the secretariat's tools, the log of every use,
and webhook subscribers with their delivery log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.audit.models import AuditedModel
from samverkan.structure.models import Party


class ApiToken(AuditedModel):
    """A bearer token. Only its SHA-256 is stored; the token itself is shown once, when
    it is made. It acts with the rights of its account, exactly as that account has them
    in the web interface; a party system's token may also register its party's answers
    to recommendations."""

    name = models.CharField(_("system"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("konto"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    party = models.ForeignKey(
        Party,
        verbose_name=_("part"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        help_text=_("Partens eget ärendesystem: registrerar partens svar på rekommendationer."),
    )
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ApiRequest(models.Model):
    """Every use of a token: when, what, the answer's status."""

    token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, related_name="requests")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=500)
    status = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.method} {self.path} {self.status}"


class WebhookSubscriber(AuditedModel):
    """A receiver of change notifications: the events it wants, the shared secret the
    deliveries are signed with (HMAC-SHA256), and how far into the change log it has
    been served."""

    class Event(models.TextChoices):
        NOTICE_SENT = "notice.sent", _("Kallelse skickad")
        MINUTES_ATTESTED = "minutes.attested", _("Protokoll justerat")
        RECOMMENDATION_ISSUED = "recommendation.issued", _("Rekommendation utfärdad")
        RESPONSE_REGISTERED = "response.registered", _("Partens svar registrerat")

    name = models.CharField(_("mottagare"), max_length=200)
    url = models.URLField(_("adress"), max_length=500)
    secret = models.CharField(_("hemlighet"), max_length=100)
    events = models.JSONField(_("händelser"), default=list)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    active = models.BooleanField(_("aktiv"), default=True)
    disabled_reason = models.CharField(_("avstängd för"), max_length=300, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    # The last change-log entry turned into deliveries for this subscriber.
    audit_cursor = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("webhook-mottagare")
        verbose_name_plural = _("webhook-mottagare")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One event for one subscriber: its payload, the attempts and their outcome."""

    subscriber = models.ForeignKey(
        WebhookSubscriber, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=40)
    audit_entry_id = models.BigIntegerField()
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    gave_up_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "audit_entry_id", "event"], name="webhook_delivery_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscriber}"
