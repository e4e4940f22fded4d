"""Writes of shared costs. Each rule is one function here, each write one transaction
that saves nothing on a broken rule; errors are ValidationError with Swedish messages.
The audit log records every row (AuditedModel)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from samverkan.structure.models import Collaboration, Party

from . import rules, selectors
from .models import (
    Allocation,
    AllocationKey,
    AllocationLine,
    CostItem,
    KeyComponent,
    PopulationFigure,
)


@dataclass
class ComponentInput:
    kind: str
    percent: Decimal
    party: Party | None = None
    parties: Sequence[Party] = field(default_factory=list)


# --- Rules -------------------------------------------------------------------------------


def amount_validate(amount: int) -> None:
    """A cost is never negative (a refund is its own decision, not a negative cost)."""
    if amount is None or amount < 0:
        raise ValidationError({"amount": "Beloppet kan inte vara negativt."})


def key_components_sum_validate(components: Sequence[ComponentInput]) -> None:
    """The components distribute the whole amount: their shares add up to exactly 100 %."""
    if not components:
        raise ValidationError("Nyckeln behöver minst en del.")
    for c in components:
        if c.percent is None or c.percent <= 0:
            raise ValidationError({"percent": "Varje del ska ha en andel större än 0 %."})
    total = sum((Fraction(c.percent) for c in components), Fraction(0))
    if total > 100:
        raise ValidationError(
            f"Andelarna är sammanlagt {rules.percent_text(total)}, över 100 %. "
            "De ska vara exakt 100 %."
        )
    if total != 100:
        raise ValidationError(
            f"Andelarna är sammanlagt {rules.percent_text(total)}. De ska vara exakt 100 %."
        )


def key_component_parties_validate(component: ComponentInput, collaboration: Collaboration) -> None:
    """A fixed share names its one party; a share by population or in equal parts names
    the parties it is split among; all of them parties of this collaboration."""
    if component.kind == KeyComponent.Kind.FIXED:
        if component.party is None:
            raise ValidationError({"party": "En fast andel behöver en part."})
        named = [component.party]
    elif component.kind in (KeyComponent.Kind.POPULATION, KeyComponent.Kind.EQUAL):
        if not component.parties:
            raise ValidationError({"parties": "Välj de parter andelen delas mellan."})
        named = list(component.parties)
    else:
        raise ValidationError({"kind": "Okänt slag av nyckeldel."})
    for party in named:
        if party.collaboration_id != collaboration.pk:
            raise ValidationError({"parties": f"{party} hör till en annan samverkan."})


def population_figures_present_validate(parties: Sequence[Party], on: datetime.date | None) -> None:
    """A share by population needs every party's population on (or before) the day."""
    if not parties:
        return
    if on is None:
        raise ValidationError(
            {
                "reference_date": "Ange referensdag för folkmängden (nyckeln fördelar efter folkmängd)."
            }
        )
    found = selectors.figures_on([p.pk for p in parties], on)
    missing = [p.name for p in parties if p.pk not in found]
    if missing:
        raise ValidationError(
            {
                "reference_date": (
                    f"Folkmängd den {on:%Y-%m-%d} eller tidigare saknas för "
                    + ", ".join(missing)
                    + ". Lägg in folkmängden först."
                )
            }
        )


# --- Population figures ------------------------------------------------------------------


@transaction.atomic
def population_figure_create(
    *,
    party: Party,
    reference_date: datetime.date,
    population: int,
    source: str,
    is_demo: bool = False,
    demo_note: str = "",
) -> PopulationFigure:
    if population is None or population < 0:
        raise ValidationError({"population": "Folkmängden kan inte vara negativ."})
    if not source.strip():
        raise ValidationError({"source": "Ange källan, t.ex. ”SCB, folkmängd 2024-12-31”."})
    if PopulationFigure.objects.filter(party=party, reference_date=reference_date).exists():
        raise ValidationError(
            {"reference_date": f"{party} har redan en folkmängd den {reference_date:%Y-%m-%d}."}
        )
    figure = PopulationFigure(
        party=party,
        reference_date=reference_date,
        population=population,
        source=source.strip(),
        is_demo=is_demo,
        demo_note=demo_note,
    )
    figure.full_clean()
    figure.save()
    return figure


