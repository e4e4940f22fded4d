"""Reads of shared costs: figures on a day, a key as the rules see it, the years and
what each party pays in a year."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from samverkan.structure.models import Collaboration, Party

from . import rules
from .models import (
    Allocation,
    AllocationKey,
    AllocationLine,
    CostItem,
    KeyComponent,
    PopulationFigure,
)


def party_ref(party: Party) -> rules.PartyRef:
    return rules.PartyRef(id=party.pk, name=party.name, sort_order=party.sort_order)


def figures_on(party_ids: Iterable[int], on: datetime.date) -> dict[int, PopulationFigure]:
    """Each party's newest population figure on or before the day."""
    found: dict[int, PopulationFigure] = {}
    rows = PopulationFigure.objects.filter(
        party_id__in=list(party_ids), reference_date__lte=on
    ).order_by("party_id", "-reference_date")
    for figure in rows:
        found.setdefault(figure.party_id, figure)
    return found


def key_components(key: AllocationKey) -> list[KeyComponent]:
    return list(
        key.components.select_related("party")
        .prefetch_related("parties")
        .order_by("position", "pk")
    )


def component_parties(component: KeyComponent) -> list[Party]:
    if component.kind == KeyComponent.Kind.FIXED:
        return [component.party] if component.party else []
    return sorted(component.parties.all(), key=lambda p: (p.sort_order, p.name))


def key_rule_components(key: AllocationKey) -> list[rules.Component]:
    return [
        rules.Component(
            kind=c.kind,
            percent=c.percent,
            parties=tuple(party_ref(p) for p in component_parties(c)),
        )
        for c in key_components(key)
    ]


def key_population_party_ids(key: AllocationKey) -> set[int]:
    ids: set[int] = set()
    for c in key_components(key):
        if c.kind == KeyComponent.Kind.POPULATION:
            ids.update(p.pk for p in c.parties.all())
    return ids


def allocation_compute(
    key: AllocationKey, amount: int, on: datetime.date | None
) -> list[rules.Share]:
    """The allocation as it would be saved now (a preview; nothing is stored)."""
    figures: dict[int, rules.Figure] = {}
    population_ids = key_population_party_ids(key)
    if population_ids:
        if on is None:
            raise rules.AllocationError("Ange referensdag för folkmängden.")
        for party_id, f in figures_on(population_ids, on).items():
            figures[party_id] = rules.Figure(f.population, f.reference_date, f.source)
    return rules.allocate(amount, key_rule_components(key), figures)


def newest_figure_day(collaboration: Collaboration | None) -> datetime.date | None:
    rows = PopulationFigure.objects.all()
    if collaboration is not None:
        rows = rows.filter(party__collaboration=collaboration)
    return rows.order_by("-reference_date").values_list("reference_date", flat=True).first()


def population_figures(collaboration: Collaboration | None) -> QuerySet[PopulationFigure]:
    rows = PopulationFigure.objects.select_related("party")
    if collaboration is not None:
        rows = rows.filter(party__collaboration=collaboration)
    return rows.order_by("-reference_date", "party__sort_order", "party__name")


def cost_years(collaboration: Collaboration | None) -> list[int]:
    years = set(CostItem.objects.in_collaboration(collaboration).values_list("year", flat=True))
    years |= set(Allocation.objects.in_collaboration(collaboration).values_list("year", flat=True))
    return sorted(years, reverse=True)


def cost_items_of_year(collaboration: Collaboration | None, year: int) -> list[CostItem]:
    return list(
        CostItem.objects.in_collaboration(collaboration)
        .filter(year=year)
        .select_related("key")
        .order_by("name", "pk")
    )


def allocations_of_year(collaboration: Collaboration | None, year: int) -> list[Allocation]:
    return list(
        Allocation.objects.in_collaboration(collaboration)
        .filter(year=year)
        .select_related("cost_item")
        .order_by("-created_at", "-pk")
    )


def current_allocations(allocations: list[Allocation]) -> list[Allocation]:
    """The newest saved allocation of each cost item: what the parties pay. Older ones
    stay as history."""
    seen: set[int] = set()
    current = []
    for a in allocations:  # newest first
        if a.cost_item_id not in seen:
            seen.add(a.cost_item_id)
            current.append(a)
    return current


@dataclass
class PartyYear:
    party: Party
    name: str
    amounts: list[int]  # per current allocation, in their order
    total: int


def year_party_table(allocations: list[Allocation]) -> list[PartyYear]:
    """What each party pays in the year: its line of every current allocation."""
    rows: dict[int, PartyYear] = {}
    order: dict[int, tuple[int, str]] = {}
    lines_by_allocation = {
        a.pk: {line.party_id: line for line in a.lines.select_related("party")} for a in allocations
    }
    for a in allocations:
        for line in lines_by_allocation[a.pk].values():
            if line.party_id not in rows:
                rows[line.party_id] = PartyYear(line.party, line.party_name, [], 0)
                order[line.party_id] = (line.party.sort_order, line.party_name)
    for party_id, row in rows.items():
        for a in allocations:
            found = lines_by_allocation[a.pk].get(party_id)
            amount = found.amount if found else 0
            row.amounts.append(amount)
            row.total += amount
    return sorted(rows.values(), key=lambda r: order[r.party.pk])


def allocation_lines(allocation: Allocation) -> list[AllocationLine]:
    return list(allocation.lines.order_by("position"))


def keys_of(collaboration: Collaboration | None) -> QuerySet[AllocationKey]:
    return AllocationKey.objects.in_collaboration(collaboration).order_by("name")
