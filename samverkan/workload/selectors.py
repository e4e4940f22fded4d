"""Reads for the meeting load, the structure comparison and the fee basis. Every read
costs a fixed number of queries however many meetings or persons there are; the figures
themselves come from the rules in rules.py."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from samverkan.access import policy
from samverkan.access.policy import Audience
from samverkan.meetings.models import AgendaItem, Attendance, Meeting
from samverkan.structure.models import (
    MONTHS_SV,
    Body,
    Collaboration,
    Membership,
    Participation,
    Party,
    Person,
)
from samverkan.structure.periods import in_force_on
from samverkan.structure.selectors import bodies_in_force, memberships_with_effective_period

from . import rules
from .rules import Figure, HeldSeat, ItemTime, SeatCount

# The attendance rows one read takes at most (a year of a large collaboration is a few
# thousand); beyond it the page says the figures are cut and asks for a narrower filter.
ATTENDANCE_CAP = 20_000
PAID_CAPACITIES = (Attendance.Capacity.MEMBER, Attendance.Capacity.SUBSTITUTE)


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def reference_day(year: int, today: datetime.date | None = None) -> datetime.date:
    """The day a year's seats are counted on: its last day, or today while it runs."""
    today = today or timezone.localdate()
    first, last = year_bounds(year)
    return last if last < today else max(first, today)


def typical_hours_by_body(body_ids: Iterable[int]) -> dict[int, float | None]:
    """Each body's usual meeting length, learnt from its meetings with both times."""
    lengths: dict[int, list[float]] = defaultdict(list)
    rows = Meeting.objects.filter(
        body_id__in=list(body_ids), cancelled_at__isnull=True, end_time__isnull=False
    ).values_list("body_id", "start_time", "end_time")
    for body_id, start, end in rows:
        lengths[body_id].append(rules.hours_between(start, end))
    return {body_id: rules.typical_meeting_hours(v) for body_id, v in lengths.items()}


def collaboration_bodies(collaboration: Collaboration | None) -> QuerySet[Body]:
    """The collaboration's own bodies: a party's own committee (the region board) takes
    part in the structure but is not one of its meetings to count."""
    return (
        Body.objects.in_collaboration(collaboration)
        .exclude(kind=Body.Kind.PARTY_COMMITTEE)
        .filter(owner_party__isnull=True)
    )


# --- Attendance: hours and who pays ----------------------------------------------------------


@dataclass
class AttendedMeeting:
    """One person's attendance at one held meeting, with its figures and their rules."""

    person_id: int
    person_name: str
    person_slug: str
    meeting_id: int
    body_short_name: str
    date: datetime.date
    capacity_label: str
    hours: Figure
    party_id: int | None
    party_name: str
    party_rule: str

    @property
    def month(self) -> int:
        return self.date.month


@dataclass
class Attended:
    rows: list[AttendedMeeting]
    capped: bool


