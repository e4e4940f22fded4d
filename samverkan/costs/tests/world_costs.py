"""Shared costs in the access tests' world: population figures for the home
collaboration's parties, a key, a cost item and a saved allocation. All public."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from samverkan.costs import services
from samverkan.costs.models import Allocation, AllocationKey, CostItem
from samverkan.structure.models import Party


@dataclass
class CostsWorld:
    key: AllocationKey
    item: CostItem
    allocation: Allocation


def costs_build(world: Any) -> CostsWorld:
    day = datetime.date(2024, 12, 31)
    collaboration = world.party.collaboration
    parties = list(Party.objects.filter(collaboration=collaboration).order_by("sort_order", "pk"))
    for n, party in enumerate(parties, start=1):
        services.population_figure_create(
            party=party,
            reference_date=day,
            population=1000 * n + 7,
            source="SCB, folkmängd 2024-12-31",
        )
    key = services.allocation_key_create(
        collaboration=collaboration,
        name="Hälften fast, hälften efter folkmängd",
        reference_date=day,
        components=[
            services.ComponentInput("fixed", Decimal(50), party=parties[0]),
            services.ComponentInput("population", Decimal(50), parties=parties),
        ],
    )
    item = services.cost_item_create(
        collaboration=collaboration, year=2026, name="Samverkansledare", amount=1_000_000, key=key
    )
    return CostsWorld(key=key, item=item, allocation=services.allocation_create(item))
