"""The rules behind every figure of the meeting load and the fee basis (arvodesunderlag).

Each rule is one pure function that returns the figure and the Swedish sentence saying
where it comes from; the sentence is printed next to the figure (on the pages and in the
XLSX/CSV files), so whoever pays can check it against the minutes. No rule reads the
database: the selectors hand them the facts."""

import datetime
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

# A meeting without a recorded end and no earlier meeting of its body to learn from is
# counted as two hours: the usual length of a collaboration meeting in the seeds'
# notices (RSR 2025-05-05: 13.00–15.00 planned). The text says so wherever it is used.
DEFAULT_MEETING_HOURS = 2.0


def clock(t: datetime.time) -> str:
    """A time as Swedish minutes write it: 13.00."""
    return f"{t.hour:02d}.{t.minute:02d}"


def hours_between(start: datetime.time, end: datetime.time) -> float:
    """Hours from start to end on one day; an end before the start counts as nothing."""
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return round(max(minutes, 0) / 60, 2)


def hours_display(hours: float | None) -> str:
    """Hours with a decimal comma: 2,5."""
    if hours is None:
        return "uppgift saknas"
    text = f"{hours:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def typical_meeting_hours(lengths: Iterable[float]) -> float | None:
    """A body's usual meeting length: the median of its meetings with a recorded start
    and end (None when there is none to learn from)."""
    known = [h for h in lengths if h > 0]
    return round(statistics.median(known), 2) if known else None


@dataclass(frozen=True)
class Figure:
    """A number and the rule it comes from."""

    value: float
    rule: str