def attended_meetings(
    collaboration: Collaboration | None,
    year: int,
    scope: Q,
    *,
    person_ids: list[int] | None = None,
    today: datetime.date | None = None,
) -> Attended:
    """Members' and serving substitutes' recorded presence at the held meetings of a
    year (not cancelled, not in the future), within the scope the access policy gives.
    Five queries, whatever the number of rows."""
    today = today or timezone.localdate()
    first, last = year_bounds(year)
    attendance = Attendance.objects.filter(
        scope,
        present=True,
        capacity__in=PAID_CAPACITIES,
        meeting__date__gte=first,
        meeting__date__lte=min(last, today),
        meeting__cancelled_at__isnull=True,
        meeting__body__in=collaboration_bodies(collaboration),
    )
    if person_ids is not None:
        attendance = attendance.filter(person_id__in=person_ids)
    found = list(
        attendance.select_related(
            "meeting", "meeting__body", "person", "arrived_at_item", "left_after_item"
        ).order_by("person__name", "person_id", "meeting__date", "meeting__start_time")[
            : ATTENDANCE_CAP + 1
        ]
    )
    capped = len(found) > ATTENDANCE_CAP
    found = found[:ATTENDANCE_CAP]
    if not found:
        return Attended([], False)
    body_ids = {a.meeting.body_id for a in found}
    typical = typical_hours_by_body(body_ids)
    # The items after those someone left after: their planned start ends the presence.
    leaving_meetings = {a.meeting_id for a in found if a.left_after_item_id}
    items: dict[int, list[ItemTime]] = defaultdict(list)
    for meeting_id, position, planned in (
        AgendaItem.objects.filter(meeting_id__in=leaving_meetings)
        .order_by("meeting_id", "position")
        .values_list("meeting_id", "position", "planned_start")
    ):
        items[meeting_id].append(ItemTime(position, planned))
    seats: dict[
        tuple[int, int], list[tuple[Membership, datetime.date | None, datetime.date | None]]
    ]
    seats = defaultdict(list)
    for m in memberships_with_effective_period().filter(
        person_id__in={a.person_id for a in found},
        body_id__in=body_ids,
        role__in=Membership.SEAT_ROLES,
    ):
        start, end = m.effective_start_on, m.effective_end_on  # type: ignore[attr-defined]
        seats[(m.person_id, m.body_id)].append((m, start, end))
    rows = []
    for a in found:
        meeting = a.meeting
        held = [
            HeldSeat(m.role, m.party_id, m.party.name if m.party else "")
            for m, start, end in seats[(a.person_id, meeting.body_id)]
            if (start is None or start <= meeting.date) and (end is None or meeting.date <= end)
        ]
        party_id, party_name, party_rule = rules.paying_party(a.get_capacity_display(), held)
        left = (
            ItemTime(a.left_after_item.position, a.left_after_item.planned_start)
            if (a.left_after_item)
            else None
        )
        next_item = (
            next((i for i in items[meeting.pk] if i.position > left.position), None)
            if left
            else None
        )
        arrived = (
            ItemTime(a.arrived_at_item.position, a.arrived_at_item.planned_start)
            if a.arrived_at_item
            else None
        )
        rows.append(
            AttendedMeeting(
                person_id=a.person_id,
                person_name=a.person.name,
                person_slug=a.person.slug,
                meeting_id=meeting.pk,
                body_short_name=meeting.body.short_name,
                date=meeting.date,
                capacity_label=a.get_capacity_display(),
                hours=rules.attended_hours(
                    meeting.start_time,
                    meeting.end_time,
                    typical.get(meeting.body_id),
                    arrived,
                    left,
                    next_item,
                ),
                party_id=party_id,
                party_name=party_name,
                party_rule=party_rule,
            )
        )
    return Attended(rows, capped)


# --- Meeting load per party ------------------------------------------------------------------


@dataclass
class PartyLoad:
    party: Party | None
    seats: int = 0
    seats_unknown: int = 0  # bodies where the party takes part with an unknown number
    meeting_ids: set[int] = field(default_factory=set)
    attendances: int = 0
    hours: float = 0.0

    @property
    def meetings(self) -> int:
        return len(self.meeting_ids)

    @property
    def hours_display(self) -> str:
        return rules.hours_display(round(self.hours, 2))


@dataclass
class BodyLoad:
    body: Body
    planned: int | None
    held: int = 0
    hours: float = 0.0
    assumed_ends: int = 0

    @property
    def hours_display(self) -> str:
        return rules.hours_display(round(self.hours, 2))


@dataclass
class Load:
    year: int
    on: datetime.date
    parties: list[PartyLoad]
    unknown_party: PartyLoad
    bodies: list[BodyLoad]
    total: PartyLoad
    capped: bool


def _voting_counts(
    body_ids: Iterable[int], on: datetime.date
) -> tuple[dict[int, int], dict[tuple[int, int], int]]:
    """Voting members recorded on a day: per body and per (body, party)."""
    per_body: dict[int, int] = defaultdict(int)
    per_party: dict[tuple[int, int], int] = defaultdict(int)
    for body_id, party_id in (
        memberships_with_effective_period()
        .filter(body_id__in=list(body_ids), role__in=Membership.VOTING_ROLES)
        .filter(in_force_on(on, "effective_start_on", "effective_end_on"))
        .values_list("body_id", "party_id")
    ):
        per_body[body_id] += 1
        if party_id is not None:
            per_party[(body_id, party_id)] += 1
    return per_body, per_party


