"""Builders for the costs tests, through the services."""

import datetime
from decimal import Decimal

from samverkan.costs import services
from samverkan.costs.models import AllocationKey, CostItem
from samverkan.structure.models import Collaboration, Party
from samverkan.structure.tests import factories as f

DAY = datetime.date(2024, 12, 31)


def county(collaboration: Collaboration | None = None) -> tuple[Party, list[Party]]:
    """A region and three municipalities with population figures on DAY."""
    kw = {"collaboration": collaboration} if collaboration else {}
    region = f.party(name="Regionen", short_name="R", kind="region", sort_order=1, **kw)
    towns = []
    for i, (name, population) in enumerate(
        (("Storstad", 60_000), ("Mellanby", 15_000), ("Lillby", 5_000)), start=2
    ):
        town = f.party(name=name, short_name=name[:3], sort_order=i, **kw)
        services.population_figure_create(
            party=town,
            reference_date=DAY,
            population=population,
            source="SCB, folkmängd 2024-12-31",
        )
        towns.append(town)
    return region, towns


def region_half_key(region: Party, towns: list[Party], **kw: object) -> AllocationKey:
    return services.allocation_key_create(
        collaboration=region.collaboration,
        name=str(kw.pop("name", "Regionen 50 %, kommunerna efter folkmängd")),
        reference_date=DAY,
        components=[
            services.ComponentInput("fixed", Decimal(50), party=region),
            services.ComponentInput("population", Decimal(50), parties=towns),
        ],
        **kw,  # type: ignore[arg-type]
    )


def cost_item(key: AllocationKey, amount: int = 1_000_000, year: int = 2026) -> CostItem:
    return services.cost_item_create(
        collaboration=key.collaboration, year=year, name="Samverkansledare", amount=amount, key=key
    )