def meeting_end(
    start: datetime.time, end: datetime.time | None, typical: float | None
) -> tuple[datetime.time, str]:
    """When the meeting ended: the recorded end; else the start plus the body's usual
    length; else the start plus the default two hours. The text says which."""
    if end is not None:
        return end, ""
    hours = typical if typical is not None else DEFAULT_MEETING_HOURS
    minutes = min(start.hour * 60 + start.minute + round(hours * 60), 23 * 60 + 59)
    assumed = datetime.time(minutes // 60, minutes % 60)
    if typical is not None:
        why = f"Sluttid saknas: räknat med organets vanliga möteslängd {hours_display(hours)} tim"
    else:
        why = f"Sluttid saknas: räknat med antagna {hours_display(hours)} tim"
    return assumed, why


def meeting_hours(start: datetime.time, end: datetime.time | None, typical: float | None) -> Figure:
    """The hours of a meeting, from its start and end time (see meeting_end when the end
    is missing)."""
    until, why = meeting_end(start, end, typical)
    hours = hours_between(start, until)
    if why:
        return Figure(hours, f"{why} ({clock(start)}–{clock(until)})")
    return Figure(hours, f"Mötet {clock(start)}–{clock(until)} enligt protokollet")


@dataclass(frozen=True)
class ItemTime:
    """What the attendance rule needs of an agenda item: its number and planned start.
    Never its title: the fee basis goes to the parties' payroll, closed items too."""

    position: int
    planned_start: datetime.time | None


def attended_hours(
    start: datetime.time,
    end: datetime.time | None,
    typical: float | None,
    arrived_at: ItemTime | None,
    left_after: ItemTime | None,
    next_item: ItemTime | None,
) -> Figure:
    """The hours a person attended: the meeting's time, narrowed by arrival (the arrival
    item's planned start, or the meeting's start when that is unknown) and leaving (the
    next item's planned start, or the meeting's end when there is no next item or its
    time is unknown)."""
    until, end_why = meeting_end(start, end, typical)
    begin, finish = start, until
    parts: list[str] = []
    if arrived_at is not None:
        if arrived_at.planned_start is not None:
            begin = arrived_at.planned_start
            parts.append(f"Anlände vid punkt {arrived_at.position} (planerad {clock(begin)})")
        else:
            parts.append(
                f"Anlände vid punkt {arrived_at.position}; planerad tid saknas, "
                f"räknat från mötets start {clock(start)}"
            )
    if left_after is not None:
        if next_item is not None and next_item.planned_start is not None:
            finish = next_item.planned_start
            parts.append(
                f"Lämnade efter punkt {left_after.position} "
                f"(punkt {next_item.position} planerad {clock(finish)})"
            )
        else:
            parts.append(
                f"Lämnade efter punkt {left_after.position}; nästa punkts tid saknas, "
                f"räknat till mötets slut {clock(until)}"
            )
    # Planned times may be out of step with the real meeting: never outside it.
    begin, finish = max(begin, start), min(finish, until)
    if not parts:
        parts.append(f"Närvaro hela mötet {clock(start)}–{clock(until)} enligt protokollet")
    if end_why:
        parts.append(end_why)
    return Figure(hours_between(begin, finish), "; ".join(parts))


@dataclass(frozen=True)
class HeldSeat:
    """A membership the person held in the body on the meeting day."""

    role: str
    party_id: int | None
    party_name: str


def paying_party(capacity_label: str, seats: list[HeldSeat]) -> tuple[int | None, str, str]:
    """Who pays: the party of the membership the person held in the body on the meeting
    day (a serving substitute: the substitute's own membership, not the replaced
    member's). Returns (party id, party name, rule); no id where the records do not say."""
    with_party = [s for s in seats if s.party_id is not None]
    if with_party:
        seat = with_party[0]
        return (
            seat.party_id,
            seat.party_name,
            f"{capacity_label}, betalas av {seat.party_name} enligt uppdraget i organet mötesdagen",
        )
    if seats:
        return (
            None,
            "",
            f"{capacity_label}: uppdraget i organet anger ingen part – fyll i uppdragets part",
        )
    return None, "", f"{capacity_label}: inget uppdrag i organet mötesdagen – part okänd"


@dataclass(frozen=True)
class SeatCount:
    value: int | None
    rule: str


def body_party_seats(participation_seats: int | None, voting_members: int) -> SeatCount:
    """A party's seats in a body on a day: the number the participation gives; where it
    is not given, the voting members recorded for the party that day; else unknown."""
    if participation_seats is not None:
        return SeatCount(participation_seats, "antal ledamöter enligt deltagande part")
    if voting_members:
        return SeatCount(voting_members, "räknat ur förteckningen över ledamöter")
    return SeatCount(None, "uppgift saknas")


def body_seats(party_seats: list[SeatCount], voting_members: int) -> SeatCount:
    """A body's seats on a day: the sum over its parties when every party's number is
    known; else the voting members recorded that day (e.g. the notice's list, where the
    source does not say which party a member represents); else unknown."""
    if party_seats and all(s.value is not None for s in party_seats):
        return SeatCount(sum(s.value or 0 for s in party_seats), "summa av parternas platser")
    if voting_members:
        return SeatCount(voting_members, "räknat ur förteckningen över ledamöter")
    return SeatCount(None, "uppgift saknas")


def person_hours_per_year(
    seats: int | None, meetings_per_year: int | None, hours_per_meeting: float
) -> float | None:
    """Planned person-hours a year: seats × planned meetings × hours a meeting; unknown
    when either the seats or the meetings are."""
    if seats is None or meetings_per_year is None:
        return None
    return round(seats * meetings_per_year * hours_per_meeting, 2)


def comparison_default_days(
    change_days: list[datetime.date], today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The two days the structure comparison opens with: the structure on the latest
    day it changed (up to today) against the day before that change; where the only
    change is the structure's founding (nothing to compare with the day before), or none
    is recorded, a year ago against today."""
    past = [d for d in change_days if d <= today]
    if len(past) >= 2:
        latest = past[-1]
        return latest - datetime.timedelta(days=1), latest
    # 29 February has no day a year before: take the 28th.
    a_year_ago = today.replace(
        year=today.year - 1, day=min(today.day, 28 if today.month == 2 else 31)
    )
    return a_year_ago, today