def meeting_load(
    collaboration: Collaboration | None, year: int, today: datetime.date | None = None
) -> Load:
    """Per party and per body for a year: seats on the year's reference day, meetings
    attended and hours in them. Public figures: only meetings with sealed minutes count
    (attendance is public with the attested minutes)."""
    today = today or timezone.localdate()
    on = reference_day(year, today)
    parties = list(Party.objects.in_collaboration(collaboration).order_by("sort_order", "name"))
    loads = {p.pk: PartyLoad(p) for p in parties}
    bodies = list(
        collaboration_bodies(collaboration)
        .filter(in_force_on(on, "founded_on", "dissolved_on"))
        .order_by("sort_order", "name")
    )
    _, voting = _voting_counts([b.pk for b in bodies], on)
    for p in Participation.objects.filter(in_force_on(on), body__in=bodies):
        load = loads.get(p.party_id)
        if load is None:
            continue
        seat = rules.body_party_seats(p.seats, voting.get((p.body_id, p.party_id), 0))
        if seat.value is None:
            load.seats_unknown += 1
        else:
            load.seats += seat.value
    attended = attended_meetings(collaboration, year, policy.public_attendance_q(), today=today)
    unknown = PartyLoad(None)
    total = PartyLoad(None)
    for row in attended.rows:
        for load in (loads.get(row.party_id, unknown) if row.party_id else unknown, total):
            load.meeting_ids.add(row.meeting_id)
            load.attendances += 1
            load.hours += row.hours.value
    total.seats = sum(load.seats for load in loads.values())
    total.seats_unknown = sum(load.seats_unknown for load in loads.values())
    # The bodies' own meetings: meetings are public (that a body met, when), held ones.
    first, last = year_bounds(year)
    body_loads = {b.pk: BodyLoad(b, b.meetings_per_year) for b in bodies}
    held = Meeting.objects.filter(
        body__in=collaboration_bodies(collaboration),
        date__gte=first,
        date__lte=min(last, today),
        cancelled_at__isnull=True,
    ).select_related("body")
    typical = typical_hours_by_body(body_loads)
    for meeting in held:
        body_load = body_loads.get(meeting.body_id)
        if body_load is None:  # a body dissolved before the reference day
            body_load = body_loads[meeting.body_id] = BodyLoad(
                meeting.body, meeting.body.meetings_per_year
            )
        body_load.held += 1
        figure = rules.meeting_hours(
            meeting.start_time, meeting.end_time, typical.get(meeting.body_id)
        )
        body_load.hours += figure.value
        body_load.assumed_ends += meeting.end_time is None
    return Load(
        year=year,
        on=on,
        parties=list(loads.values()),
        unknown_party=unknown,
        bodies=sorted(body_loads.values(), key=lambda b: (b.body.sort_order, b.body.name)),
        total=total,
        capped=attended.capped,
    )


# --- Meeting load per person (secretariat) ---------------------------------------------------


@dataclass
class PersonLoad:
    person: Person
    seats: list[str]  # "RSR (ledamot)"
    meetings: int = 0
    hours: float = 0.0
    rules_used: list[str] = field(default_factory=list)

    @property
    def hours_display(self) -> str:
        return rules.hours_display(round(self.hours, 2))


def _year_overlap(year: int) -> Q:
    first, last = year_bounds(year)
    return (Q(effective_start_on__isnull=True) | Q(effective_start_on__lte=last)) & (
        Q(effective_end_on__isnull=True) | Q(effective_end_on__gte=first)
    )


