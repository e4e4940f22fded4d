"""The allocation of an amount by a key: one pure function, no database.

Each component distributes its percentage of the amount (fixed to one party, among a
set of parties by population, or in equal parts). Every party's exact share is kept as a
Fraction; the whole kronor are then given by the largest-remainder method (Hamilton):
each party gets the whole kronor of its exact share, and the kronor left over go one
each to the largest remainders, ties broken by the party's sort order, then name, then
key. So the figures always add up to exactly the amount, and no party is more than one
krona from its exact share."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

FIXED, POPULATION, EQUAL = "fixed", "population", "equal"


class AllocationError(ValueError):
    """A key that cannot allocate (missing figures, shares not 100 %)."""


@dataclass(frozen=True)
class PartyRef:
    id: int
    name: str
    sort_order: int = 100


@dataclass(frozen=True)
class Figure:
    population: int
    reference_date: datetime.date
    source: str = ""


@dataclass(frozen=True)
class Component:
    kind: str
    percent: Decimal | Fraction | int
    parties: tuple[PartyRef, ...]


@dataclass
class Share:
    party: PartyRef
    exact: Fraction = Fraction(0)
    amount: int = 0
    parts: list[str] = field(default_factory=list)
    explanation: str = ""


def kr(value: int) -> str:
    """Whole kronor the Swedish way: 1 000 000 kr."""
    sign = "−" if value < 0 else ""
    return f"{sign}{abs(value):,}".replace(",", " ") + " kr"


def number(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def kr_exact(value: Fraction) -> str:
    """'= 12,50 kr', or '≈ 12,33 kr' where the öre shown are rounded."""
    hundredths = value * 100
    rounded = round(hundredths)  # banker's rounding is fine for display only
    sign = "=" if hundredths == rounded else "≈"
    whole, cents = divmod(int(rounded), 100)
    return f"{sign} {number(whole)},{cents:02d} kr"


def percent_text(value: Decimal | Fraction | int) -> str:
    f = Fraction(value)
    if f.denominator == 1:
        return f"{f.numerator} %"
    d = Decimal(f.numerator) / Decimal(f.denominator)
    return f"{d:.2f}".rstrip("0").replace(".", ",") + " %"


def _figure_label(figure: Figure) -> str:
    """The source as stored, with the reference date unless the source names it."""
    day = f"{figure.reference_date:%Y-%m-%d}"
    if not figure.source:
        return f"källa saknas, {day}"
    return figure.source if day in figure.source else f"{figure.source}, {day}"


def _kronor(n: int) -> str:
    return "den 1 krona" if n == 1 else f"de {n} kronor"


def components_percent_validate(components: Sequence[Component]) -> None:
    total = sum((Fraction(c.percent) for c in components), Fraction(0))
    if total != 100:
        raise AllocationError(
            f"Nyckelns andelar ska tillsammans vara exakt 100 %, nu {percent_text(total)}."
        )


def allocate(
    amount: int, components: Sequence[Component], figures: Mapping[int, Figure]
) -> list[Share]:
    """Each party's exact share and whole kronor, with a Swedish explanation that says
    how the figure came about, in the parties' sort order."""
    if amount < 0:
        raise AllocationError("Beloppet kan inte vara negativt.")
    if not components:
        raise AllocationError("Nyckeln har inga delar.")
    components_percent_validate(components)
    shares: dict[int, Share] = {}

    def share(p: PartyRef) -> Share:
        return shares.setdefault(p.id, Share(party=p))

    for c in components:
        pct = Fraction(c.percent)
        portion = Fraction(amount) * pct / 100
        head = f"{percent_text(c.percent)} av {kr(amount)}"
        if not c.parties:
            raise AllocationError("En del av nyckeln saknar part.")
        if c.kind == FIXED:
            p = c.parties[0]
            share(p).exact += portion
            share(p).parts.append(f"{head} {kr_exact(portion)}")
        elif c.kind == EQUAL:
            n = len(c.parties)
            for p in c.parties:
                part = portion / n
                share(p).exact += part
                share(p).parts.append(f"{head} / {n} parter (lika delar) {kr_exact(part)}")
        elif c.kind == POPULATION:
            missing = [p.name for p in c.parties if p.id not in figures]
            if missing:
                raise AllocationError("Folkmängd saknas för " + ", ".join(missing) + ".")
            total = sum(figures[p.id].population for p in c.parties)
            if total == 0:
                raise AllocationError("Parternas folkmängd är sammanlagt 0.")
            for p in c.parties:
                fig = figures[p.id]
                part = portion * fig.population / total
                share(p).exact += part
                share(p).parts.append(
                    f"{head} × {number(fig.population)} / {number(total)} invånare "
                    f"({_figure_label(fig)}) {kr_exact(part)}"
                )
        else:
            raise AllocationError(f"Okänt slag av nyckeldel: {c.kind}.")

    ordered = sorted(shares.values(), key=lambda s: (s.party.sort_order, s.party.name, s.party.id))
    for s in ordered:
        s.amount = s.exact.numerator // s.exact.denominator
    left = amount - sum(s.amount for s in ordered)
    # Largest remainder first; on equal remainders the earlier party in sort order.
    by_remainder = sorted(ordered, key=lambda s: -(s.exact - s.amount))
    lucky = {id(s) for s in by_remainder[:left]}
    for s in ordered:
        floor = s.amount
        remainder = s.exact - floor
        text = " + ".join(s.parts)
        if len(s.parts) > 1:
            text += f"; sammanlagt {kr_exact(s.exact)}"
        if remainder == 0:
            text += f", jämnt {kr(floor)} (ingen avrundning)"
        elif id(s) in lucky:
            s.amount = floor + 1
            text += (
                f", avrundat uppåt till {kr(s.amount)} (största rest: {_kronor(left)} som "
                "blev över när alla avrundats nedåt gick till de största resterna)"
            )
        elif left:
            text += (
                f", avrundat nedåt till {kr(floor)} (största rest: {_kronor(left)} som "
                "blev över gick till större rester)"
            )
        else:
            text += f", avrundat nedåt till {kr(floor)} (största rest)"
        s.explanation = text
    assert sum(s.amount for s in ordered) == amount
    return ordered
