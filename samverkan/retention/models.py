"""Disposal (gallring) by rule: the collaboration's information management plan
(informationshanteringsplan) gives each document class a rule — kept for ever, or
disposed of a number of years after the case is closed. Documents are classified; a
disposal run lists what the rules allow to remove on a day, an archivist confirms it,
and the run and its lines are kept for ever as the record of what was disposed of.

The rules themselves (what may go, and when) are pure functions in rules.py; the writes
in services.py."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.audit.models import AuditedModel
from samverkan.documents.models import Document
from samverkan.structure.models import InCollaborationQuerySet, Provenance, collaboration_fk


class RetentionRule(Provenance, AuditedModel):
    """A row of the information management plan: one document class and its rule."""

    class Action(models.TextChoices):
        KEEP = "keep", _("Bevaras")
        DISPOSE = "dispose", _("Gallras")

    collaboration = collaboration_fk("retention_rules")
    code = models.CharField(_("klass"), max_length=20, help_text=_("T.ex. ”2.3”."))
    name = models.CharField(_("handlingsslag"), max_length=200)
    action = models.CharField(_("bevaras/gallras"), max_length=10, choices=Action.choices)
    years = models.PositiveSmallIntegerField(
        _("gallras efter (år)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(200)],
        help_text=_("År efter att ärendet avslutats."),
    )
    legal_basis = models.CharField(
        _("beslut/stöd"),
        max_length=300,
        blank=True,
        help_text=_("Gallringsbeslutet eller föreskriften regeln vilar på."),
    )
    note = models.CharField(_("anmärkning"), max_length=300, blank=True)

    objects = InCollaborationQuerySet.as_manager()

    class Meta:
        verbose_name = _("regel i informationshanteringsplanen")
        verbose_name_plural = _("informationshanteringsplan")
        ordering = ["collaboration", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "code"], name="retention_rule_code_unique"
            ),
            models.CheckConstraint(
                condition=(models.Q(action="keep", years__isnull=True))
                | models.Q(action="dispose", years__isnull=False),
                name="retention_rule_years_iff_disposed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def description(self) -> str:
        if self.action == self.Action.KEEP:
            return "Bevaras"
        return f"Gallras {self.years} år efter att ärendet avslutats"


class DocumentClassification(AuditedModel):
    """A document's class in the plan (one per document)."""

    document = models.OneToOneField(
        Document, on_delete=models.PROTECT, related_name="classification"
    )
    rule = models.ForeignKey(
        RetentionRule, on_delete=models.PROTECT, related_name="classifications"
    )
    classified_at = models.DateTimeField(_("klassificerad"), auto_now=True)
    classified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("klassificering")
        verbose_name_plural = _("klassificeringar")

    def __str__(self) -> str:
        return f"{self.document} → {self.rule}"


class DisposalRun(AuditedModel):
    """A disposal run: proposed (a list of what the rules allow), then confirmed by an
    archivist (the documents are disposed of) or cancelled. Kept for ever."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Förslag")
        CONFIRMED = "confirmed", _("Genomförd")
        CANCELLED = "cancelled", _("Avbruten")

    collaboration = collaboration_fk("disposal_runs")
    as_of = models.DateField(_("per dag"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_at = models.DateTimeField(_("föreslagen"), auto_now_add=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.CharField(_("anteckning"), max_length=300, blank=True)

    objects = InCollaborationQuerySet.as_manager()

    class Meta:
        verbose_name = _("gallringskörning")
        verbose_name_plural = _("gallringskörningar")
        ordering = ["-proposed_at", "-pk"]

    def __str__(self) -> str:
        return f"Gallring {self.pk} per {self.as_of}"

    def get_absolute_url(self) -> str:
        return reverse("retention:run", args=[self.pk])

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("En gallringskörning bevaras; den raderas inte.")


class DisposalLine(AuditedModel):
    """One document in a run, described so that the record stands after the document's
    files are gone: title, case, registry, checksum and the rule that allowed it."""

    run = models.ForeignKey(DisposalRun, on_delete=models.PROTECT, related_name="lines")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("titel"), max_length=300)
    case_numbers = models.CharField(_("ärenden"), max_length=300)
    closed_on = models.DateField(_("ärendet avslutat"))
    rule_code = models.CharField(_("klass"), max_length=20)
    rule_description = models.CharField(_("regel"), max_length=300)
    disposable_on = models.DateField(_("får gallras från"))
    versions = models.PositiveSmallIntegerField(_("versioner"))
    sha256 = models.CharField(_("SHA-256 (senaste versionen)"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("storlek (byte)"), default=0)
    was_confidential = models.BooleanField(_("sekretessmarkerad"), default=False)

    class Meta:
        verbose_name = _("gallrad handling")
        verbose_name_plural = _("gallrade handlingar")
        ordering = ["run", "document_id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "document"], name="disposal_line_once")
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValidationError("En rad i en gallringskörning ändras inte.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("En rad i en gallringskörning bevaras; den raderas inte.")
