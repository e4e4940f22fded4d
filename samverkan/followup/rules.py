"""The rules of assignments, each in one function: pure, so the tests call them directly."""

import datetime
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError

OPEN = ("not_started", "ongoing")
LATE = "late"  # derived, never stored

# How many days ahead "upcoming deadlines" look, and when a reminder goes out.
UPCOMING_DAYS = 90
REMIND_DAYS_BEFORE = 14


EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)


def one_line(text: str) -> str:
    """A title on one line (it goes into mail subjects, which take no line breaks)."""
    return " ".join(text.split())


def dates_validate(
    decided_on: datetime.date | None,
    deadline: datetime.date | None,
    review_on: datetime.date | None,
) -> None:
    """An assignment cannot be due, nor reviewed, before it was decided."""
    errors: dict[str, str] = {}
    for name, value in (
        ("decided_on", decided_on),
        ("deadline", deadline),
        ("review_on", review_on),
    ):
        if value is not None and not EARLIEST <= value <= LATEST:
            errors[name] = f"Ange ett datum mellan {EARLIEST:%Y-%m-%d} och {LATEST:%Y-%m-%d}."
    if errors:
        raise ValidationError(errors)
    if decided_on is None:
        errors["decided_on"] = "Ange när uppdraget beslutades."
    if deadline is None:
        errors["deadline"] = "Ange när uppdraget ska vara klart."
    if decided_on and deadline and deadline < decided_on:
        errors["deadline"] = (
            f"Slutdatumet {deadline:%Y-%m-%d} ligger före beslutet {decided_on:%Y-%m-%d}."
        )
    if decided_on and review_on and review_on < decided_on:
        errors["review_on"] = (
            f"Avstämningen {review_on:%Y-%m-%d} ligger före beslutet {decided_on:%Y-%m-%d}."
        )
    if deadline and review_on and review_on > deadline:
        errors["review_on"] = "Avstämningen ska ligga före slutdatumet."
    if errors:
        raise ValidationError(errors)


def owner_validate(person: object, party: object, body: object) -> None:
    """An assignment has exactly one owner: a person, a party or a body."""
    given = sum(x is not None for x in (person, party, body))
    if given != 1:
        raise ValidationError(
            {"owner": "Ange en ansvarig: en person, en part eller ett organ – exakt en av dem."}
        )


def sub_assignment_validate(
    parent_parent_id: int | None,
    parent_deadline: datetime.date,
    deadline: datetime.date,
    *,
    parent_status: str = "ongoing",
    parent_decided_on: datetime.date | None = None,
    decided_on: datetime.date | None = None,
) -> None:
    """Sub-assignments are one level deep, given while their parent is open, decided no
    earlier and due no later than it."""
    if parent_parent_id is not None:
        raise ValidationError("Ett deluppdrag kan inte ha egna deluppdrag.")
    if parent_status not in OPEN:
        raise ValidationError("Huvuduppdraget är avslutat; öppna det igen för att ge deluppdrag.")
    if parent_decided_on and decided_on and decided_on < parent_decided_on:
        raise ValidationError(
            {
                "decided_on": (
                    f"Deluppdraget kan inte vara beslutat före huvuduppdraget "
                    f"({parent_decided_on:%Y-%m-%d})."
                )
            }
        )
    if deadline > parent_deadline:
        raise ValidationError(
            {
                "deadline": (
                    f"Deluppdraget kan inte vara klart senare än huvuduppdraget "
                    f"({parent_deadline:%Y-%m-%d})."
                )
            }
        )


def progress_report_validate(
    decided_on: datetime.date, day: datetime.date, today: datetime.date, text: str
) -> None:
    if not text.strip():
        raise ValidationError({"text": "Skriv vad som har hänt."})
    if day > today:
        raise ValidationError({"date": "En lägesrapport kan inte dateras i framtiden."})
    if day < decided_on:
        raise ValidationError(
            {"date": f"Lägesrapporten ligger före beslutet om uppdraget ({decided_on:%Y-%m-%d})."}
        )


