"""The allocation rule (rules.allocate): exact shares, whole kronor by largest
remainder, always summing to the amount, each party within a krona of its exact share,
and an explanation that says how each figure came about."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samverkan.costs.rules import (
    EQUAL,
    FIXED,
    POPULATION,
    AllocationError,
    Component,
    Figure,
    PartyRef,
    allocate,
)

DAY = datetime.date(2024, 12, 31)
SCB = "SCB, folkmängd 2024-12-31"
REGION = PartyRef(1, "Region Jämtland Härjedalen", 1)
# SCB's population 2024-12-31 (the seeds' eight municipalities), in the demo's sort order.
POPULATION_2024 = {
    "Bergs kommun": 7108,
    "Bräcke kommun": 6035,
    "Härjedalens kommun": 10175,
    "Krokoms kommun": 15680,
    "Ragunda kommun": 5146,
    "Strömsunds kommun": 11023,
    "Åre kommun": 12693,
    "Östersunds kommun": 64979,
}
MUNICIPALITIES = tuple(PartyRef(i, name, 9 + i) for i, name in enumerate(POPULATION_2024, start=2))
FIGURES = {p.id: Figure(POPULATION_2024[p.name], DAY, SCB) for p in MUNICIPALITIES}


def region_half_and_population(amount: int) -> list:
    return allocate(
        amount,
        [
            Component(FIXED, Decimal("50.00"), (REGION,)),
            Component(POPULATION, Decimal("50.00"), MUNICIPALITIES),
        ],
        FIGURES,
    )


def test_one_million_region_half_municipalities_by_population():
    # 500 000 × population / 132 839 (the eight together):
    #   Östersund 244 578,023…  Krokom 59 018,812…  Åre 47 775,879…  Strömsund 41 490,074…
    #   Härjedalen 38 298,240…  Berg 26 754,191…  Bräcke 22 715,467…  Ragunda 19 369,311…
    # The whole kronor add up to 499 997; the 3 kronor left go to the largest remainders:
    # Åre (,879), Krokom (,812) and Bräcke (,467).
    shares = {s.party.name: s.amount for s in region_half_and_population(1_000_000)}
    assert shares == {
        "Region Jämtland Härjedalen": 500_000,
        "Bergs kommun": 26_754,
        "Bräcke kommun": 22_716,
        "Härjedalens kommun": 38_298,
        "Krokoms kommun": 59_019,
        "Ragunda kommun": 19_369,
        "Strömsunds kommun": 41_490,
        "Åre kommun": 47_776,
        "Östersunds kommun": 244_578,
    }
    assert sum(shares.values()) == 1_000_000


def test_each_figure_is_explained_as_it_was_computed():
    by_name = {s.party.name: s for s in region_half_and_population(1_000_000)}
    assert by_name["Östersunds kommun"].explanation == (
        "50 % av 1 000 000 kr × 64 979 / 132 839 invånare (SCB, folkmängd 2024-12-31) "
        "≈ 244 578,02 kr, avrundat nedåt till 244 578 kr (största rest: de 3 kronor som "
        "blev över gick till större rester)"
    )
    assert by_name["Åre kommun"].explanation.endswith(
        "≈ 47 775,88 kr, avrundat uppåt till 47 776 kr (största rest: de 3 kronor som "
        "blev över när alla avrundats nedåt gick till de största resterna)"
    )
    assert by_name["Region Jämtland Härjedalen"].explanation == (
        "50 % av 1 000 000 kr = 500 000,00 kr, jämnt 500 000 kr (ingen avrundning)"
    )


def test_equal_parts_leave_the_odd_kronor_to_the_first_in_sort_order():
    a, b, c = PartyRef(1, "A", 1), PartyRef(2, "B", 2), PartyRef(3, "C", 3)
    shares = allocate(100, [Component(EQUAL, 100, (c, b, a))], {})
    # 33,33… each; one krona left, ties broken by sort order: A.
    assert [(s.party.name, s.amount) for s in shares] == [("A", 34), ("B", 33), ("C", 33)]
    assert "100 % av 100 kr / 3 parter (lika delar) ≈ 33,33 kr" in shares[0].explanation


def test_a_party_in_several_components_gets_one_figure_with_every_part():
    region, town = PartyRef(1, "Regionen", 1), PartyRef(2, "Staden", 2)
    shares = allocate(
        1000,
        [
            Component(FIXED, 40, (region,)),
            Component(EQUAL, 60, (region, town)),
        ],
        {},
    )
    assert [s.amount for s in shares] == [700, 300]
    assert shares[0].explanation.startswith(
        "40 % av 1 000 kr = 400,00 kr + 60 % av 1 000 kr / 2 parter (lika delar) = 300,00 kr;"
        " sammanlagt = 700,00 kr"
    )


def test_shares_must_add_up_to_exactly_100_percent():
    with pytest.raises(AllocationError, match="exakt 100 %, nu 110 %"):
        allocate(10, [Component(FIXED, 60, (REGION,)), Component(FIXED, 50, (REGION,))], {})
    with pytest.raises(AllocationError, match="nu 99,5 %"):
        allocate(10, [Component(FIXED, Decimal("99.5"), (REGION,))], {})


def test_a_population_share_needs_every_partys_figure():
    with pytest.raises(AllocationError, match="Folkmängd saknas för Bergs kommun"):
        allocate(10, [Component(POPULATION, 100, MUNICIPALITIES)], {})


def test_a_negative_amount_is_refused():
    with pytest.raises(AllocationError, match="negativt"):
        region_half_and_population(-1)


def test_nothing_to_allocate_gives_every_party_zero():
    assert {s.amount for s in region_half_and_population(0)} == {0}


parties = st.lists(st.integers(1, 200_000), min_size=1, max_size=12)
percents = st.lists(st.integers(1, 10_000), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(
    amount=st.integers(0, 10**10),
    populations=parties,
    weights=percents,
    kinds=st.lists(st.sampled_from([FIXED, POPULATION, EQUAL]), min_size=4, max_size=4),
)
def test_the_sum_is_always_exact_and_each_party_within_one_krona(
    amount, populations, weights, kinds
):
    refs = tuple(PartyRef(i, f"P{i:02d}", i % 3) for i in range(1, len(populations) + 1))
    figures = {r.id: Figure(n, DAY, "test") for r, n in zip(refs, populations, strict=True)}
    # Percentages that add up to exactly 100, with two decimals (as the form takes them).
    total = sum(weights)
    cents = [w * 10_000 // total for w in weights]
    cents[0] += 10_000 - sum(cents)
    components = [
        Component(
            kind,
            Decimal(c) / 100,
            refs[: 1 + i % len(refs)] if kind != FIXED else refs[i % len(refs) : i % len(refs) + 1],
        )
        for i, (kind, c) in enumerate(zip(kinds, cents, strict=False))
        if c > 0
    ]
    shares = allocate(amount, components, figures)
    assert sum(s.amount for s in shares) == amount
    assert sum((s.exact for s in shares), Fraction(0)) == amount
    for s in shares:
        assert abs(s.amount - s.exact) < 1
        assert s.explanation
