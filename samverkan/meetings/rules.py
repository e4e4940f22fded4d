"""The date and count rules of meetings, one function each."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from samverkan.structure.parties import same_party_group

DAY = datetime.timedelta(days=1)


def easter_sunday(year: int) -> datetime.date:
    """Gregorian Easter (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def swedish_holidays(year: int) -> set[datetime.date]:
    """Public holidays (lag 1989:253) and the eves that lag (1930:173) counts as such:
    midsummer eve, Christmas eve and New Year's eve."""
    easter = easter_sunday(year)
    midsummer_eve = next(
        datetime.date(year, 6, d) for d in range(19, 26) if datetime.date(year, 6, d).weekday() == 4
    )
    return {
        datetime.date(year, 1, 1),
        datetime.date(year, 1, 6),
        easter - 2 * DAY,
        easter,
        easter + DAY,
        datetime.date(year, 5, 1),
        easter + 39 * DAY,
        datetime.date(year, 6, 6),
        midsummer_eve,
        datetime.date(year, 12, 24),
        datetime.date(year, 12, 25),
        datetime.date(year, 12, 26),
        datetime.date(year, 12, 31),
    }


def next_working_day(day: datetime.date) -> datetime.date:
    """A period whose last day falls on a Saturday, Sunday or holiday runs on to the
    next working day (lag 1930:173 om beräkning av lagstadgad tid, 2 §)."""
    while day.weekday() >= 5 or day in swedish_holidays(day.year):
        day += DAY
    return day


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in swedish_holidays(day.year)


def previous_working_day(day: datetime.date) -> datetime.date:
    """A deadline counted back from a meeting that falls on a Saturday, Sunday or
    holiday moves to the working day before it: whoever must deliver by then must be
    able to do so on a working day, and still in time for the meeting."""
    while not is_working_day(day):
        day -= DAY
    return day


def cases_ready_deadline(meeting_day: datetime.date, days_before: int) -> datetime.date:
    return previous_working_day(meeting_day - days_before * DAY)


def late_placing_warning(meeting_day: datetime.date, days_before: int, today: datetime.date) -> str:
    """An item placed on the agenda after the body's day for cases to be ready is
    allowed (the chair may take it up) but late; the secretary is told at once."""
    ready = cases_ready_deadline(meeting_day, days_before)
    if today > ready:
        return (
            f"Dagen för ”Ärenden klara” var {ready:%Y-%m-%d}: punkten kom till efter den "
            "och planen visar den som för sen."
        )
    return ""


def notice_deadline(meeting_day: datetime.date, days_before: int) -> datetime.date:
    return previous_working_day(meeting_day - days_before * DAY)


def move_notice_warning(
    new_day: datetime.date,
    notice_days: int,
    today: datetime.date,
    notice_sent_on: datetime.date | None = None,
) -> str:
    """Moving a meeting is allowed, but the secretary is warned before confirming when
    the notice already went out (a new notice must go out for the new time) or when the
    last day for the notice to the new day (the body's notice_days before it) has
    already passed. Empty when neither."""
    deadline = notice_deadline(new_day, notice_days)
    rule = f"{notice_days} dagar före enligt organets sammanträdesregler"
    passed = today > deadline
    if notice_sent_on is not None:
        text = (
            f"Kallelsen skickades redan {notice_sent_on:%Y-%m-%d}. En ny kallelse ska skickas "
            f"till de kallade för den nya tiden, senast {deadline:%Y-%m-%d} ({rule})."
        )
        return text + (" Den dagen har redan passerat." if passed else "")
    if passed:
        return (
            f"Sista dag att skicka kallelsen till sammanträdet {new_day:%Y-%m-%d} är "
            f"{deadline:%Y-%m-%d} ({rule}). Den dagen har redan passerat, så kallelsen "
            "kommer för sent."
        )
    return ""


def meeting_day_warning(day: datetime.date) -> str:
    """A meeting planned on a weekend or a holiday is allowed (a body may meet when it
    likes) but the secretary is told, since it is most often a slip."""
    if day in swedish_holidays(day.year):
        return f"{day:%Y-%m-%d} är en helgdag. Kontrollera att sammanträdet ska hållas då."
    if day.weekday() >= 5:
        weekday = "en lördag" if day.weekday() == 5 else "en söndag"
        return f"{day:%Y-%m-%d} är {weekday}. Kontrollera att sammanträdet ska hållas då."
    return ""


def held_record_problem(meeting_day: datetime.date, today: datetime.date) -> str:
    """Attendance and decisions are what happens at a meeting: they are recorded from
    its day, never before (the minutes record a meeting held, kommunallagen 5 kap.
    69 §). Before the day the meeting can still be moved; afterwards it cannot."""
    if meeting_day > today:
        return f"Närvaro och beslut registreras från sammanträdesdagen ({meeting_day:%Y-%m-%d})."
    return ""


def attestation_deadline(meeting_day: datetime.date, days_after: int) -> datetime.date:
    return meeting_day + days_after * DAY


def posting_deadline(attested_on: datetime.date, days_after: int) -> datetime.date:
    return attested_on + days_after * DAY


def appeal_period_last_day(posted_on: datetime.date, appeal_days: int) -> datetime.date:
    """Three weeks from the day of posting (kommunallagen 13 kap. 5 §), moved past a
    weekend or holiday."""
    return next_working_day(posted_on + appeal_days * DAY)


def quorum_required(seats: int, minimum: int | None = None) -> int:
    """How many members must serve: the body's own number when its rules give one,
    else more than half of the members (kommunallagen 6 kap. 27 § for committees)."""
    if minimum:
        return minimum
    return seats // 2 + 1


def quorum_met(serving: int, seats: int, minimum: int | None = None) -> bool:
    """A body may decide when enough of its members serve (`quorum_required`)."""
    return seats > 0 and serving >= quorum_required(seats, minimum)


def attestation_date_problem(
    meeting_day: datetime.date, attestation_day: datetime.date, days_after: int
) -> str:
    """Minutes are attested after the meeting and within the body's period
    (kommunallagen 6 kap. 35 §: within 14 days for a committee)."""
    if attestation_day < meeting_day:
        return (
            f"Justeringen ({attestation_day:%Y-%m-%d}) kan inte ske före sammanträdet "
            f"({meeting_day:%Y-%m-%d})."
        )
    limit = attestation_deadline(meeting_day, days_after)
    if attestation_day > limit:
        return (
            f"Justeringen ({attestation_day:%Y-%m-%d}) ska ske senast {limit:%Y-%m-%d} "
            f"({days_after} dagar efter sammanträdet enligt organets regler)."
        )
    return ""


def posting_date_problem(
    attested_on: datetime.date, posted_on: datetime.date, days_after: int
) -> str:
    """The posting on the notice board comes after the attestation and at the latest
    `days_after` days after it (kommunallagen 8 kap. 12 §: two days for a committee)."""
    if posted_on < attested_on:
        return f"Anslaget ({posted_on:%Y-%m-%d}) kan inte sättas upp före justeringen."
    limit = posting_deadline(attested_on, days_after)
    if posted_on > limit:
        return (
            f"Anslaget ({posted_on:%Y-%m-%d}) ska sättas upp senast {limit:%Y-%m-%d} "
            f"({days_after} dagar efter justeringen)."
        )
    return ""


# --- Who serves at an item ----------------------------------------------------------------


@dataclass(frozen=True)
class Presence:
    """What the attendance says about one person: `arrived` is the position of the
    item during which they came, `left` the position of the item after which they left."""

    person_id: int
    is_substitute: bool
    present: bool
    replaces_id: int | None = None
    arrived: int | None = None
    left: int | None = None


def present_at(p: Presence, position: int | None) -> bool:
    """Whoever comes during an item enters at the next one, when that item has been
    dealt with; a member arriving late thus takes the seat back from the substitute at
    the next item. Whoever leaves after an item is gone
    from the next. A § without an agenda item counts everyone who came. (Kommunallagen's
    rule for committees: a member who arrives during a meeting enters when the matter
    at hand has been dealt with.)"""
    if not p.present:
        return False
    if position is None:
        return True
    if p.arrived is not None and position <= p.arrived:
        return False
    return not (p.left is not None and position > p.left)


def serving_at(
    position: int | None,
    presences: Iterable[Presence],
    conflicts: Iterable[tuple[int, int | None]] = (),
) -> set[int]:
    """The persons who serve at the item: members there, and substitutes there while the
    member they replace is not (so the substitute steps down when the member returns);
    a member with a conflict of interest at the item takes no part in it and the
    substitute named for the conflict serves for that item only (the member returns at
    the next)."""
    people = list(presences)
    members = {p.person_id for p in people if not p.is_substitute and present_at(p, position)}
    serving = set(members)
    for p in people:
        if p.is_substitute and present_at(p, position) and p.replaces_id not in members:
            serving.add(p.person_id)
    for person_id, substitute_id in conflicts:
        if person_id in serving:
            serving.discard(person_id)
            if substitute_id:
                serving.add(substitute_id)
    return serving


# --- The order of substitutes ---------------------------------------------------------------


class SeatLike(Protocol):
    person_id: int
    party_id: int | None
    party_letters: str
    substitute_order: int | None
    position: int


def same_party(a: SeatLike, b: SeatLike) -> bool:
    """The same party: the same represented party, or the same party letters (the rule
    is structure.parties.same_party_group, which the party group of notes reads too)."""
    return same_party_group(a.party_id, a.party_letters, b.party_id, b.party_letters)


def substitutes_in_order(absent: SeatLike, substitutes: Iterable[SeatLike]) -> list[SeatLike]:
    """The order in which substitutes are called for an absent member: first the
    substitutes of the member's own party, then the others, each group by the body's
    substitute order (ersättarordning), then by their place in the body's list."""

    def key(s: SeatLike) -> tuple[int, int, int, int]:
        order = s.substitute_order
        return (
            0 if same_party(absent, s) else 1,
            0 if order is not None else 1,
            order or 0,
            s.position,
        )

    return sorted(substitutes, key=key)


# --- Dissent -------------------------------------------------------------------------------


def vote_winner(yes: int, no: int, chair_choice: str | None, casting: bool) -> str | None:
    """The side that won a vote: "yes", "no", or None when it tied without a casting
    vote (simple majority, the chair's casting vote on a tie: as `vote_result`)."""
    if yes != no:
        return "yes" if yes > no else "no"
    if casting and chair_choice in ("yes", "no"):
        return chair_choice
    return None


def election_result(tally: dict[str, int]) -> str:
    """The outcome of a closed ballot: the candidate with most votes, or a tie to be
    decided by lot (kommunallagen 5 kap. 56 §), with the count."""
    ranked = sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))
    count = ", ".join(f"{name} {n}" for name, n in ranked)
    top = [name for name, n in ranked if n == ranked[0][1]]
    if len(top) > 1:
        return f"Lika röstetal mellan {' och '.join(top)}; lotten avgör ({count})"
    return f"{top[0]} ({count})"


