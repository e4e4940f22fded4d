"""Documents: files with versions and checksums, and confidentiality marks.

A public document (allmän handling) is never deleted; only disposal by an approved rule
removes it (the archive issue builds that)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.audit.models import AuditedModel


class DocumentQuerySet(models.QuerySet["Document"]):
    def visible_to(self, audience: object) -> "DocumentQuerySet":
        """The access policy for the one document store. A document is read by everyone
        when it is not confidential and not a supporting document of a closed agenda
        item; otherwise by those who may read the confidential parts of a case it is
        registered in, and by those inside a meeting whose agenda holds it (the agenda
        links are named by path, so this app needs no import of the meetings app)."""
        from samverkan.access.policy import (
            audience_for,
            case_confidential_reader_q,
            meeting_insider_q,
            preparation_reader_q,
        )

        aud = audience_for(audience)
        if aud.is_admin:
            return self
        # Correlated to the row (EXISTS … WHERE pk = outer pk), so each document is checked
        # through its own links' indexes, not against the set of every closed document.
        closed = models.Exists(
            Document.objects.filter(
                pk=models.OuterRef("pk"), agenda_links__agenda_item__is_public=False
            )
        )
        # A document attached to an item in preparation and not (yet) on an agenda is read
        # by those who read the preparation only (the link is named by path: the
        # preparation app is above this one).
        preparing = models.Exists(
            Document.objects.filter(
                pk=models.OuterRef("pk"), preparation_links__isnull=False, agenda_links__isnull=True
            )
        )
        hidden = models.Q(closed) | models.Q(preparing)
        public = models.Q(confidentiality_ground="") & ~hidden
        if aud.is_anonymous and not aud.insider_periods:
            return self.filter(public)  # the public (those called by mail have periods)
        by_case = Document.objects.filter(
            case_confidential_reader_q(aud, "registry_entries__case__")
        ).values("pk")
        by_meeting = Document.objects.filter(
            meeting_insider_q(aud, "agenda_links__agenda_item__meeting__")
        ).values("pk")
        by_preparation = Document.objects.filter(
            preparation_reader_q(aud, "preparation_links__preparation__")
        ).values("pk")
        # A closed item's document is read inside its meeting only, whatever the case.
        return self.filter(
            public
            | (models.Q(pk__in=by_case) & ~hidden)
            | models.Q(pk__in=by_meeting)
            | models.Q(pk__in=by_preparation)
        )

    def changeable_by(self, audience: object) -> "DocumentQuerySet":
        """Documents the audience may give a new version (the access policy)."""
        from samverkan.access.policy import audience_for, document_editor_q

        cond = document_editor_q(audience_for(audience))
        return self.filter(pk__in=Document.objects.filter(cond).values("pk"))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError(
            "Allmänna handlingar raderas inte; de kan bara gallras enligt beslut."
        )


class Document(AuditedModel):
    title = models.CharField(_("titel"), max_length=300)
    confidentiality_ground = models.CharField(
        _("sekretessgrund"),
        max_length=100,
        blank=True,
        help_text=_("Lagrum i offentlighets- och sekretesslagen, t.ex. ”OSL 21 kap. 1 §”."),
    )
    confidentiality_marked_at = models.DateTimeField(_("sekretessmarkerad"), null=True, blank=True)
    confidentiality_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    is_demo = models.BooleanField(_("demodata"), default=False)
    # Disposal (gallring) by rule, confirmed by an archivist: the files and their text
    # are gone; the row stays as the record that the document existed.
    disposed_at = models.DateTimeField(_("gallrad"), null=True, blank=True)
    disposal_note = models.CharField(_("gallringsbeslut"), max_length=300, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("handling")
        verbose_name_plural = _("handlingar")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("documents:detail", args=[self.pk])

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError(
            "Allmänna handlingar raderas inte; de kan bara gallras enligt beslut."
        )

    @property
    def is_confidential(self) -> bool:
        return bool(self.confidentiality_ground)

    @property
    def current(self) -> "DocumentVersion | None":
        """The version in force; none once the document is disposed of (its files are
        gone)."""
        if self.disposed_at is not None:
            return None
        return self.versions.order_by("-number").first()


class DocumentVersion(AuditedModel):
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("fil"), upload_to="handlingar/%Y/")
    original_name = models.CharField(_("filnamn"), max_length=255)
    content_type = models.CharField(_("filtyp"), max_length=100)
    size = models.PositiveBigIntegerField(_("storlek (byte)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    text = models.TextField(_("text"), blank=True, help_text=_("Utdragen text för sökning."))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versioner")
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("Versioner av allmänna handlingar raderas inte.")
