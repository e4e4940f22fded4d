"""Cases: the registry (diarium) with its number series, registry entries, the case's
handlings in bodies, decisions, and recommendations every party answers for itself."""

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.audit.models import AuditedModel
from samverkan.documents.models import Document
from samverkan.meetings.models import AgendaItem, Section
from samverkan.structure.models import (
    Body,
    DatePrecision,
    Party,
    Person,
    collaboration_fk,
    format_fuzzy_date,
)


class CaseSeries(AuditedModel):
    """A number series of a registering organisation, e.g. RS for the region board."""

    collaboration = collaboration_fk("case_series")
    code = models.CharField(_("serie"), max_length=12)
    name = models.CharField(_("namn"), max_length=200)
    organisation = models.ForeignKey(
        Party,
        verbose_name=_("registrerande organisation"),
        on_delete=models.PROTECT,
        related_name="case_series",
    )
    registrars = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registratorer"),
        blank=True,
        related_name="registrar_series",
        help_text=_("Registrerar i serien och läser dess sekretessmarkerade handlingar."),
    )

    class Meta:
        verbose_name = _("diarieserie")
        verbose_name_plural = _("diarieserier")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "code"], name="series_code_unique_in_collaboration"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class CaseNumberCounter(models.Model):
    """The last number given in a series and year; locked while the next is allocated."""

    series = models.ForeignKey(CaseSeries, on_delete=models.CASCADE, related_name="counters")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="counter_per_year")]

    def __str__(self) -> str:
        return f"{self.series.code} {self.year}: {self.last_number}"