def dissent_problem(
    *,
    serving: bool,
    last_vote: tuple[str | None, str | None] | None,
    motions: Iterable[str],
    decision: str,
) -> str:
    """Who may dissent (reservation, kommunallagen 4 kap. 27 §: whoever took part in the
    decision may dissent against it). The rule as applied here:

    - the person served at the § (took part in the decision);
    - after a vote (the last vote of the § decides): the person voted against the winning
      side (an abstention is no part in the decision, and a tie without a casting vote
      has no winning side, so both sides may dissent);
    - without a vote: the person made a motion other than the decision (a member who
      moved nothing is taken to have supported the decision made by acclamation).

    `last_vote` is (winning side, the person's ballot) or None when there was no vote.
    Returns why the person may not dissent, or "" when they may."""
    if not serving:
        return "tjänstgjorde inte och deltog inte i beslutet"
    if last_vote is not None:
        winner, ballot = last_vote
        if ballot is None:
            return "röstade inte i omröstningen"
        if ballot == "abstain":
            return "avstod från att rösta och deltog inte i beslutet"
        if winner is not None and ballot == winner:
            return "röstade för beslutet"
        return ""
    wanted = " ".join(decision.split()).casefold()
    if any(" ".join(m.split()).casefold() != wanted for m in motions if m.strip()):
        return ""
    return "har inte yrkat något annat än beslutet"


