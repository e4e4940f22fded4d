"""An export job: what the archivist asked to take to the e-archive, and how it went."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.audit.models import AuditedModel
from samverkan.structure.models import Body


class ArchiveExport(AuditedModel):
    class Kind(models.TextChoices):
        CASE = "case", _("Ärende")
        BODY_YEAR = "body_year", _("Organ och år")
        CLOSED = "closed", _("Allt avslutat")

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    kind = models.CharField(_("vad"), max_length=10, choices=Kind.choices)
    case_number = models.CharField(_("diarienummer"), max_length=40, blank=True)
    body = models.ForeignKey(
        Body,
        verbose_name=_("organ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beställd av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("beställd"), auto_now_add=True)
    started_at = models.DateTimeField(_("startad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    package_count = models.PositiveIntegerField(_("paket"), default=0)
    result_name = models.CharField(_("fil"), max_length=200, blank=True)
    result_size = models.PositiveBigIntegerField(_("storlek (byte)"), null=True, blank=True)
    result_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    error = models.TextField(_("fel"), blank=True)

    class Meta:
        verbose_name = _("e-arkivexport")
        verbose_name_plural = _("e-arkivexporter")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.what}"

    @property
    def what(self) -> str:
        if self.kind == self.Kind.CASE:
            return self.case_number
        if self.kind == self.Kind.BODY_YEAR:
            return f"{self.body.short_name if self.body else ''} {self.year or ''}".strip()
        return str(_("alla avslutade ärenden och organsår"))