def persons_with_load(
    collaboration: Collaboration | None, year: int, audience: Audience
) -> QuerySet[Person]:
    """The persons who held a seat in, or attended, a body the reader keeps during the
    year, by name (a queryset for the pager)."""
    first, last = year_bounds(year)
    bodies = collaboration_bodies(collaboration)
    seated = (
        memberships_with_effective_period()
        .filter(policy.managed_bodies_q(audience, "body"))
        .filter(body__in=bodies, role__in=Membership.SEAT_ROLES)
        .filter(_year_overlap(year))
        .values("person_id")
    )
    present = Attendance.objects.filter(
        policy.fee_basis_q(audience),
        meeting__body__in=bodies,
        meeting__date__gte=first,
        meeting__date__lte=last,
        present=True,
    ).values("person_id")
    return Person.objects.filter(Q(pk__in=seated) | Q(pk__in=present)).order_by("name", "pk")


def person_loads(
    collaboration: Collaboration | None,
    year: int,
    audience: Audience,
    persons: list[Person],
    today: datetime.date | None = None,
) -> list[PersonLoad]:
    """The page's persons with their seats during the year and the meetings and hours
    they attended (the secretariat's bodies only)."""
    ids = [p.pk for p in persons]
    bodies = collaboration_bodies(collaboration)
    loads = {p.pk: PersonLoad(p, []) for p in persons}
    for m in (
        memberships_with_effective_period()
        .filter(policy.managed_bodies_q(audience, "body"))
        .filter(person_id__in=ids, body__in=bodies, role__in=Membership.SEAT_ROLES)
        .filter(_year_overlap(year))
        .order_by("body__sort_order", "role_rank")
    ):
        loads[m.person_id].seats.append(f"{m.body.short_name} ({m.get_role_display().lower()})")
    attended = attended_meetings(
        collaboration,
        year,
        policy.fee_basis_q(audience),
        person_ids=ids,
        today=today,
    )
    for row in attended.rows:
        load = loads[row.person_id]
        load.meetings += 1
        load.hours += row.hours.value
    return [loads[i] for i in ids]


# --- Fee basis (arvodesunderlag) -----------------------------------------------------------------


