"""Preparation (beredning): an official drafts an agenda item as a tjänsteskrivelse
(officer report), the body's named reviewers approve it or send it back, and the
secretariat places the approved item on a meeting's agenda. Every step is a row in the
item's history."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.access import policy
from samverkan.access.policy import Audience
from samverkan.audit.models import AuditedModel
from samverkan.documents.models import Document
from samverkan.meetings.models import ConfidentialityFields
from samverkan.structure.models import Body, Person


class Reviewer(AuditedModel):
    """Someone who approves the body's items before they go on its agenda (the chair,
    the collaboration lead), named by the body's secretariat."""

    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.CASCADE, related_name="reviewers"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="review_places"
    )
    role_label = models.CharField(
        _("roll"),
        max_length=100,
        blank=True,
        help_text=_("T.ex. ”ordförande”, ”samverkansledare”."),
    )

    class Meta:
        verbose_name = _("granskare")
        verbose_name_plural = _("granskare")
        ordering = ["body", "person__name"]
        constraints = [models.UniqueConstraint(fields=["body", "person"], name="reviewer_unique")]

    def __str__(self) -> str:
        label = f" ({self.role_label})" if self.role_label else ""
        return f"{self.person}{label}"


PLACEABLE = models.Q(status="approved") | models.Q(status="placed", agenda_item__isnull=True)


class PreparationQuerySet(models.QuerySet["Preparation"]):
    def visible_to(self, audience: Audience) -> "PreparationQuerySet":
        """Never public: the author, those who prepare for the body, its reviewers."""
        condition = policy.preparation_reader_q(audience)
        return self.filter(pk__in=Preparation.objects.filter(condition).values("pk"))

    def placeable(self) -> "PreparationQuerySet":
        return self.filter(PLACEABLE)


class Preparation(ConfidentialityFields, AuditedModel):
    """An agenda item in preparation, written from the tjänsteskrivelse template."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Inskickad för granskning")
        APPROVED = "approved", _("Godkänd för dagordning")
        RETURNED = "returned", _("Återsänd")
        PLACED = "placed", _("Planerad på sammanträde")

    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="preparations"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("författare"),
        on_delete=models.PROTECT,
        related_name="preparations",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    title = models.CharField(_("rubrik"), max_length=300)
    background = models.TextField(_("bakgrund"), blank=True)
    assessment = models.TextField(_("bedömning"), blank=True)
    proposed_decision = models.TextField(
        _("förslag till beslut"), blank=True, help_text=_("En beslutspunkt per rad.")
    )
    dispatch_to = models.TextField(
        _("expedieras till"),
        blank=True,
        help_text=_(
            "En mottagare per rad: en part (”Norrby kommun”) eller ”Namn <adress>”. "
            "Följer med till punkten på dagordningen."
        ),
    )
    consequences_children = models.TextField(
        _("konsekvenser för barn"),
        blank=True,
        help_text=_("Barnrättsperspektivet: hur beslutet påverkar barn och unga."),
    )
    consequences_parties = models.TextField(
        _("konsekvenser för parterna"),
        blank=True,
        help_text=_("Ekonomi, verksamhet och ansvar för regionen och kommunerna."),
    )
    contact = models.CharField(
        _("kontaktperson"),
        max_length=300,
        blank=True,
        help_text=_("Namn och titel; blir föredragande på dagordningen."),
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("ärende"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="preparations",
    )
    agenda_item = models.OneToOneField(
        "meetings.AgendaItem",
        verbose_name=_("punkt på dagordningen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="preparation",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    is_demo = models.BooleanField(_("demodata"), default=False)

    objects = PreparationQuerySet.as_manager()

    class Meta:
        verbose_name = _("ärende i beredning")
        verbose_name_plural = _("ärenden i beredning")
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["body", "status"]),
            models.Index(fields=["author", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("preparation:detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_placeable(self) -> bool:
        """Approved, or placed on an agenda from which the item was later removed."""
        return self.status == self.Status.APPROVED or (
            self.status == self.Status.PLACED and self.agenda_item_id is None
        )

    @property
    def decision_points(self) -> list[str]:
        return [line.strip() for line in self.proposed_decision.splitlines() if line.strip()]

    @property
    def dispatch_list(self) -> list[str]:
        return [line.strip() for line in self.dispatch_to.splitlines() if line.strip()]


class PreparationDocument(AuditedModel):
    """A document attached to the item; it lives in the one document store."""

    preparation = models.ForeignKey(
        Preparation, verbose_name=_("beredning"), on_delete=models.CASCADE, related_name="documents"
    )
    document = models.ForeignKey(
        Document,
        verbose_name=_("handling"),
        on_delete=models.PROTECT,
        related_name="preparation_links",
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("bifogad handling")
        verbose_name_plural = _("bifogade handlingar")
        ordering = ["preparation", "position", "id"]

    def __str__(self) -> str:
        return self.document.title


class PreparationEvent(AuditedModel):
    """One step in the item's history: who did what, when, and why."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Utkast skapat")
        EDITED = "edited", _("Ändrat")
        DOCUMENT_ADDED = "document_added", _("Handling bifogad")
        SUBMITTED = "submitted", _("Inskickat för granskning")
        APPROVED = "approved", _("Godkänt för dagordning")
        RETURNED = "returned", _("Återsänt")
        PLACED = "placed", _("Placerat på sammanträde")

    preparation = models.ForeignKey(
        Preparation, verbose_name=_("beredning"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("händelse"), max_length=20, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    by_label = models.CharField(_("av (namn)"), max_length=200, blank=True)
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True)
    comment = models.TextField(_("kommentar"), blank=True)

    class Meta:
        verbose_name = _("händelse i beredningen")
        verbose_name_plural = _("beredningens historik")
        ordering = ["preparation", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
