"""The writes and their rules: bad input is refused with a Swedish message and nothing
saved; a saved allocation never changes; every write is in the audit log."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from samverkan.audit.models import AuditEntry
from samverkan.costs import services
from samverkan.costs.models import (
    Allocation,
    AllocationKey,
    CostItem,
    KeyComponent,
    PopulationFigure,
)
from samverkan.structure.tests import factories as f

from .factories import DAY, cost_item, county, region_half_key

pytestmark = pytest.mark.django_db


def test_shares_above_100_percent_are_refused_and_nothing_saved():
    region, towns = county()
    with pytest.raises(ValidationError, match="sammanlagt 110 %, över 100 %"):
        services.allocation_key_create(
            collaboration=region.collaboration,
            name="För mycket",
            components=[
                services.ComponentInput("fixed", Decimal(60), party=region),
                services.ComponentInput("equal", Decimal(50), parties=towns),
            ],
        )
    assert not AllocationKey.objects.exists() and not KeyComponent.objects.exists()


def test_shares_below_100_percent_are_refused():
    region, _towns = county()
    with pytest.raises(ValidationError, match=r"sammanlagt 90 %\. De ska vara exakt 100 %"):
        services.allocation_key_create(
            collaboration=region.collaboration,
            name="För lite",
            components=[services.ComponentInput("fixed", Decimal(90), party=region)],
        )


def test_a_fixed_share_needs_a_party():
    region, _towns = county()
    with pytest.raises(ValidationError) as error:
        services.allocation_key_create(
            collaboration=region.collaboration,
            name="Utan part",
            components=[services.ComponentInput("fixed", Decimal(100))],
        )
    assert error.value.message_dict == {"party": ["En fast andel behöver en part."]}


def test_a_key_by_population_over_a_party_without_a_figure_is_refused():
    region, towns = county()
    newcomer = f.party(name="Nyby")
    with pytest.raises(
        ValidationError, match="Folkmängd den 2024-12-31 eller tidigare saknas för Nyby"
    ):
        services.allocation_key_create(
            collaboration=region.collaboration,
            name="Med Nyby",
            reference_date=DAY,
            components=[
                services.ComponentInput("population", Decimal(100), parties=[*towns, newcomer])
            ],
        )
    assert not AllocationKey.objects.exists()


def test_a_population_figure_is_newest_on_or_before_the_day():
    region, towns = county()
    services.population_figure_create(
        party=towns[0], reference_date=datetime.date(2025, 12, 31), population=61_000, source="SCB"
    )
    key = region_half_key(region, towns)
    item = cost_item(key, amount=800_000)
    before = services.allocation_create(item, reference_date=DAY)
    after = services.allocation_create(item, reference_date=datetime.date(2026, 1, 1))
    assert before.lines.get(party=towns[0]).amount == 300_000  # 400 000 × 60 000 / 80 000
    assert "61 000 / 81 000" in after.lines.get(party=towns[0]).explanation


def test_an_allocation_before_any_figure_is_refused():
    region, towns = county()
    item = cost_item(region_half_key(region, towns))
    with pytest.raises(ValidationError, match="saknas för Storstad, Mellanby, Lillby"):
        services.allocation_create(item, reference_date=datetime.date(2020, 1, 1))
    assert not Allocation.objects.exists()


def test_a_negative_amount_is_refused_and_nothing_saved():
    region, towns = county()
    with pytest.raises(ValidationError) as error:
        cost_item(region_half_key(region, towns), amount=-5)
    assert error.value.message_dict == {"amount": ["Beloppet kan inte vara negativt."]}
    assert not CostItem.objects.exists()


def test_a_negative_population_is_refused():
    _region, towns = county()
    with pytest.raises(ValidationError, match="kan inte vara negativ"):
        services.population_figure_create(
            party=towns[0], reference_date=datetime.date(2025, 12, 31), population=-1, source="SCB"
        )


def test_one_figure_per_party_and_day():
    _region, towns = county()
    with pytest.raises(ValidationError, match="har redan en folkmängd den 2024-12-31"):
        services.population_figure_create(
            party=towns[0], reference_date=DAY, population=1, source="SCB"
        )


def test_a_saved_allocation_sums_exactly_and_keeps_its_figures_when_population_changes():
    region, towns = county()
    item = cost_item(region_half_key(region, towns), amount=1_000_001)
    allocation = services.allocation_create(item)
    lines = {line.party_name: line.amount for line in allocation.lines.all()}
    assert sum(lines.values()) == 1_000_001
    # New figures later: the saved allocation stands; a new one uses them.
    services.population_figure_create(
        party=towns[2], reference_date=DAY.replace(year=2025), population=50_000, source="SCB"
    )
    allocation.refresh_from_db()
    assert {line.party_name: line.amount for line in allocation.lines.all()} == lines
    newer = services.allocation_create(item, reference_date=DAY.replace(year=2025))
    assert newer.lines.get(party=towns[2]).amount > lines["Lillby"]


def test_every_write_is_in_the_audit_log():
    region, towns = county()
    allocation = services.allocation_create(cost_item(region_half_key(region, towns)))
    for obj in (
        PopulationFigure.objects.first(),
        AllocationKey.objects.get(),
        KeyComponent.objects.first(),
        CostItem.objects.get(),
        allocation,
        allocation.lines.first(),
    ):
        assert AuditEntry.objects.for_object(obj).filter(action="create").exists(), obj


def test_a_key_takes_no_party_of_another_collaboration():
    region, towns = county()
    stranger = f.party(name="Annanstans", collaboration=f.collaboration())
    with pytest.raises(ValidationError, match="hör till en annan samverkan"):
        services.allocation_key_create(
            collaboration=region.collaboration,
            name="Blandad",
            components=[services.ComponentInput("equal", Decimal(100), parties=[*towns, stranger])],
        )


def test_the_generated_collaboration_gets_invented_figures_and_allocations_once():
    from samverkan.costs.demo import generated_costs_ensure

    collaboration = f.collaboration()
    f.party(name="Region Exempel", kind="region", sort_order=1, collaboration=collaboration)
    for i in range(6):
        f.party(name=f"Exempelkommun {i}", sort_order=2 + i, collaboration=collaboration)
    generated_costs_ensure(collaboration, [2026])
    generated_costs_ensure(collaboration, [2026])  # made once
    allocations = Allocation.objects.filter(collaboration=collaboration)
    assert allocations.count() == 2
    for allocation in allocations:
        assert allocation.is_demo
        assert sum(line.amount for line in allocation.lines.all()) == allocation.amount
    figures = PopulationFigure.objects.filter(party__collaboration=collaboration)
    assert figures.count() == 6 and all(fig.is_demo for fig in figures)
    assert {fig.reference_date for fig in figures} == {datetime.date(2025, 12, 31)}


def test_a_saved_allocation_cannot_be_changed():
    region, towns = county()
    allocation = services.allocation_create(cost_item(region_half_key(region, towns)))
    line = allocation.lines.first()
    line.amount += 1
    with pytest.raises(ValidationError, match="ändras inte"):
        line.save()
    allocation.amount = 5
    with pytest.raises(ValidationError, match="ändras inte"):
        allocation.save()
