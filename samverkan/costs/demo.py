"""Demo data for shared costs.

The seeds' collaboration gets SCB's real population of its eight municipalities
(2024-12-31), the key the agreement describes in principle (the region a fixed share,
the municipalities the rest by population), and a cost whose amount is invented and
marked so, with its allocation saved. Exempellänet, made by the generator, gets
invented figures marked as such, two costs and their allocations."""

from __future__ import annotations

import datetime
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

from samverkan.audit.context import acting_as
from samverkan.structure.demo import seeds_collaboration
from samverkan.structure.models import Collaboration, Party

from . import services
from .models import AllocationKey, CostItem, KeyComponent, PopulationFigure

DEMO_DATA = Path(__file__).with_name("data") / "demo_costs.json"


def _figures_ensure(
    parties: dict[str, Party],
    day: datetime.date,
    source: str,
    figures: dict[str, int],
    *,
    demo_note: str = "",
) -> int:
    made = 0
    for slug, population in figures.items():
        party = parties[slug]
        if not PopulationFigure.objects.filter(party=party, reference_date=day).exists():
            services.population_figure_create(
                party=party,
                reference_date=day,
                population=population,
                source=source,
                is_demo=bool(demo_note),
                demo_note=demo_note,
            )
            made += 1
    return made


def _key_ensure(
    collaboration: Collaboration,
    name: str,
    description: str,
    day: datetime.date,
    components: list[services.ComponentInput],
) -> AllocationKey:
    key = AllocationKey.objects.filter(collaboration=collaboration, name=name).first()
    if key is None:
        key = services.allocation_key_create(
            collaboration=collaboration,
            name=name,
            description=description,
            reference_date=day,
            components=components,
        )
    return key


def _item_allocated(
    collaboration: Collaboration,
    key: AllocationKey,
    *,
    year: int,
    name: str,
    amount: int,
    demo_note: str,
    note: str = "",
) -> int:
    """The cost item and one saved allocation of it (made once)."""
    item = CostItem.objects.filter(collaboration=collaboration, year=year, name=name).first()
    if item is None:
        item = services.cost_item_create(
            collaboration=collaboration,
            year=year,
            name=name,
            amount=amount,
            key=key,
            note=note,
            is_demo=True,
            demo_note=demo_note,
        )
    if item.allocations.exists():
        return 0
    services.allocation_create(item)
    return 1


def demo_costs_load(path: Path = DEMO_DATA) -> Counter[str]:
    counts: Counter[str] = Counter()
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    collaboration = seeds_collaboration()
    parties = {p.slug: p for p in Party.objects.filter(collaboration=collaboration)}
    population = data["population"]
    day = datetime.date.fromisoformat(population["reference_date"])
    with acting_as(None, "load_demo"):
        counts["folkmängd"] += _figures_ensure(
            parties, day, population["source"], population["figures"]
        )
        region = next(p for p in parties.values() if p.kind == Party.Kind.REGION)
        municipalities = [parties[slug] for slug in population["figures"]]
        spec = data["key"]
        key = _key_ensure(
            collaboration,
            spec["name"],
            spec["description"],
            datetime.date.fromisoformat(spec["reference_date"]),
            [
                services.ComponentInput(
                    KeyComponent.Kind.FIXED, Decimal(spec["region_percent"]), party=region
                ),
                services.ComponentInput(
                    KeyComponent.Kind.POPULATION,
                    Decimal(spec["municipalities_percent"]),
                    parties=municipalities,
                ),
            ],
        )
        for row in data["cost_items"]:
            counts["kostnadsfördelningar"] += _item_allocated(
                collaboration,
                key,
                year=row["year"],
                name=row["name"],
                amount=row["amount"],
                demo_note=row["demo_note"],
            )
    return counts


# --- Exempellänet (the generator) ---------------------------------------------------------

# Invented, like the municipalities themselves; in the parties' order after the region.
GENERATED_POPULATION = (52_310, 21_784, 14_906, 9_452, 7_031, 4_618)
GENERATED_NOTE = "Påhittad folkmängd för en påhittad kommun."
GENERATED_COST_NOTE = "Påhittat belopp i en påhittad samverkan."


def generated_costs_ensure(collaboration: Collaboration, years: list[int]) -> None:
    """Invented population figures, two keys (one with every kind of component) and two
    costs per year, allocated. Deterministic; made once."""
    parties = list(Party.objects.filter(collaboration=collaboration).order_by("sort_order", "pk"))
    region = next((p for p in parties if p.kind == Party.Kind.REGION), None)
    municipalities = [p for p in parties if p.kind == Party.Kind.MUNICIPALITY]
    if region is None or not municipalities:
        return
    day = datetime.date(min(years) - 1, 12, 31)
    figures = dict(zip((p.slug for p in municipalities), GENERATED_POPULATION, strict=False))
    by_slug = {p.slug: p for p in municipalities}
    _figures_ensure(
        by_slug, day, f"Påhittad, folkmängd {day:%Y-%m-%d}", figures, demo_note=GENERATED_NOTE
    )
    counted = [p for p in municipalities if p.slug in figures]
    lead_key = _key_ensure(
        collaboration,
        "Regionen 50 %, kommunerna efter folkmängd",
        "Regionen betalar hälften; kommunerna delar andra hälften efter folkmängd.",
        day,
        [
            services.ComponentInput(KeyComponent.Kind.FIXED, Decimal(50), party=region),
            services.ComponentInput(KeyComponent.Kind.POPULATION, Decimal(50), parties=counted),
        ],
    )
    mixed_key = _key_ensure(
        collaboration,
        "Regionen 40 %, kommunerna 30 % efter folkmängd och 30 % lika",
        "Regionen betalar 40 %; kommunerna delar 30 % efter folkmängd och 30 % i lika delar.",
        day,
        [
            services.ComponentInput(KeyComponent.Kind.FIXED, Decimal(40), party=region),
            services.ComponentInput(KeyComponent.Kind.POPULATION, Decimal(30), parties=counted),
            services.ComponentInput(KeyComponent.Kind.EQUAL, Decimal(30), parties=counted),
        ],
    )
    for year in years:
        _item_allocated(
            collaboration,
            lead_key,
            year=year,
            name="Samverkansledare",
            amount=980_000,
            demo_note=GENERATED_COST_NOTE,
        )
        _item_allocated(
            collaboration,
            mixed_key,
            year=year,
            name="Koordinatorer och kansli",
            amount=1_437_500,
            demo_note=GENERATED_COST_NOTE,
        )
