"""Follow-up: assignments (uppdrag) that decisions and recommendations give, with their
progress reports. The dashboards and yearly reports read the other apps and store
nothing of their own."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.access.policy import Audience
from samverkan.audit.models import AuditedModel
from samverkan.cases.models import Decision, Recommendation
from samverkan.meetings.models import Section
from samverkan.structure.models import Body, Party, Person


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def visible_to(self, audience: Audience) -> "AssignmentQuerySet":
        """An assignment is as public as the decision it comes from: one from a § is read
        by those who read the §; one from a recommendation or a decision outside the
        minutes is public (the decision is, see cases.models.DecisionQuerySet)."""
        sections = Section.objects.visible_to(audience).values("pk")
        decisions = Decision.objects.visible_to(audience).values("pk")
        return self.filter(
            (Q(section__isnull=True) | Q(section__in=sections))
            & (Q(decision__isnull=True) | Q(decision__in=decisions))
        )


class Assignment(AuditedModel):
    """An assignment a decision or a recommendation gives: who is to do what by when, and
    the body that follows it up. Sub-assignments share their parent's source."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Ej påbörjat")
        ONGOING = "ongoing", _("Pågår")
        DONE = "done", _("Klart")
        CANCELLED = "cancelled", _("Avbrutet")

    body = models.ForeignKey(
        Body,
        verbose_name=_("följs upp av"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    # The source: a § of the minutes, a decision of a case, or a recommendation.
    section = models.ForeignKey(
        Section,
        verbose_name=_("paragraf"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("beslut"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("rekommendation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("huvuduppdrag"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    title = models.CharField(_("uppdrag"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    owner_person = models.ForeignKey(
        Person,
        verbose_name=_("ansvarig person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    owner_party = models.ForeignKey(
        Party,
        verbose_name=_("ansvarig part"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    owner_body = models.ForeignKey(
        Body,
        verbose_name=_("ansvarigt organ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_assignments",
    )
    decided_on = models.DateField(_("beslutat"))
    deadline = models.DateField(_("klart senast"))
    review_on = models.DateField(_("avstämning"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    completed_on = models.DateField(_("klart den"), null=True, blank=True)
    cancelled_on = models.DateField(_("avbrutet den"), null=True, blank=True)
    deadline_reminded_on = models.DateField(_("påmint om slutdatum"), null=True, blank=True)
    review_reminded_on = models.DateField(_("påmint om avstämning"), null=True, blank=True)
    is_demo = models.BooleanField(_("demodata"), default=False)
    demo_note = models.CharField(_("om demodatan"), max_length=300, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("beslutat uppdrag")
        verbose_name_plural = _("beslutade uppdrag")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["body", "status", "deadline"], name="assignment_body")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(section__isnull=False, decision__isnull=True, recommendation__isnull=True)
                    | Q(section__isnull=True, decision__isnull=False, recommendation__isnull=True)
                    | Q(section__isnull=True, decision__isnull=True, recommendation__isnull=False)
                ),
                name="assignment_one_source",
            ),
            models.CheckConstraint(
                condition=(
                    Q(owner_person__isnull=False, owner_party__isnull=True, owner_body__isnull=True)
                    | Q(
                        owner_person__isnull=True,
                        owner_party__isnull=False,
                        owner_body__isnull=True,
                    )
                    | Q(
                        owner_person__isnull=True,
                        owner_party__isnull=True,
                        owner_body__isnull=False,
                    )
                ),
                name="assignment_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("decided_on")),
                name="assignment_deadline_after_decision",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("followup:assignment", args=[self.pk])

    @property
    def owner(self) -> Person | Party | Body | None:
        return self.owner_person or self.owner_party or self.owner_body


class ProgressReport(AuditedModel):
    """A report on how an assignment is going: when, what, and how far (per cent)."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="progress_reports"
    )
    date = models.DateField(_("datum"))
    text = models.TextField(_("lägesrapport"))
    percent = models.PositiveSmallIntegerField(
        _("andel klart (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demodata"), default=False)

    class Meta:
        verbose_name = _("lägesrapport")
        verbose_name_plural = _("lägesrapporter")
        ordering = ["assignment", "-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100),
                name="progress_percent_at_most_100",
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment}: {self.date}"
