"""Valid time. A period runs from its start to its end, both days included; a missing
start means "since before we know", a missing end "still in force"."""

import datetime

from django.db.models import Q

Day = datetime.date | None


def periods_overlap(a_start: Day, a_end: Day, b_start: Day, b_end: Day) -> bool:
    starts_before_b_ends = a_start is None or b_end is None or a_start <= b_end
    b_starts_before_a_ends = b_start is None or a_end is None or b_start <= a_end
    return starts_before_b_ends and b_starts_before_a_ends


def period_within(inner_start: Day, inner_end: Day, outer_start: Day, outer_end: Day) -> bool:
    """Whether the inner period lies inside the outer one. An open inner end fits only
    an open outer end; an unknown inner start fits only an unknown outer start."""
    if outer_start is not None and (inner_start is None or inner_start < outer_start):
        return False
    return not (outer_end is not None and (inner_end is None or inner_end > outer_end))


def periods_intersect(*periods: tuple[Day, Day]) -> bool:
    """Whether all the periods share at least one day."""
    starts = [s for s, _ in periods if s is not None]
    ends = [e for _, e in periods if e is not None]
    return not starts or not ends or max(starts) <= min(ends)


def in_force_on(day: datetime.date, start_field: str = "start", end_field: str = "end") -> Q:
    """A query condition: the row's period contains the day."""
    return (Q(**{f"{start_field}__isnull": True}) | Q(**{f"{start_field}__lte": day})) & (
        Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": day})
    )


def format_period(start: Day, end: Day) -> str:
    left = start.isoformat() if start else "okänt"
    right = end.isoformat() if end else "tills vidare"
    return f"{left} – {right}"