def closed_on(
    target: str,
    status: str,
    previous: str,
    previous_day: datetime.date | None,
    today: datetime.date,
) -> datetime.date | None:
    """The day an assignment was done (target 'done') or cancelled (target 'cancelled'):
    set when it reaches that status, kept while it stays there, cleared when reopened."""
    if status != target:
        return None
    return previous_day if previous == target and previous_day else today


def completed_on(
    status: str, previous: str, previous_day: datetime.date | None, today: datetime.date
) -> datetime.date | None:
    return closed_on("done", status, previous, previous_day, today)


def cancelled_on(
    status: str, previous: str, previous_day: datetime.date | None, today: datetime.date
) -> datetime.date | None:
    return closed_on("cancelled", status, previous, previous_day, today)


def state_on(
    day: datetime.date,
    deadline: datetime.date,
    completed: datetime.date | None,
    cancelled: datetime.date | None,
    reported: bool,
) -> str:
    """The status an assignment had at the end of a day, from the days it was done or
    cancelled and whether progress had been reported by then: a yearly report stays as
    it was when later changes come."""
    if completed is not None and completed <= day:
        return "done"
    if cancelled is not None and cancelled <= day:
        return "cancelled"
    if deadline < day:
        return LATE
    return "ongoing" if reported else "not_started"


def is_late(status: str, deadline: datetime.date, today: datetime.date) -> bool:
    """Late: still open after its deadline."""
    return status in OPEN and deadline < today


def done_late(status: str, deadline: datetime.date, completed: datetime.date | None) -> bool:
    return status == "done" and completed is not None and completed > deadline


def state(status: str, deadline: datetime.date, today: datetime.date) -> str:
    """The status a reader sees: the stored one, or 'late' for an open one past due."""
    return LATE if is_late(status, deadline, today) else status


STATE_LABELS = {
    "not_started": "Ej påbörjat",
    "ongoing": "Pågår",
    LATE: "Försenat",
    "done": "Klart",
    "cancelled": "Avbrutet",
}
STATE_ORDER = ("not_started", "ongoing", LATE, "done", "cancelled")


def own_progress(status: str, latest_percent: int | None) -> int:
    """How far an assignment without sub-assignments has come, in per cent: its newest
    report that gives a share (a report without one leaves the share as it was)."""
    if status == "done":
        return 100
    return latest_percent or 0


def rolled_up_progress(status: str, own: int, children: Sequence[tuple[str, int]]) -> int:
    """A parent's progress is the mean of its sub-assignments' (cancelled ones left out);
    a parent that is done is done."""
    if status == "done":
        return 100
    counted = [p for s, p in children if s != "cancelled"]
    if not counted:
        return own
    return round(sum(counted) / len(counted))


def reminder_due(
    day: datetime.date | None,
    reminded_on: datetime.date | None,
    status: str,
    today: datetime.date,
    days_before: int = REMIND_DAYS_BEFORE,
) -> bool:
    """A reminder goes out once, when the day is at most `days_before` days away (and
    not passed), for an open assignment."""
    if day is None or status not in OPEN or reminded_on is not None:
        return False
    return today <= day <= today + datetime.timedelta(days=days_before)


# --- Statistics ------------------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    """Median and spread of a set of day counts."""

    n: int
    minimum: int
    q1: float
    median: float
    q3: float
    maximum: int


def spread(days: Iterable[int]) -> Spread | None:
    """Median, quartiles (the inclusive method: the quartiles lie within the data) and
    range; None for no data."""
    values = sorted(days)
    if not values:
        return None
    if len(values) == 1:
        v = values[0]
        return Spread(1, v, v, v, v, v)
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return Spread(len(values), values[0], q1, median, q3, values[-1])


def share(part: int, whole: int) -> float | None:
    """Part of whole in per cent, one decimal; None when there is no whole."""
    if whole <= 0:
        return None
    return round(100 * part / whole, 1)


def percent_display(value: float | None) -> str:
    if value is None:
        return "–"
    text = f"{value:.1f}".replace(".", ",")
    return f"{text.removesuffix(',0')} %"
