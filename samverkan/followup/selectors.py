"""Reads for follow-up: assignments with their progress, and the figures of a body's
dashboard and yearly report. Every figure reads through the access policy: what a
reader may not see is not counted for them (minutes count once sealed; closed items
and §§ only for those inside the meeting)."""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Min, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from samverkan.access.policy import Audience
from samverkan.cases.models import Decision, Handling, PartyResponse, Recommendation
from samverkan.cases.selectors import Matrix, recommendation_matrix, recommendations_with_responses
from samverkan.meetings.models import AgendaItem, Attendance, Meeting
from samverkan.structure.models import (
    Body,
    Collaboration,
    DatePrecision,
    Membership,
    Participation,
    Party,
)
from samverkan.structure.selectors import memberships_with_effective_period

from . import rules
from .models import Assignment, ProgressReport

# --- Assignments -------------------------------------------------------------------------


def _with_relations(qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    return qs.select_related(
        "body",
        "owner_person",
        "owner_party",
        "owner_body",
        "section__meeting",
        "section__body",
        "decision__body",
        "decision__case__series",
        "recommendation__case__series",
        "parent",
    )


def progress_attach(assignments: list[Assignment], today: datetime.date) -> list[Assignment]:
    """Each assignment gets `.state` (late derived), `.progress` (rolled up from its
    sub-assignments) and `.latest` (its newest report): two queries for the lot."""
    ids = [a.pk for a in assignments]
    latest: dict[int, ProgressReport] = {}
    percent: dict[int, int] = {}  # the newest share reported (a report may give none)
    reports = ProgressReport.objects.filter(
        Q(assignment_id__in=ids) | Q(assignment__parent_id__in=ids)
    ).order_by("-date", "-id")
    for report in reports:
        latest.setdefault(report.assignment_id, report)
        if report.percent is not None:
            percent.setdefault(report.assignment_id, report.percent)
    children: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for child in Assignment.objects.filter(parent_id__in=ids).only("pk", "parent_id", "status"):
        own = rules.own_progress(child.status, percent.get(child.pk))
        children[child.parent_id].append((child.status, own))  # type: ignore[index]
    for a in assignments:
        own = rules.own_progress(a.status, percent.get(a.pk))
        a.latest = latest.get(a.pk)  # type: ignore[attr-defined]
        a.progress = rules.rolled_up_progress(a.status, own, children.get(a.pk, []))  # type: ignore[attr-defined]
        a.state = rules.state(a.status, a.deadline, today)  # type: ignore[attr-defined]
        a.state_label = rules.STATE_LABELS[a.state]  # type: ignore[attr-defined]
        a.child_count = len(children.get(a.pk, []))  # type: ignore[attr-defined]
    return assignments


def assignments_visible(audience: Audience) -> QuerySet[Assignment]:
    return _with_relations(Assignment.objects.visible_to(audience))


def assignment_for(pk: int, audience: Audience) -> Assignment:
    assignment = assignments_visible(audience).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    return assignment


def assignments_of_body(
    body: Body, audience: Audience, today: datetime.date, state: str = ""
) -> QuerySet[Assignment]:
    """A body's assignments (main ones and sub-assignments), by deadline; `state` may be
    a stored status or 'late'."""
    qs = assignments_visible(audience).filter(body=body)
    if state == rules.LATE:
        qs = qs.filter(status__in=rules.OPEN, deadline__lt=today)
    elif state in rules.OPEN:
        qs = qs.filter(status=state, deadline__gte=today)
    elif state:
        qs = qs.filter(status=state)
    return qs.order_by("deadline", "id")


def overdue(body: Body, audience: Audience, today: datetime.date) -> QuerySet[Assignment]:
    return assignments_of_body(body, audience, today, rules.LATE)


def sub_assignments(assignment: Assignment, audience: Audience) -> QuerySet[Assignment]:
    return assignments_visible(audience).filter(parent=assignment).order_by("deadline", "id")


def progress_reports(assignment: Assignment) -> QuerySet[ProgressReport]:
    return assignment.progress_reports.select_related("reported_by").order_by("-date", "-id")


def assignments_from(source: Any, audience: Audience) -> QuerySet[Assignment]:
    """The assignments a §, a decision or a recommendation gave (main ones only)."""
    field_name = type(source).__name__.lower()
    return (
        assignments_visible(audience)
        .filter(**{field_name: source}, parent__isnull=True)
        .order_by("deadline", "id")
    )


def assignments_for_case(case: Any, audience: Audience) -> QuerySet[Assignment]:
    return (
        assignments_visible(audience)
        .filter(
            Q(section__agenda_item__case=case)
            | Q(decision__case=case)
            | Q(recommendation__case=case),
            parent__isnull=True,
        )
        .order_by("deadline", "id")
    )


def case_decisions(case: Any, audience: Audience) -> QuerySet[Decision]:
    return (
        Decision.objects.visible_to(audience)
        .filter(case=case)
        .select_related("body", "section")[:20]
    )


def case_recommendations(case: Any) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(case=case).select_related("decision")[:20]


@dataclass
class StateCount:
    state: str
    label: str
    count: int


def state_counts(qs: QuerySet[Assignment], today: datetime.date) -> list[StateCount]:
    """Assignments by the status a reader sees (late derived), in a fixed order."""
    counts: Counter[str] = Counter()
    for status, deadline in qs.values_list("status", "deadline"):
        counts[rules.state(status, deadline, today)] += 1
    return [StateCount(s, rules.STATE_LABELS[s], counts[s]) for s in rules.STATE_ORDER]


@dataclass
class Upcoming:
    day: datetime.date
    what: str
    title: str
    url: str


def upcoming_deadlines(
    body: Body, audience: Audience, today: datetime.date, limit: int = 20
) -> list[Upcoming]:
    """The next deadlines and review dates of open assignments, and the answer dates of
    recommendations the body issued that parties have not answered, within UPCOMING_DAYS."""
    until = today + datetime.timedelta(days=rules.UPCOMING_DAYS)
    items: list[Upcoming] = []
    open_ = assignments_visible(audience).filter(body=body, status__in=rules.OPEN)
    for a in open_.filter(deadline__gte=today, deadline__lte=until).order_by("deadline")[:limit]:
        items.append(Upcoming(a.deadline, "Uppdrag klart senast", a.title, a.get_absolute_url()))
    for a in open_.filter(review_on__gte=today, review_on__lte=until).order_by("review_on")[:limit]:
        items.append(Upcoming(a.review_on, "Avstämning", a.title, a.get_absolute_url()))  # type: ignore[arg-type]
    recs = (
        Recommendation.objects.filter(
            decision__body=body, answer_by__gte=today, answer_by__lte=until
        )
        .filter(responses__status=PartyResponse.Status.NOT_HANDLED)
        .distinct()
        .order_by("answer_by")[:limit]
    )
    for rec in recs:
        if rec.answer_by is not None:
            items.append(
                Upcoming(rec.answer_by, "Parternas svar senast", rec.title, rec.get_absolute_url())
            )
    items.sort(key=lambda u: (u.day, u.what, u.title))
    return items[:limit]


# --- Recommendations -----------------------------------------------------------------


def body_recommendations(body: Body, year: int | None = None) -> QuerySet[Recommendation]:
    """Recommendations of the year that the body issued (by a decision of its own) or
    follows up by an assignment (one with no date of issue counts every year), newest
    first."""
    followed = Recommendation.objects.filter(assignments__body=body).values("pk")
    recs = recommendations_with_responses().filter(Q(decision__body=body) | Q(pk__in=followed))
    if year is not None:
        recs = recs.filter(Q(issued_on__year=year) | Q(issued_on__isnull=True))
    return recs.order_by("-issued_on", "-id")


def body_recommendation_matrix(body: Body, year: int | None = None, limit: int = 50) -> Matrix:
    recs = list(body_recommendations(body, year)[:limit])
    matrix = recommendation_matrix(recs=recs)
    # Only the parties asked to answer these recommendations.
    asked = {r.party_id for rec in recs for r in rec.responses.all()}
    keep = [i for i, p in enumerate(matrix.parties) if p.pk in asked]
    matrix.parties = [matrix.parties[i] for i in keep]
    for row in matrix.rows:
        row.cells = [row.cells[i] for i in keep]
    matrix.totals = Counter(r.status for rec in recs for r in rec.responses.all())
    return matrix


# --- Meetings against the plan ---------------------------------------------------------


@dataclass
class PlanYear:
    year: int
    rhythm: int | None  # meetings a year by the body's stated rhythm
    scheduled: int  # meetings in the plan, cancelled ones included
    held: int
    cancelled: int
    upcoming: int

    @property
    def held_share(self) -> float | None:
        return rules.share(self.held, self.rhythm or self.scheduled)


def meetings_against_plan(body: Body, years: Iterable[int], today: datetime.date) -> list[PlanYear]:
    years = sorted(years)
    rows = {y: Counter[str]() for y in years}
    meetings = Meeting.objects.filter(body=body, date__year__in=years).values_list(
        "date", "cancelled_at"
    )
    for day, cancelled_at in meetings:
        c = rows[day.year]
        c["scheduled"] += 1
        if cancelled_at is not None:
            c["cancelled"] += 1
        elif day <= today:
            c["held"] += 1
        else:
            c["upcoming"] += 1
    return [
        PlanYear(
            y, body.meetings_per_year, c["scheduled"], c["held"], c["cancelled"], c["upcoming"]
        )
        for y, c in rows.items()
    ]


# --- Lead time: from the first handling to the decision ------------------------------------


@dataclass
class LeadYear:
    year: int
    spread: rules.Spread | None


def lead_times(body: Body, audience: Audience, years: Iterable[int]) -> list[LeadYear]:
    """For each decision the body made in a year on a case: the days from the case's
    first handling (in any body) to the decision. 'From dialogue to decision'. Only
    dates known to the day count (a handling dated 'December 2023' gives no figure)."""
    years = sorted(years)
    first = (
        Handling.objects.filter(
            case=OuterRef("case"), date__isnull=False, date_precision=DatePrecision.DAY
        )
        .order_by()
        .values("case")
        .annotate(first=Min("date"))
        .values("first")
    )
    rows = (
        Decision.objects.visible_to(audience)
        .filter(body=body, date__year__in=years, date_precision=DatePrecision.DAY)
        .annotate(first=Subquery(first))
        .values_list("date", "first")
    )
    days: dict[int, list[int]] = defaultdict(list)
    for decided, first_day in rows:
        if first_day is not None and first_day <= decided:
            days[decided.year].append((decided - first_day).days)
    return [LeadYear(y, rules.spread(days[y])) for y in years]


# --- Attendance and decisions (sealed minutes) -------------------------------------------


@dataclass
class PartyAttendance:
    party: Party | None
    seats: int  # seat-meetings: ordinary seats of the party summed over the meetings
    present_members: int
    serving_substitutes: int

    @property
    def filled(self) -> int:
        return self.present_members + self.serving_substitutes

    @property
    def share(self) -> float | None:
        return rules.share(self.filled, self.seats)

    @property
    def name(self) -> str:
        return self.party.name if self.party else "Utan part"


@dataclass
class MemberAttendance:
    person_name: str
    person_url: str
    party: str
    called: int
    present: int

    @property
    def share(self) -> float | None:
        return rules.share(self.present, self.called)


@dataclass
class AttendanceYear:
    meetings: int  # meetings counted: held, with sealed minutes that record attendance
    by_party: list[PartyAttendance] = field(default_factory=list)
    by_member: list[MemberAttendance] = field(default_factory=list)
    unrecorded: int = 0  # sealed minutes with no attendance recorded

    @property
    def total(self) -> PartyAttendance:
        return PartyAttendance(
            None,
            sum(p.seats for p in self.by_party),
            sum(p.present_members for p in self.by_party),
            sum(p.serving_substitutes for p in self.by_party),
        )


def sealed_meetings(body: Body, year: int, today: datetime.date) -> QuerySet[Meeting]:
    """The meetings a yearly figure counts: held, not cancelled, minutes sealed (so the
    figures are the same for every reader and final)."""
    return Meeting.objects.filter(
        body=body,
        date__year=year,
        date__lte=today,
        cancelled_at__isnull=True,
        sealed_at__isnull=False,
    ).order_by("date")


def _in_period(day: datetime.date, m: Membership) -> bool:
    start = m.effective_start_on  # type: ignore[attr-defined]
    end = m.effective_end_on  # type: ignore[attr-defined]
    return (start is None or start <= day) and (end is None or day <= end)


def attendance_year(body: Body, year: int, today: datetime.date) -> AttendanceYear:
    """Attendance per party and per member over the year's sealed minutes: each ordinary
    seat (chair, vice chair, member) on each meeting day is a seat-meeting; it is filled
    by the member present or by a serving substitute replacing them. Three queries."""
    meetings = list(sealed_meetings(body, year, today).values_list("pk", "date"))
    memberships = list(
        memberships_with_effective_period().filter(body=body, role__in=Membership.SEAT_ROLES)
    )
    rows = Attendance.objects.filter(
        meeting_id__in=[pk for pk, _ in meetings], present=True
    ).values_list("meeting_id", "person_id", "capacity", "replaces_id")
    present: dict[int, dict[int, tuple[str, int | None]]] = defaultdict(dict)
    for meeting_id, person_id, capacity, replaces_id in rows:
        present[meeting_id][person_id] = (capacity, replaces_id)
    # Sealed minutes with no one recorded present say nothing about attendance.
    unrecorded = sum(1 for pk, _ in meetings if pk not in present)
    meetings = [(pk, day) for pk, day in meetings if pk in present]
    parties: dict[int | None, PartyAttendance] = {}
    members: dict[int, MemberAttendance] = {}
    for pk, day in meetings:
        here = present.get(pk, {})
        on_day = [m for m in memberships if _in_period(day, m)]
        seat_party: dict[int, Party | None] = {
            m.person_id: m.party for m in on_day if m.role in Membership.VOTING_ROLES
        }
        for m in on_day:
            if m.role not in Membership.VOTING_ROLES:
                continue
            pa = parties.setdefault(m.party_id, PartyAttendance(m.party, 0, 0, 0))
            pa.seats += 1
            ma = members.setdefault(
                m.person_id,
                MemberAttendance(
                    m.person.name,
                    m.person.get_absolute_url(),
                    m.party.short_name if m.party else "",
                    0,
                    0,
                ),
            )
            ma.called += 1
            if here.get(m.person_id, ("", None))[0] == Attendance.Capacity.MEMBER:
                pa.present_members += 1
                ma.present += 1
        for substitute_id, (capacity, replaced_id) in here.items():
            if capacity != Attendance.Capacity.SUBSTITUTE:
                continue
            party = seat_party.get(replaced_id) if replaced_id is not None else None
            if party is None:
                own = next((m for m in on_day if m.person_id == substitute_id), None)
                party = own.party if own else None
            key = party.pk if party else None
            pa = parties.setdefault(key, PartyAttendance(party, 0, 0, 0))
            pa.serving_substitutes += 1
    by_party = sorted(
        parties.values(),
        key=lambda p: (p.party is None, p.party.sort_order if p.party else 0, p.name),
    )
    by_member = sorted(members.values(), key=lambda m: m.person_name)
    return AttendanceYear(len(meetings), by_party, by_member, unrecorded)


@dataclass
class DecisionShare:
    items: int
    decided: int

    @property
    def share(self) -> float | None:
        return rules.share(self.decided, self.items)


def decision_share(
    body: Body, audience: Audience, year: int, today: datetime.date
) -> DecisionShare:
    """Of the year's case items (type 'Ärende') on meetings with sealed minutes, those
    whose § gave the case a recorded decision."""
    items = AgendaItem.objects.visible_to(audience).filter(
        meeting__in=sealed_meetings(body, year, today), kind=AgendaItem.Kind.REGULAR
    )
    decided = items.filter(section__decisions__isnull=False).distinct()
    return DecisionShare(items.count(), decided.count())


# --- The yearly report ---------------------------------------------------------------


@dataclass
class CompositionRow:
    person_name: str
    role: str
    party: str
    period: str


@dataclass
class Change:
    day: datetime.date | None
    text: str


@dataclass
class BodyYear:
    body: Body
    year: int
    composition: list[CompositionRow]
    plan: PlanYear
    attendance: AttendanceYear
    cases_handled: int
    cases_decided: int
    decisions: DecisionShare
    lead: LeadYear
    matrix: Matrix
    assignment_states: list[StateCount]
    assignments_done: int
    assignments_done_late: int
    assignments_late: int
    late_assignments: list[Assignment]
    changes: list[Change]

    @property
    def active(self) -> bool:
        return bool(
            self.plan.scheduled
            or self.cases_handled
            or self.matrix.rows
            or any(s.count for s in self.assignment_states)
        )


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _period_text(start: datetime.date | None, end: datetime.date | None, year: int) -> str:
    first, last = _year_bounds(year)
    if (start is None or start <= first) and (end is None or end >= last):
        return "hela året"
    a = start if start and start > first else first
    b = end if end and end < last else last
    return f"{a:%Y-%m-%d}–{b:%Y-%m-%d}"


def composition(body: Body, year: int) -> list[CompositionRow]:
    first, last = _year_bounds(year)
    rows = []
    for m in (
        memberships_with_effective_period()
        .filter(body=body)
        .filter(Q(effective_start_on__isnull=True) | Q(effective_start_on__lte=last))
        .filter(Q(effective_end_on__isnull=True) | Q(effective_end_on__gte=first))
        .order_by("role_rank", "person__name")
    ):
        rows.append(
            CompositionRow(
                m.person.name,
                m.get_role_display(),
                m.party.short_name if m.party else "",
                _period_text(m.effective_start_on, m.effective_end_on, year),  # type: ignore[attr-defined]
            )
        )
    return rows


def structure_changes(bodies: QuerySet[Body], year: int) -> list[Change]:
    """What changed in the structure during the year: bodies founded and dissolved,
    parties joining or leaving a body, members starting or ending their seats. A party's
    or member's start or end on the day its body is founded or dissolved goes without
    saying and is left out."""
    first, last = _year_bounds(year)
    changes: list[Change] = []
    implied: set[tuple[int, datetime.date]] = set()
    for b in bodies.filter(founded_on__range=(first, last)):
        changes.append(Change(b.founded_on, f"{b.name} inrättas."))
        implied.add((b.pk, b.founded_on))  # type: ignore[arg-type]
    for b in bodies.filter(dissolved_on__range=(first, last)):
        changes.append(Change(b.dissolved_on, f"{b.name} avvecklas."))
        implied.add((b.pk, b.dissolved_on))  # type: ignore[arg-type]
    participations = Participation.objects.filter(body__in=bodies).select_related("body", "party")
    for p in participations.filter(start__range=(first, last)):
        if (p.body_id, p.start) not in implied:
            changes.append(Change(p.start, f"{p.party.name} börjar delta i {p.body.short_name}."))
    for p in participations.filter(end__range=(first, last)):
        if (p.body_id, p.end) not in implied:
            changes.append(Change(p.end, f"{p.party.name} slutar delta i {p.body.short_name}."))
    # A seat runs by its own dates, else by its term's.
    seats = memberships_with_effective_period().filter(
        body__in=bodies, role__in=Membership.SEAT_ROLES
    )
    for m in seats.filter(effective_start_on__range=(first, last)):  # type: ignore[misc]
        start = m.effective_start_on  # type: ignore[attr-defined]
        if (m.body_id, start) not in implied:
            role = m.get_role_display().lower()
            changes.append(Change(start, f"{m.person.name} blir {role} i {m.body.short_name}."))
    for m in seats.filter(effective_end_on__range=(first, last)):  # type: ignore[misc]
        end = m.effective_end_on  # type: ignore[attr-defined]
        if (m.body_id, end) not in implied:
            role = m.get_role_display().lower()
            changes.append(
                Change(end, f"{m.person.name} lämnar uppdraget som {role} i {m.body.short_name}.")
            )
    changes.sort(key=lambda c: (c.day or first, c.text))
    return changes[:500]


def assignments_in_year(
    body: Body, audience: Audience, year: int, as_of: datetime.date
) -> tuple[list[StateCount], int, int, list[int]]:
    """The body's main assignments open at some time in the year, each in the state it
    had at `as_of` (the year's end, or today in the current year), so a report does not
    change when an assignment is done or cancelled later: the counts by state, how many
    were done in the year and how many of those after their deadline, and the ids of
    those late at `as_of`. Two queries."""
    first, last = _year_bounds(year)
    rows = list(
        Assignment.objects.visible_to(audience)
        .filter(body=body, parent__isnull=True, decided_on__lte=last)
        .exclude(completed_on__lt=first)
        .exclude(cancelled_on__lt=first)
        .values_list("pk", "deadline", "completed_on", "cancelled_on")
    )
    reported = set(
        ProgressReport.objects.filter(
            assignment_id__in=[r[0] for r in rows], date__lte=as_of
        ).values_list("assignment_id", flat=True)
    )
    counts: Counter[str] = Counter()
    done = done_late = 0
    late: list[int] = []
    for pk, deadline, completed, cancelled in rows:
        state = rules.state_on(as_of, deadline, completed, cancelled, pk in reported)
        counts[state] += 1
        if state == "done" and completed is not None and completed >= first:
            done += 1
            done_late += completed > deadline
        if state == rules.LATE:
            late.append(pk)
    states = [StateCount(s, rules.STATE_LABELS[s], counts[s]) for s in rules.STATE_ORDER]
    return states, done, done_late, late


def body_year(body: Body, year: int, audience: Audience, today: datetime.date) -> BodyYear:
    first, last = _year_bounds(year)
    as_of = min(today, last)
    states, done, done_late, late_ids = assignments_in_year(body, audience, year, as_of)
    late = list(
        _with_relations(Assignment.objects.filter(pk__in=late_ids)).order_by("deadline")[:50]
    )
    handled = (
        Handling.objects.visible_to(audience)
        .filter(body=body, date__range=(first, last))
        .values("case")
        .distinct()
        .count()
    )
    decided = (
        Decision.objects.visible_to(audience)
        .filter(body=body, date__range=(first, last))
        .values("case")
        .distinct()
        .count()
    )
    return BodyYear(
        body=body,
        year=year,
        composition=composition(body, year),
        plan=meetings_against_plan(body, [year], today)[0],
        attendance=attendance_year(body, year, today),
        cases_handled=handled,
        cases_decided=decided,
        decisions=decision_share(body, audience, year, today),
        lead=lead_times(body, audience, [year])[0],
        matrix=body_recommendation_matrix(body, year),
        assignment_states=states,
        assignments_done=done,
        assignments_done_late=done_late,
        assignments_late=len(late_ids),
        late_assignments=late,
        changes=structure_changes(Body.objects.filter(pk=body.pk), year),
    )


@dataclass
class StructureYear:
    collaboration: Collaboration
    year: int
    bodies: list[BodyYear]
    changes: list[Change]

    @property
    def active(self) -> list[BodyYear]:
        return [b for b in self.bodies if b.active]

    @property
    def quiet(self) -> list[BodyYear]:
        return [b for b in self.bodies if not b.active]


def bodies_of_year(collaboration: Collaboration, year: int) -> QuerySet[Body]:
    first, last = _year_bounds(year)
    return (
        Body.objects.in_collaboration(collaboration)
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=last))
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=first))
        .order_by("sort_order", "name")
    )


def structure_year(
    collaboration: Collaboration, year: int, audience: Audience, today: datetime.date
) -> StructureYear:
    bodies = bodies_of_year(collaboration, year)
    return StructureYear(
        collaboration,
        year,
        [body_year(b, year, audience, today) for b in bodies],
        structure_changes(Body.objects.in_collaboration(collaboration), year),
    )


def report_years(body: Body | None, today: datetime.date) -> list[int]:
    """Years a report can be made for: from the body's founding (or its first meeting)
    to this year or the year it was dissolved, newest first, at most ten."""
    last = today.year
    if body is not None and body.dissolved_on:
        last = min(last, body.dissolved_on.year)
    start = last
    if body is not None:
        first = (
            Meeting.objects.filter(body=body)
            .order_by("date")
            .values_list("date", flat=True)
            .first()
        )
        candidates = [d.year for d in (first, body.founded_on) if d]
        start = min(candidates, default=last)
    start = max(start, last - 9, rules.EARLIEST.year)
    return list(range(last, start - 1, -1))
