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