@dataclass
class FeeRow:
    """One person's meetings in one month, paid by one party."""

    person_name: str
    person_slug: str
    year: int
    month: int
    party_name: str
    meetings: list[AttendedMeeting]

    @property
    def month_label(self) -> str:
        return f"{MONTHS_SV[self.month - 1]} {self.year}"

    @property
    def month_key(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def meeting_count(self) -> int:
        return len(self.meetings)

    @property
    def hours(self) -> float:
        return round(sum(m.hours.value for m in self.meetings), 2)

    @property
    def hours_display(self) -> str:
        return rules.hours_display(self.hours)

    @property
    def party_display(self) -> str:
        return self.party_name or "uppgift saknas"

    @property
    def source(self) -> str:
        """Where the row's figures come from: each meeting, its hours' rule and who pays."""
        return " | ".join(
            f"{m.body_short_name} {m.date.isoformat()}: {rules.hours_display(m.hours.value)} tim "
            f"– {m.hours.rule}. {m.party_rule}"
            for m in self.meetings
        )


@dataclass
class FeeBasis:
    year: int
    party: Party | None
    rows: list[FeeRow]
    capped: bool

    @property
    def hours(self) -> float:
        return round(sum(r.hours for r in self.rows), 2)

    @property
    def hours_display(self) -> str:
        return rules.hours_display(self.hours)

    @property
    def meeting_count(self) -> int:
        return sum(r.meeting_count for r in self.rows)


NO_PARTY = "okand"


def fee_basis(
    collaboration: Collaboration | None,
    year: int,
    audience: Audience,
    party: Party | str | None = None,
    today: datetime.date | None = None,
) -> FeeBasis:
    """Per person and month: meetings attended, hours and the party that pays, for the
    bodies the reader keeps. `party` narrows to one party's payroll (NO_PARTY: the rows
    whose paying party the records do not give)."""
    attended = attended_meetings(collaboration, year, policy.fee_basis_q(audience), today=today)
    grouped: dict[tuple[int, int, int | None], FeeRow] = {}
    for row in attended.rows:
        if party == NO_PARTY and row.party_id is not None:
            continue
        if isinstance(party, Party) and row.party_id != party.pk:
            continue
        key = (row.person_id, row.month, row.party_id)
        if key not in grouped:
            grouped[key] = FeeRow(
                row.person_name, row.person_slug, year, row.month, row.party_name, []
            )
        grouped[key].meetings.append(row)
    ordered = sorted(
        grouped.values(), key=lambda r: (r.party_name or "\uffff", r.person_name, r.month)
    )
    return FeeBasis(
        year=year,
        party=party if isinstance(party, Party) else None,
        rows=ordered,
        capped=attended.capped,
    )


# --- Structure comparison --------------------------------------------------------------------------


@dataclass
class BodyPlan:
    body: Body
    seats: SeatCount
    party_seats: dict[int, SeatCount]
    hours_per_meeting: float
    hours_rule: str

    @property
    def meetings_per_year(self) -> int | None:
        return self.body.meetings_per_year

    @property
    def person_hours(self) -> float | None:
        return rules.person_hours_per_year(
            self.seats.value, self.meetings_per_year, self.hours_per_meeting
        )

    @property
    def person_hours_display(self) -> str:
        return rules.hours_display(self.person_hours)

    @property
    def hours_per_meeting_display(self) -> str:
        return rules.hours_display(self.hours_per_meeting)


@dataclass
class Known:
    """A sum over what is known, and how many were not."""

    value: float = 0
    unknown: int = 0

    def add(self, value: float | None) -> None:
        if value is None:
            self.unknown += 1
        else:
            self.value += value

    @property
    def display(self) -> str:
        value = rules.hours_display(round(self.value, 2))
        return value if not self.unknown else f"{value} (uppgift saknas för {self.unknown})"


@dataclass
class StructurePlan:
    on: datetime.date
    bodies: list[BodyPlan]
    seats: Known
    meetings: Known
    person_hours: Known
    party_seats: dict[int, Known]
    party_hours: dict[int, Known]


@dataclass
class PartyComparison:
    party: Party
    seats_a: Known
    seats_b: Known
    hours_a: Known
    hours_b: Known

    @property
    def seats_change(self) -> str:
        return _change(self.seats_a, self.seats_b)

    @property
    def hours_change(self) -> str:
        return _change(self.hours_a, self.hours_b)


def _change(a: Known, b: Known) -> str:
    diff = round(b.value - a.value, 2)
    text = ("+" if diff > 0 else "−" if diff < 0 else "±") + rules.hours_display(abs(diff))
    return text + (" (ofullständigt underlag)" if a.unknown or b.unknown else "")


@dataclass
class BodyComparison:
    body: Body
    a: BodyPlan | None  # None: not in force on the first day
    b: BodyPlan | None

    @property
    def plan(self) -> BodyPlan:
        plan = self.b or self.a
        assert plan is not None
        return plan


@dataclass
class Comparison:
    a: StructurePlan
    b: StructurePlan
    parties: list[PartyComparison]
    ended: list[Body]  # in force on the first day, not on the second
    started: list[Body]  # in force on the second day, not on the first
    kept: list[Body]

    @property
    def bodies(self) -> list[BodyComparison]:
        """Every body in force on either day, the first day's order first."""
        plans_a = {p.body.pk: p for p in self.a.bodies}
        plans_b = {p.body.pk: p for p in self.b.bodies}
        order = [*plans_a, *(pk for pk in plans_b if pk not in plans_a)]
        return [
            BodyComparison((plans_a.get(pk) or plans_b[pk]).body, plans_a.get(pk), plans_b.get(pk))
            for pk in order
        ]

    @property
    def bodies_change(self) -> str:
        return _change(Known(len(self.a.bodies)), Known(len(self.b.bodies)))

    @property
    def seats_change(self) -> str:
        return _change(self.a.seats, self.b.seats)

    @property
    def meetings_change(self) -> str:
        return _change(self.a.meetings, self.b.meetings)

    @property
    def person_hours_change(self) -> str:
        return _change(self.a.person_hours, self.b.person_hours)


def _plan(
    on: datetime.date,
    bodies: list[Body],
    participations: list[Participation],
    memberships: list[tuple[int, int | None, datetime.date | None, datetime.date | None]],
    typical: dict[int, float | None],
) -> StructurePlan:
    voting: dict[int, int] = defaultdict(int)
    voting_party: dict[tuple[int, int], int] = defaultdict(int)
    for body_id, party_id, start, end in memberships:
        if (start is None or start <= on) and (end is None or on <= end):
            voting[body_id] += 1
            if party_id is not None:
                voting_party[(body_id, party_id)] += 1
    plans = []
    party_seats: dict[int, Known] = defaultdict(Known)
    party_hours: dict[int, Known] = defaultdict(Known)
    seats, meetings, hours = Known(), Known(), Known()
    for body in bodies:
        in_force = [
            p
            for p in participations
            if p.body_id == body.pk
            and (p.start is None or p.start <= on)
            and (p.end is None or on <= p.end)
        ]
        per_party = {
            p.party_id: rules.body_party_seats(p.seats, voting_party.get((body.pk, p.party_id), 0))
            for p in in_force
        }
        body_seats = rules.body_seats(list(per_party.values()), voting.get(body.pk, 0))
        known_hours = typical.get(body.pk)
        if known_hours is not None:
            per_meeting = known_hours
            why = "vanlig möteslängd"
        else:
            per_meeting = rules.DEFAULT_MEETING_HOURS
            why = "antaget"
        plan = BodyPlan(body, body_seats, per_party, per_meeting, why)
        plans.append(plan)
        seats.add(body_seats.value)
        meetings.add(body.meetings_per_year)
        hours.add(plan.person_hours)
        for party_id, seat in per_party.items():
            party_seats[party_id].add(seat.value)
            party_hours[party_id].add(
                rules.person_hours_per_year(seat.value, body.meetings_per_year, per_meeting)
            )
    return StructurePlan(on, plans, seats, meetings, hours, party_seats, party_hours)


def structure_comparison(
    collaboration: Collaboration | None, day_a: datetime.date, day_b: datetime.date
) -> Comparison:
    """The structure on two days side by side: bodies, seats, planned meetings and
    planned person-hours a year, in total and per party, with what is unknown counted
    as unknown (never guessed). Six queries."""
    own = collaboration_bodies(collaboration)
    bodies_a = list(
        bodies_in_force(day_a, collaboration).filter(pk__in=own).order_by("sort_order", "name")
    )
    bodies_b = list(
        bodies_in_force(day_b, collaboration).filter(pk__in=own).order_by("sort_order", "name")
    )
    ids = {b.pk for b in bodies_a} | {b.pk for b in bodies_b}
    participations = list(Participation.objects.filter(body_id__in=ids))
    memberships = [
        (m.body_id, m.party_id, m.effective_start_on, m.effective_end_on)  # type: ignore[attr-defined]
        for m in memberships_with_effective_period().filter(
            body_id__in=ids, role__in=Membership.VOTING_ROLES
        )
    ]
    typical = typical_hours_by_body(ids)
    a = _plan(day_a, bodies_a, participations, memberships, typical)
    b = _plan(day_b, bodies_b, participations, memberships, typical)
    involved = set(a.party_seats) | set(b.party_seats)
    parties = [
        PartyComparison(
            party,
            a.party_seats.get(party.pk, Known()),
            b.party_seats.get(party.pk, Known()),
            a.party_hours.get(party.pk, Known()),
            b.party_hours.get(party.pk, Known()),
        )
        for party in Party.objects.in_collaboration(collaboration).order_by("sort_order", "name")
        if party.pk in involved
    ]
    ids_a, ids_b = {x.pk for x in bodies_a}, {x.pk for x in bodies_b}
    return Comparison(
        a=a,
        b=b,
        parties=parties,
        ended=[x for x in bodies_a if x.pk not in ids_b],
        started=[x for x in bodies_b if x.pk not in ids_a],
        kept=[x for x in bodies_b if x.pk in ids_a],
    )