class CaseType(AuditedModel):
    """A kind of case and the bodies it normally passes through, in order.

    A type belongs to a series: its registrars keep its flow, and the series' cases
    choose among its types. A type without a series is shared by every series and kept
    by administrators."""

    name = models.CharField(_("namn"), max_length=200)
    series = models.ForeignKey(
        CaseSeries,
        verbose_name=_("serie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_types",
        help_text=_("Tomt: gemensam för alla serier (ändras av administratörer)."),
    )
    flow: "models.ManyToManyField[Body, FlowStep]" = models.ManyToManyField(
        Body, through="FlowStep", related_name="+", verbose_name=_("ärendegång")
    )

    class Meta:
        verbose_name = _("ärendetyp")
        verbose_name_plural = _("ärendetyper")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "name"],
                condition=models.Q(series__isnull=False),
                name="case_type_name_per_series",
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(series__isnull=True),
                name="case_type_name_shared",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FlowStep(AuditedModel):
    case_type = models.ForeignKey(CaseType, on_delete=models.CASCADE, related_name="steps")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("ordning"))
    purpose = models.CharField(_("syfte"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("steg i ärendegång")
        verbose_name_plural = _("steg i ärendegång")
        ordering = ["case_type", "position"]


def confidential_reader_exists(audience: object, case_ref: str) -> models.Q:
    """The policy's condition for reading a case's confidential parts, checked per row as
    EXISTS over the case that `case_ref` names ("pk" on a case, "case_id" on an entry): its
    cost follows the rows looked at, where an IN over every readable case read all
    200 000 cases and their handlings (9 s for a registrar's registry page, measured)."""
    from samverkan.access.expressions import PerRowExists
    from samverkan.access.policy import audience_for, case_confidential_reader_q

    cond = case_confidential_reader_q(audience_for(audience))
    if not cond:
        return models.Q(pk__isnull=False)
    return models.Q(PerRowExists(Case.objects.filter(cond, pk=models.OuterRef(case_ref))))


class CaseQuerySet(models.QuerySet["Case"]):
    def visible_to(self, audience: object) -> "CaseQuerySet":
        """Cases are public (their registry entries are masked, not hidden)."""
        return self

    def confidential_readable_by(self, audience: object) -> "CaseQuerySet":
        """Cases whose confidential parts the audience reads (the access policy)."""
        return self.filter(confidential_reader_exists(audience, "pk"))


class Case(AuditedModel):
    series = models.ForeignKey(
        CaseSeries, verbose_name=_("serie"), on_delete=models.PROTECT, related_name="cases"
    )
    number = models.PositiveIntegerField(_("löpnummer"))
    year = models.PositiveSmallIntegerField(_("år"))
    title = models.CharField(_("ärendemening"), max_length=400)
    description = models.TextField(_("beskrivning"), blank=True)
    case_type = models.ForeignKey(
        CaseType, verbose_name=_("ärendetyp"), null=True, blank=True, on_delete=models.PROTECT
    )
    case_officer = models.ForeignKey(
        Person,
        verbose_name=_("handläggare"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_handled",
    )
    registered_on = models.DateField(_("registrerat"), null=True, blank=True)
    closed_on = models.DateField(_("avslutat"), null=True, blank=True)
    is_demo = models.BooleanField(_("demodata"), default=False)
    source = models.CharField(_("källa"), max_length=300, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["series", "year", "number"], name="case_number_unique")
        ]
        # The case list, newest first, and by year (read backwards).
        indexes = [models.Index(fields=["year", "number", "id"], name="case_list_order")]

    def __str__(self) -> str:
        return f"{self.case_number} {self.title}"

    @property
    def case_number(self) -> str:
        return f"{self.series.code}/{self.number}/{self.year}"

    URL_NAME = "cases:case"

    def url_args(self) -> list[Any]:
        return [self.series.code, self.number, self.year]

    def get_absolute_url(self) -> str:
        return reverse(self.URL_NAME, args=self.url_args())


class RegistryEntryQuerySet(models.QuerySet["RegistryEntry"]):
    def for_listing(self) -> "RegistryEntryQuerySet":
        return self.select_related("case__series", "document")

    def visible_to(self, audience: object) -> "RegistryEntryQuerySet":
        """Registry entries are never hidden: protected parts are masked on display."""
        return self

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Diarieposter raderas inte.")

    def unmasked_for(self, audience: object) -> "RegistryEntryQuerySet":
        """Entries the audience reads in full: nothing protected, or a case it may read."""
        return self.filter(
            models.Q(counterpart_protected=False, description_protected=False)
            | confidential_reader_exists(audience, "case_id")
        )


class RegistryEntry(AuditedModel):
    """A registered document (OSL 5 kap. 2 §): date, case number, sender or recipient and
    a short description. Parts may be protected by confidentiality and are then masked
    for everyone without the right to see them."""

    class Direction(models.TextChoices):
        RECEIVED = "received", _("Inkommen")
        SENT = "sent", _("Upprättad och expedierad")
        DRAWN_UP = "drawn_up", _("Upprättad")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="entries")
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="registry_entries"
    )
    date = models.DateField(_("datum"))
    date_precision = models.CharField(
        max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    direction = models.CharField(_("riktning"), max_length=10, choices=Direction.choices)
    counterpart = models.CharField(_("avsändare/mottagare"), max_length=300, blank=True)
    description = models.CharField(_("kort beskrivning"), max_length=500)
    counterpart_protected = models.BooleanField(_("avsändare/mottagare sekretess"), default=False)
    description_protected = models.BooleanField(_("beskrivning sekretess"), default=False)
    confidentiality_ground = models.CharField(_("sekretessgrund"), max_length=100, blank=True)
    marked_at = models.DateTimeField(null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField(_("demodata"), default=False)

    objects = RegistryEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("diarieföring")
        verbose_name_plural = _("diarieföringar")
        ordering = ["case", "date", "id"]
        indexes = [
            # The registry, newest first, and by year as a date range (read backwards).
            models.Index(fields=["date", "id"], name="registry_entry_list_order"),
            # The entries of a document. Most entries have none, and SQLite's statistics
            # count the entries without one as one value: by the foreign key's own index it
            # judged a document to have a quarter of a million entries, and tested whether
            # a document is in a collaboration's cases by reading all of them (an OParl
            # file list's page 320 ms → 50 ms at national scale).
            models.Index(
                fields=["document"],
                condition=models.Q(document__isnull=False),
                name="registry_entry_document",
            ),
        ]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("Diarieposter raderas inte.")

    def __str__(self) -> str:
        return f"{self.case.case_number} {self.date}: {self.description[:60]}"

    @property
    def date_display(self) -> str:
        return format_fuzzy_date(self.date, self.date_precision)


class HandlingQuerySet(models.QuerySet["Handling"]):
    def visible_to(self, audience: object) -> "HandlingQuerySet":
        """Handlings read in full: those outside a meeting, and those whose agenda item the
        audience reads (the others are listed by their pages with the summary masked)."""
        from samverkan.access.policy import audience_for

        # Correlated to the row's own item: checked through its index, never the set of
        # every readable item (a million at national scale).
        items = AgendaItem.objects.visible_to(audience_for(audience)).filter(
            pk=models.OuterRef("agenda_item")
        )
        return self.filter(models.Q(agenda_item__isnull=True) | models.Q(models.Exists(items)))


class DecisionQuerySet(models.QuerySet["Decision"]):
    def visible_to(self, audience: object) -> "DecisionQuerySet":
        """Decisions read in full: those outside minutes, and those of §§ the audience
        reads (a closed or unattested § keeps its decision text)."""
        from samverkan.access.policy import audience_for

        sections = Section.objects.visible_to(audience_for(audience)).filter(
            pk=models.OuterRef("section")
        )
        return self.filter(models.Q(section__isnull=True) | models.Q(models.Exists(sections)))


class Handling(AuditedModel):
    """A case handled in a body: prepared, decided, informed or followed up."""

    class Kind(models.TextChoices):
        PREPARATION = "preparation", _("Beredning")
        PROPOSAL = "proposal", _("Förslag")
        DECISION = "decision", _("Beslut")
        INFORMATION = "information", _("Information")
        FOLLOW_UP = "follow_up", _("Uppföljning")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="handlings")
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="handlings"
    )
    kind = models.CharField(_("typ"), max_length=12, choices=Kind.choices)
    date = models.DateField(_("datum"), null=True, blank=True)
    date_precision = models.CharField(
        max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    summary = models.TextField(_("sammanfattning"), blank=True)
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="handlings"
    )
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="handlings"
    )
    is_demo = models.BooleanField(_("demodata"), default=False)
    demo_note = models.CharField(max_length=300, blank=True)

    objects = HandlingQuerySet.as_manager()

    class Meta:
        verbose_name = _("behandling")
        verbose_name_plural = _("behandlingar")
        ordering = ["case", "date", "id"]

    def __str__(self) -> str:
        return f"{self.case.case_number}: {self.get_kind_display()} i {self.body.short_name}"

    @property
    def date_display(self) -> str:
        return format_fuzzy_date(self.date, self.date_precision)