# --- Keys --------------------------------------------------------------------------------


@transaction.atomic
def allocation_key_create(
    *,
    collaboration: Collaboration,
    name: str,
    components: Sequence[ComponentInput],
    description: str = "",
    reference_date: datetime.date | None = None,
) -> AllocationKey:
    if AllocationKey.objects.filter(collaboration=collaboration, name=name.strip()).exists():
        raise ValidationError({"name": "Det finns redan en nyckel med det namnet."})
    key_components_sum_validate(components)
    for c in components:
        key_component_parties_validate(c, collaboration)
    if reference_date is not None:
        population_figures_present_validate(
            [p for c in components if c.kind == KeyComponent.Kind.POPULATION for p in c.parties],
            reference_date,
        )
    key = AllocationKey(
        collaboration=collaboration,
        name=name.strip(),
        description=description,
        reference_date=reference_date,
    )
    key.full_clean()
    key.save()
    for position, c in enumerate(components, start=1):
        component = KeyComponent(
            key=key,
            position=position,
            kind=c.kind,
            percent=c.percent,
            party=c.party if c.kind == KeyComponent.Kind.FIXED else None,
        )
        component.full_clean()
        component.save()
        if c.kind != KeyComponent.Kind.FIXED:
            component.parties.set(c.parties)
    return key


# --- Cost items --------------------------------------------------------------------------


@transaction.atomic
def cost_item_create(
    *,
    collaboration: Collaboration,
    year: int,
    name: str,
    amount: int,
    key: AllocationKey,
    note: str = "",
    is_demo: bool = False,
    demo_note: str = "",
) -> CostItem:
    amount_validate(amount)
    if key.collaboration_id != collaboration.pk:
        raise ValidationError({"key": "Nyckeln hör till en annan samverkan."})
    item = CostItem(
        collaboration=collaboration,
        year=year,
        name=name.strip(),
        amount=amount,
        key=key,
        note=note,
        is_demo=is_demo,
        demo_note=demo_note,
    )
    item.full_clean()
    item.save()
    return item


# --- Allocations -------------------------------------------------------------------------


@transaction.atomic
def allocation_create(
    cost_item: CostItem,
    *,
    reference_date: datetime.date | None = None,
    by: Any = None,
    is_demo: bool | None = None,
    demo_note: str | None = None,
) -> Allocation:
    """Split the cost item by its key with the population on the day, and keep the result
    as it is now: each party's whole kronor and how they were computed. A demo cost's
    allocation is demo data too."""
    amount_validate(cost_item.amount)
    key = cost_item.key
    on = reference_date or key.reference_date
    population_figures_present_validate(
        [
            p
            for c in selectors.key_components(key)
            if c.kind == KeyComponent.Kind.POPULATION
            for p in c.parties.all()
        ],
        on,
    )
    try:
        shares = selectors.allocation_compute(key, cost_item.amount, on)
    except rules.AllocationError as error:
        raise ValidationError(str(error)) from error
    uses_population = bool(selectors.key_population_party_ids(key))
    allocation = Allocation(
        collaboration_id=cost_item.collaboration_id,
        cost_item=cost_item,
        year=cost_item.year,
        item_name=cost_item.name,
        amount=cost_item.amount,
        key_name=key.name,
        key_description=key.description,
        reference_date=on if uses_population else None,
        created_by=str(by) if getattr(by, "is_authenticated", False) else "",
        is_demo=cost_item.is_demo if is_demo is None else is_demo,
        demo_note=cost_item.demo_note if demo_note is None else demo_note,
    )
    allocation.save()
    parties = {p.pk: p for p in Party.objects.filter(pk__in=[s.party.id for s in shares])}
    for position, share in enumerate(shares, start=1):
        AllocationLine(
            allocation=allocation,
            position=position,
            party=parties[share.party.id],
            party_name=share.party.name,
            amount=share.amount,
            exact=f"{share.exact.numerator}/{share.exact.denominator}",
            explanation=share.explanation,
        ).save()
    return allocation
