"""Shared costs (kostnadsfördelning): population figures per party, allocation keys made
of components, cost items per year, and allocations frozen when they are saved.

The computation is one pure function (rules.py); the writes and their rules are in
services.py, the reads in selectors.py."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.audit.models import AuditedModel
from samverkan.structure.models import (
    InCollaborationQuerySet,
    Party,
    Provenance,
    collaboration_fk,
)


class Frozen(models.Model):
    """Saved once, never changed: a new allocation is made instead (history per year)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValidationError("En sparad fördelning ändras inte; gör en ny fördelning.")
        super().save(*args, **kwargs)


class PopulationFigure(Provenance, AuditedModel):
    """A party's population on a reference date, with its source (e.g. SCB)."""

    party = models.ForeignKey(
        Party,
        verbose_name=_("part"),
        on_delete=models.PROTECT,
        related_name="population_figures",
    )
    reference_date = models.DateField(_("referensdag"))
    population = models.PositiveIntegerField(_("folkmängd"))

    class Meta:
        verbose_name = _("folkmängd")
        verbose_name_plural = _("folkmängder")
        ordering = ["party__sort_order", "party__name", "-reference_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["party", "reference_date"], name="population_figure_unique_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.population} ({self.reference_date:%Y-%m-%d})"


class AllocationKey(AuditedModel):
    """A fördelningsnyckel: how an amount is split, as ordered components whose shares
    add up to 100 %."""

    collaboration = collaboration_fk("allocation_keys")
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    reference_date = models.DateField(
        _("referensdag för folkmängd"),
        null=True,
        blank=True,
        help_text=_(
            "Folkmängden den dagen (eller närmast före) används; tomt: välj vid fördelning."
        ),
    )

    objects = InCollaborationQuerySet.as_manager()

    class Meta:
        verbose_name = _("fördelningsnyckel")
        verbose_name_plural = _("fördelningsnycklar")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "name"], name="allocation_key_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("costs:key", args=[self.pk])


class KeyComponent(AuditedModel):
    class Kind(models.TextChoices):
        FIXED = "fixed", _("Fast andel")
        POPULATION = "population", _("Efter folkmängd")
        EQUAL = "equal", _("Lika delar")

    key = models.ForeignKey(
        AllocationKey, verbose_name=_("nyckel"), on_delete=models.CASCADE, related_name="components"
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=1)
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices)
    percent = models.DecimalField(
        _("andel i procent"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    party = models.ForeignKey(
        Party,
        verbose_name=_("part (fast andel)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    parties = models.ManyToManyField(Party, verbose_name=_("parter"), blank=True, related_name="+")

    class Meta:
        verbose_name = _("nyckeldel")
        verbose_name_plural = _("nyckeldelar")
        ordering = ["key", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.key}: {self.get_kind_display()} {self.percent} %"


class CostItem(Provenance, AuditedModel):
    """A shared cost of one year (samverkansledare, koordinatorer, kansli …)."""

    collaboration = collaboration_fk("cost_items")
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    name = models.CharField(_("kostnad"), max_length=200)
    amount = models.BigIntegerField(
        _("belopp (kr)"),
        validators=[MinValueValidator(0, message=_("Beloppet kan inte vara negativt."))],
    )
    key = models.ForeignKey(
        AllocationKey,
        verbose_name=_("fördelningsnyckel"),
        on_delete=models.PROTECT,
        related_name="cost_items",
    )
    note = models.TextField(_("anteckning"), blank=True)

    objects = InCollaborationQuerySet.as_manager()

    class Meta:
        verbose_name = _("kostnadspost")
        verbose_name_plural = _("kostnadsposter")
        ordering = ["-year", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"


class Allocation(Frozen, Provenance, AuditedModel):
    """A cost item split between the parties as it was saved: the lines are frozen, so
    new population figures or a changed key later never change it (history per year)."""

    collaboration = collaboration_fk("allocations")
    cost_item = models.ForeignKey(
        CostItem,
        verbose_name=_("kostnadspost"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    year = models.PositiveSmallIntegerField(_("år"))
    item_name = models.CharField(_("kostnad"), max_length=200)
    amount = models.BigIntegerField(_("belopp (kr)"))
    key_name = models.CharField(_("fördelningsnyckel"), max_length=200)
    key_description = models.TextField(_("nyckelns beskrivning"), blank=True)
    reference_date = models.DateField(_("referensdag för folkmängd"), null=True, blank=True)
    created_at = models.DateTimeField(_("sparad"), auto_now_add=True)
    created_by = models.CharField(_("sparad av"), max_length=200, blank=True)

    objects = InCollaborationQuerySet.as_manager()

    class Meta:
        verbose_name = _("fördelning")
        verbose_name_plural = _("fördelningar")
        ordering = ["-year", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.item_name} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("costs:allocation", args=[self.pk])


class AllocationLine(Frozen, AuditedModel):
    """One party's figure in a saved allocation, with how it was computed."""

    allocation = models.ForeignKey(
        Allocation, verbose_name=_("fördelning"), on_delete=models.CASCADE, related_name="lines"
    )
    position = models.PositiveSmallIntegerField(_("ordning"))
    party = models.ForeignKey(
        Party, verbose_name=_("part"), on_delete=models.PROTECT, related_name="+"
    )
    party_name = models.CharField(_("part"), max_length=200)
    amount = models.BigIntegerField(_("belopp (kr)"))
    exact = models.CharField(_("exakt andel (kr, bråk)"), max_length=100)
    explanation = models.TextField(_("förklaring"))

    class Meta:
        verbose_name = _("fördelningsrad")
        verbose_name_plural = _("fördelningsrader")
        ordering = ["allocation", "position"]

    def __str__(self) -> str:
        return f"{self.party_name}: {self.amount} kr"