class Decision(AuditedModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    handling = models.ForeignKey(
        Handling, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="decisions")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    date = models.DateField(_("beslutsdatum"))
    date_precision = models.CharField(
        max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    text = models.TextField(_("beslut"))
    founds_body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="founding_decisions"
    )
    dissolves_body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="dissolving_decisions"
    )
    is_demo = models.BooleanField(_("demodata"), default=False)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")
        ordering = ["case", "date", "id"]

    def __str__(self) -> str:
        return f"{self.case.case_number} {self.body.short_name} {self.date}"

    @property
    def date_display(self) -> str:
        return format_fuzzy_date(self.date, self.date_precision)


class Recommendation(AuditedModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="recommendations")
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="recommendations"
    )
    title = models.CharField(_("rubrik"), max_length=300)
    text = models.TextField(_("rekommendation"))
    proposed_by = models.CharField(_("föreslagen av"), max_length=200, blank=True)
    issued_on = models.DateField(_("utfärdad"), null=True, blank=True)
    answer_by = models.DateField(_("svar senast"), null=True, blank=True)
    is_demo = models.BooleanField(_("demodata"), default=False)
    demo_note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("rekommendation")
        verbose_name_plural = _("rekommendationer")
        ordering = ["-issued_on", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cases:recommendation", args=[self.pk])


class PartyResponse(AuditedModel):
    class Status(models.TextChoices):
        NOT_HANDLED = "not_handled", _("Ej behandlad")
        ADOPTED = "adopted", _("Antagen")
        ADOPTED_WITH_CHANGES = "adopted_with_changes", _("Antagen med ändringar")
        REJECTED = "rejected", _("Avslagen")

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="responses"
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="responses")
    status = models.CharField(
        _("partens beslut"), max_length=24, choices=Status.choices, default=Status.NOT_HANDLED
    )
    decision_reference = models.CharField(_("partens beslutsreferens"), max_length=200, blank=True)
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("anteckning"), max_length=300, blank=True)
    reminded_at = models.DateTimeField(_("påmind"), null=True, blank=True)

    class Meta:
        verbose_name = _("partens svar")
        verbose_name_plural = _("parternas svar")
        ordering = ["recommendation", "party__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "party"], name="one_response_per_party"
            )
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.get_status_display()}"