# --- Meeting series -------------------------------------------------------------------------

WEEKDAY_NAMES = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
MONTH_NAMES = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
ORDINAL_NAMES = {1: "första", 2: "andra", 3: "tredje", 4: "fjärde", -1: "sista"}


def series_dates(
    year: int, *, weekday: int, ordinal: int, months_excluded: Iterable[int] = ()
) -> list[datetime.date]:
    """The days of a meeting series in a year: the `ordinal` (1–4, or -1 for the last)
    `weekday` (0 = Monday) of every month not excluded, e.g. "second Monday each month
    except July" is weekday=0, ordinal=2, months_excluded={7}."""
    from dateutil.rrule import MONTHLY, rrule, weekdays

    if weekday not in range(7) or ordinal not in ORDINAL_NAMES:
        raise ValueError("weekday 0–6 and ordinal 1–4 or -1")
    months = [m for m in range(1, 13) if m not in set(months_excluded)]
    if not months:
        return []
    day = weekdays[weekday](ordinal)
    rule = rrule(
        MONTHLY,
        dtstart=datetime.datetime(year, 1, 1),
        until=datetime.datetime(year, 12, 31),
        byweekday=day,
        bymonth=months,
    )
    return [d.date() for d in rule]


def series_description(weekday: int, ordinal: int, months_excluded: Iterable[int] = ()) -> str:
    """The rule in Swedish: "andra måndagen varje månad utom juli"."""
    month_names = MONTH_NAMES
    text = f"{ORDINAL_NAMES[ordinal]} {WEEKDAY_NAMES[weekday]}en varje månad"
    excluded = sorted(set(months_excluded))
    if excluded:
        names = [month_names[m - 1] for m in excluded]
        text += " utom " + (
            ", ".join(names[:-1]) + " och " + names[-1] if len(names) > 1 else names[0]
        )
    return text
