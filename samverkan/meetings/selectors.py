"""Reads for meetings."""

import dataclasses
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone

from samverkan.access import policy
from samverkan.access.policy import Audience
from samverkan.audit.models import AuditEntry
from samverkan.structure.models import Body, Membership, Person
from samverkan.structure.selectors import memberships_in_force

from . import rules
from .models import (
    AbsenceNotice,
    AgendaItem,
    Attendance,
    Attestation,
    Attester,
    Meeting,
    MeetingRules,
    Section,
    SupportingDocument,
)


def meeting_rules_for(body: Body) -> MeetingRules:
    """The body's own rules, or its collaboration's defaults."""
    try:
        return body.meeting_rules
    except MeetingRules.DoesNotExist:
        # A body without rules of its own follows its collaboration's defaults.
        c = body.collaboration
        return MeetingRules(
            body=body,
            cases_ready_days=c.cases_ready_days,
            notice_days=c.notice_days,
            attestation_days=c.attestation_days,
            posting_days=c.posting_days,
            appeal_days=c.appeal_days,
        )


def meetings_for_body(body: Body, year: int | None = None) -> QuerySet[Meeting]:
    qs = with_minutes_state(Meeting.objects.filter(body=body).select_related("body", "chair"))
    return qs.filter(date__year=year) if year else qs


def meeting_with_agenda(pk: int) -> Meeting:
    return (
        Meeting.objects.select_related("body", "chair")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=AgendaItem.objects.select_related("case__series").prefetch_related(
                    "documents__document__versions"
                ),
            ),
            "guests",
            "attesters__person",
        )
        .get(pk=pk)
    )


@dataclass
class Deadline:
    label: str
    day: datetime.date
    passed: bool
    done: bool
    # The day it was done, when known: done after the deadline is done late.
    done_on: datetime.date | None = None

    @property
    def late(self) -> bool:
        return self.done and self.done_on is not None and self.done_on > self.day


@dataclass
class PlannedMeeting:
    meeting: Meeting
    deadlines: list[Deadline]

    @property
    def warnings(self) -> list[Deadline]:
        return [d for d in self.deadlines if d.passed and not d.done]


def with_cases_placed_at(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Each meeting with `cases_placed_at`: when its last item of business (not the
    standard items) was put on the agenda up to the meeting day, from the item's creation
    in the audit log; None while it has none. An item written after the meeting (records
    entered afterwards, data loaded later) tells nothing about when the cases were ready."""
    items = (
        AgendaItem.objects.filter(meeting=OuterRef(OuterRef("pk")), kind=AgendaItem.Kind.REGULAR)
        .annotate(key=Cast("pk", CharField()))
        .values("key")
    )
    placed = (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(AgendaItem),
            action=AuditEntry.Action.CREATE,
            object_id__in=items,
            occurred_at__date__lte=OuterRef("date"),
        )
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    return meetings.annotate(cases_placed_at=Subquery(placed))


def _cases_placed_on(meeting: Meeting) -> datetime.date | None:
    if not hasattr(meeting, "cases_placed_at"):
        meeting = with_cases_placed_at(Meeting.objects.filter(pk=meeting.pk)).first() or meeting
    at = getattr(meeting, "cases_placed_at", None)
    return timezone.localdate(at) if at else None


def meeting_deadlines(
    meeting: Meeting, today: datetime.date | None = None, body_rules: MeetingRules | None = None
) -> list[Deadline]:
    today = today or timezone.localdate()
    r = body_rules or meeting_rules_for(meeting.body)
    held = meeting.date < today
    sent = meeting.notice_sent_at is not None
    sent_on = timezone.localdate(meeting.notice_sent_at) if meeting.notice_sent_at else None
    sealed_on = timezone.localdate(meeting.sealed_at) if meeting.sealed_at else None
    placed_on = _cases_placed_on(meeting)
    days = [
        (
            # Ready once the cases are on the agenda (or the notice went out, or the
            # meeting was held); late when the last case was placed after the day. The
            # notice goes out later than the cases are ready by design, so its day says
            # nothing about when the cases were.
            "Ärenden klara",
            rules.cases_ready_deadline(meeting.date, r.cases_ready_days),
            sent or held or placed_on is not None,
            placed_on,
        ),
        ("Kallelse skickas", rules.notice_deadline(meeting.date, r.notice_days), sent, sent_on),
        (
            "Protokollet justerat",
            rules.attestation_deadline(meeting.date, r.attestation_days),
            meeting.sealed_at is not None,
            sealed_on,
        ),
    ]
    return [Deadline(label, day, today > day, done, done_on) for label, day, done, done_on in days]


def meeting_plan(body: Body, year: int, today: datetime.date | None = None) -> list[PlannedMeeting]:
    """A body's meetings in a year (bounded: a body meets a few times a month at most),
    with their deadlines from the body's rules, read once."""
    body_rules = meeting_rules_for(body)
    return [
        PlannedMeeting(meeting=m, deadlines=meeting_deadlines(m, today, body_rules))
        for m in with_cases_placed_at(meetings_for_body(body, year))
    ]


@dataclass
class Called:
    chair: Membership | None
    members: list[Membership]
    substitutes: list[Membership]


def seats_on_meeting_day(meeting: Meeting) -> QuerySet[Membership]:
    """The body's seats in force on the meeting day (chair, vice chair, members and
    substitutes): whom its notice calls, and who may attend as a member or substitute."""
    return memberships_in_force(meeting.date).filter(
        body=meeting.body, role__in=Membership.SEAT_ROLES
    )


def called_to(meeting: Meeting) -> Called:
    """Who the notice calls: the body's members and substitutes on the meeting day."""
    # The order of the body's own list.
    current = list(seats_on_meeting_day(meeting).order_by("position", "person__name"))
    chair = next((m for m in current if m.role == Membership.Role.CHAIR), None)
    return Called(
        chair=chair,
        members=[m for m in current if m.role in Membership.VOTING_ROLES and m is not chair],
        substitutes=[m for m in current if m.role == Membership.Role.SUBSTITUTE],
    )


def seats_of(meeting: Meeting) -> int:
    return (
        memberships_in_force(meeting.date)
        .filter(body=meeting.body, role__in=Membership.VOTING_ROLES)
        .count()
    )


def presences(meeting: Meeting) -> list[rules.Presence]:
    """The meeting's attendance as the serving rule reads it."""
    rows = Attendance.objects.filter(
        meeting=meeting,
        capacity__in=[Attendance.Capacity.MEMBER, Attendance.Capacity.SUBSTITUTE],
    ).values(
        "person_id",
        "capacity",
        "present",
        "replaces_id",
        "arrived_at_item__position",
        "left_after_item__position",
    )
    return [
        rules.Presence(
            person_id=r["person_id"],
            is_substitute=r["capacity"] == Attendance.Capacity.SUBSTITUTE,
            present=r["present"],
            replaces_id=r["replaces_id"],
            arrived=r["arrived_at_item__position"],
            left=r["left_after_item__position"],
        )
        for r in rows
    ]


def _position(section: Section | None) -> int | None:
    if section is None or section.agenda_item_id is None:
        return None
    position: int | None = (
        AgendaItem.objects.filter(pk=section.agenda_item_id)
        .values_list("position", flat=True)
        .first()
    )
    return position


def serving_persons(meeting: Meeting, section: Section | None = None) -> set[int]:
    """The persons who serve at the § (those who may move, vote, decide and dissent):
    counted from arrival and leaving per item, substitutes in the place of absent
    members, less those with a conflict of interest at the § and plus the substitutes
    who serve for them (rules.serving_at). Without a §: everyone who came and served."""
    conflicts = [(c.person_id, c.substitute_id) for c in section.conflicts.all()] if section else []
    return rules.serving_at(_position(section), presences(meeting), conflicts)


def present_persons(meeting: Meeting, section: Section) -> set[int]:
    """The members and substitutes in the room at the § (serving or not): those who
    may have a statement (protokollsanteckning) entered there. Whoever left before the
    item, or came after it, is not (rules.present_at)."""
    position = _position(section)
    return {p.person_id for p in presences(meeting) if rules.present_at(p, position)}


@dataclass
class Quorum:
    serving: int
    seats: int
    met: bool
    required: int = 0
    number: int | None = None  # the § number, when counted at a §
    recorded: bool = True  # whether the members' attendance is recorded at all

    @property
    def message(self) -> str:
        where = f" vid § {self.number}" if self.number is not None else ""
        return (
            f"Organet är inte beslutfört{where}: {self.serving} av {self.seats} ledamöter "
            f"tjänstgör, minst {self.required} krävs."
        )


def _quorum(meeting: Meeting, serving: int, seats: int, number: int | None = None) -> Quorum:
    minimum = meeting_rules_for(meeting.body).quorum_minimum
    return Quorum(
        serving=serving,
        seats=seats,
        met=rules.quorum_met(serving, seats, minimum),
        required=rules.quorum_required(seats, minimum),
        number=number,
    )


def quorum_status(meeting: Meeting) -> Quorum:
    """Whether the body is quorate with everyone who came (per § see `quorum_at`), and
    whether any member's attendance is recorded yet (a substitute called in advance is
    no count of who came)."""
    quorum = _quorum(meeting, len(serving_persons(meeting)), seats_of(meeting))
    quorum.recorded = Attendance.objects.filter(
        meeting=meeting, capacity=Attendance.Capacity.MEMBER
    ).exists()
    return quorum


def quorum_at(section: Section) -> Quorum:
    """Whether the body is quorate at the §: those serving there against the seats."""
    return quorum_by_section(section.meeting, [section])[section.pk]


def quorum_by_section(meeting: Meeting, sections: Iterable[Section]) -> dict[int, Quorum]:
    """`quorum_at` for §§ of one meeting (by the § id) in a bounded number of queries:
    those serving at each § (rules.serving_at) against the seats."""
    seats = seats_of(meeting)
    people = presences(meeting)
    return {
        s.pk: _quorum(
            meeting,
            len(
                rules.serving_at(
                    s.agenda_item.position if s.agenda_item_id else None,  # type: ignore[union-attr]
                    people,
                    [(c.person_id, c.substitute_id) for c in s.conflicts.all()],
                )
            ),
            seats,
            s.number,
        )
        for s in sections
    }


def sections_quorum_attach(meeting: Meeting, sections: list[Section]) -> list[Section]:
    """Give each § `not_quorate`: True where the body was not quorate at the § and no
    decision stands there (the § editor refuses one), so the minutes say why there is no
    decision. Nothing is said while no attendance is recorded."""
    recorded = Attendance.objects.filter(meeting=meeting).exists()
    quorum = quorum_by_section(meeting, sections) if recorded and sections else {}
    for s in sections:
        q = quorum.get(s.pk)
        s.not_quorate = bool(q and not q.met and not s.decision.strip())  # type: ignore[attr-defined]
    return sections


@dataclass
class ItemQuorum:
    label: str  # "§ 4", or "Punkt 4" before the §§ are made
    title: str
    quorum: Quorum


def quorum_by_item(meeting: Meeting) -> list[ItemQuorum]:
    """Quorum at every item of the meeting (its § when there is one), for the
    secretary's attendance and minutes pages; a bounded number of queries."""
    seats = seats_of(meeting)
    people = presences(meeting)
    sections = {
        s.agenda_item_id: s
        for s in meeting.sections.filter(agenda_item__isnull=False).prefetch_related("conflicts")
    }
    result = []
    for item in meeting.items.order_by("position"):
        section = sections.get(item.pk)
        conflicts = (
            [(c.person_id, c.substitute_id) for c in section.conflicts.all()] if section else []
        )
        serving = len(rules.serving_at(item.position, people, conflicts))
        number = section.number if section else None
        result.append(
            ItemQuorum(
                label=f"§ {number}" if section else f"Punkt {item.position}",
                title=section.title if section else item.title,
                quorum=_quorum(meeting, serving, seats, number),
            )
        )
    return result


def substitutes_for(meeting: Meeting, member: Person) -> list[Membership]:
    """The body's substitutes on the meeting day in the order they are called for the
    member (rules.substitutes_in_order: own party first, then the substitute order)."""
    current = list(seats_on_meeting_day(meeting).select_related("person"))
    seat = next(
        (m for m in current if m.person_id == member.pk and m.role in Membership.VOTING_ROLES),
        None,
    )
    substitutes = [m for m in current if m.role == Membership.Role.SUBSTITUTE]
    if seat is None:
        return sorted(substitutes, key=lambda m: (m.position, m.person.name))
    return list(rules.substitutes_in_order(seat, substitutes))  # type: ignore[arg-type]


def substitute_next(meeting: Meeting, member: Person) -> Membership | None:
    """The next substitute to call for the member: the first in order who has not
    reported absence, has no attendance recorded yet (absent, or serving for someone)
    and is not already called for another member."""
    notices = AbsenceNotice.objects.filter(meeting=meeting)
    unavailable = set(notices.values_list("person_id", flat=True))
    unavailable |= set(notices.exclude(substitute=None).values_list("substitute_id", flat=True))
    unavailable |= set(
        Attendance.objects.filter(meeting=meeting).values_list("person_id", flat=True)
    )
    return next(
        (m for m in substitutes_for(meeting, member) if m.person_id not in unavailable), None
    )


def called_person_ids(meeting: Meeting) -> set[int]:
    """Everyone the notice calls: the chair, the members and the substitutes."""
    return set(seats_on_meeting_day(meeting).values_list("person_id", flat=True))


def voting_person_ids(meeting: Meeting) -> set[int]:
    return set(
        memberships_in_force(meeting.date)
        .filter(body=meeting.body, role__in=Membership.VOTING_ROLES)
        .values_list("person_id", flat=True)
    )


def posted_sections(today: datetime.date | None = None) -> QuerySet[Section]:
    """Immediately attested §§ of open items on the notice board (their own posting,
    until their appeal period has run) while the meeting's minutes are not yet posted.
    Only attested §§ of open items: what the notice board shows is public."""
    today = today or timezone.localdate()
    return (
        Section.objects.public()
        .filter(posted_on__lte=today, appeal_last_day__gte=today, meeting__posted_on__isnull=True)
        .select_related("meeting__body")
        .order_by("-posted_on", "number")
    )


def seats_on(body: Body, day: datetime.date | None = None) -> int:
    """The body's members (seats with a vote) on the day."""
    return (
        memberships_in_force(day or timezone.localdate())
        .filter(body=body, role__in=Membership.VOTING_ROLES)
        .count()
    )


def meeting_attendance(meeting: Meeting) -> list[Attendance]:
    """The attendance, each row with the person's `party_letters` in the body that day."""
    rows = list(
        meeting.attendance.select_related(
            "person", "replaces", "arrived_at_item", "left_after_item"
        ).order_by("capacity", "person__name")
    )
    letters = party_letters_on(meeting) if rows else {}
    for a in rows:
        a.party_letters = letters.get(a.person_id, "")  # type: ignore[attr-defined]
    return rows


@dataclass(frozen=True)
class AttendanceStart:
    """Where the attendance form starts for a person with nothing recorded yet."""

    present: bool
    replaces_id: int | None = None
    arrived_at_item_id: int | None = None
    left_after_item_id: int | None = None


def attendance_prefill(
    recorded: dict[int, Any], notices: Iterable[AbsenceNotice]
) -> dict[int, Any]:
    """What the attendance form starts from, per person: what is recorded stands; for
    someone with nothing recorded, a notice of absence (förhinder) marks them absent and
    the substitute called in a member's place present, serving for that member. A
    substitute who reported absence themselves stays absent. The secretary changes any
    of it in the form."""
    notices = list(notices)
    start: dict[int, Any] = {}
    for n in notices:
        if n.substitute_id is not None:
            start[n.substitute_id] = AttendanceStart(present=True, replaces_id=n.person_id)
    for n in notices:
        start[n.person_id] = AttendanceStart(present=False)
    start.update(recorded)
    return start


def meeting_attendance_prefill(meeting: Meeting) -> dict[int, Any]:
    """The attendance form's starting point for a meeting (attendance_prefill)."""
    recorded = {a.person_id: a for a in meeting_attendance(meeting)}
    return attendance_prefill(recorded, AbsenceNotice.objects.filter(meeting=meeting))


def section_is_public(section: Section) -> bool:
    """A § is public once attested, if its agenda item is open (one fact, on the item)."""
    return section.is_public and section.is_attested


def _sections_prefetched(qs: QuerySet[Section]) -> QuerySet[Section]:
    return qs.prefetch_related(
        "motions__person",
        "votes__ballots__person",
        "dissents__person",
        "statements__person",
        "conflicts__person",
        "conflicts__substitute",
    ).select_related("agenda_item__case__series", "meeting")


def meeting_sections(meeting: Meeting) -> list[Section]:
    """Every § of the meeting, for renderers that are handed an audience's content."""
    sections = list(_sections_prefetched(meeting.sections.all()).order_by("number"))
    return sections_quorum_attach(meeting, _ballot_party_letters(meeting, sections))


def meeting_sections_for(meeting: Meeting, audience: Audience) -> list[Section]:
    """The §§ of the meeting the audience may read, through the access policy."""
    qs = Section.objects.filter(meeting=meeting).visible_to(audience)
    sections = list(_sections_prefetched(qs).order_by("number"))
    return sections_quorum_attach(meeting, _ballot_party_letters(meeting, sections))


def _ballot_party_letters(meeting: Meeting, sections: list[Section]) -> list[Section]:
    """Each ballot of the §§' votes gets `party_letters` for the vote list: (S), (M)."""
    if not any(s.votes.all() for s in sections):
        return sections
    letters = party_letters_on(meeting)
    for s in sections:
        for v in s.votes.all():
            for b in v.ballots.all():
                b.party_letters = letters.get(b.person_id, "")  # type: ignore[attr-defined]
    return sections


def readable_documents_attach(
    meeting: Meeting, items: list[AgendaItem], audience: Audience
) -> list[AgendaItem]:
    """Give each item `readable_documents`: its supporting documents the audience may
    read, through the access policy (a confidential document on an open item included)."""
    readable = set(
        SupportingDocument.objects.filter(agenda_item__meeting=meeting)
        .visible_to(audience)
        .values_list("pk", flat=True)
    )
    for item in items:
        item.readable_documents = [  # type: ignore[attr-defined]
            d for d in item.documents.all() if d.pk in readable
        ]
    return items


def meeting_items_for(meeting: Meeting, audience: Audience) -> list[AgendaItem]:
    """The items the audience may read, with the documents it may read."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .visible_to(audience)
        .select_related("case__series")
        .prefetch_related("documents__document__versions")
        .order_by("position")
    )
    return readable_documents_attach(meeting, items, audience)


def may_read_draft(audience: Audience, meeting: Meeting) -> bool:
    return policy.may_read_draft_minutes(
        audience,
        meeting.body_id,
        meeting.chair_id,
        {a.person_id for a in meeting.attesters.all()},
    )


def may_read_record(audience: Audience, meeting: Meeting) -> bool:
    """The attendance and the attestation's progress (policy.may_read_meeting_record)."""
    return policy.may_read_meeting_record(
        audience,
        meeting.body_id,
        meeting.date,
        sealed=meeting.sealed_at is not None,
        chair_id=meeting.chair_id,
        attester_ids={a.person_id for a in meeting.attesters.all()},
    )


def person_for_user(user: object) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user=user).first()  # type: ignore[misc]


def notice_board(
    today: datetime.date | None = None, collaboration: object = None
) -> QuerySet[Meeting]:
    """Minutes on the notice board (of a collaboration): posted, and the posting still up."""
    today = today or timezone.localdate()
    meetings = Meeting.objects.filter(posted_on__lte=today, posting_ends_on__gte=today)
    if collaboration is not None:
        meetings = meetings.filter(body__collaboration=collaboration)
    return meetings.select_related("body").order_by("-posted_on", "body__name")


def recent_postings(limit: int = 50, collaboration: object = None) -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(posted_on__isnull=False)
    if collaboration is not None:
        meetings = meetings.filter(body__collaboration=collaboration)
    return meetings.select_related("body").order_by("-posted_on", "-id")[:limit]


def meetings_for_person(person: Person) -> QuerySet[Meeting]:
    """The meetings held while the person held a role in the body: one query for the
    person's memberships, the rest a filter in the database."""
    from samverkan.structure.selectors import memberships_with_effective_period

    held = Q(pk__in=[])
    for m in memberships_with_effective_period().filter(person=person):
        period = Q(body_id=m.body_id)
        if m.effective_start_on is not None:  # type: ignore[attr-defined]
            period &= Q(date__gte=m.effective_start_on)  # type: ignore[attr-defined]
        if m.effective_end_on is not None:  # type: ignore[attr-defined]
            period &= Q(date__lte=m.effective_end_on)  # type: ignore[attr-defined]
        held |= period
    return Meeting.objects.filter(held).select_related("body").order_by("date", "start_time")


# --- Calendar feeds ------------------------------------------------------------------------

# A change of these fields is a new revision of the calendar event (RFC 5545 §3.8.7.4:
# SEQUENCE increases when the start, the end or the place changes); a notice sent again
# is a new invitation. The first notice (no time before) is revision 0.
SEQUENCE_FIELDS = ("date", "start_time", "end_time", "place")
SEQUENCE_RESENT_FIELDS = ("notice_sent_at",)
# A cancelled meeting's event becomes STATUS:CANCELLED with a higher SEQUENCE; read from
# the field the meeting keeps its cancellation in, if the model has one.
CANCELLED_FIELD = "cancelled_at"


def meeting_is_cancelled(meeting: Meeting) -> bool:
    return getattr(meeting, CANCELLED_FIELD, None) is not None


def _month_start(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def calendar_window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """First and last day of the calendar feeds' window: whole months, from
    SAMVERKAN_CALENDAR_MONTHS_BACK before this month to SAMVERKAN_CALENDAR_MONTHS_AHEAD after."""
    today = today or timezone.localdate()
    first = _month_start(today, -settings.SAMVERKAN_CALENDAR_MONTHS_BACK)
    after = _month_start(today, settings.SAMVERKAN_CALENDAR_MONTHS_AHEAD + 1)
    return first, after - datetime.timedelta(days=1)


def _sequence() -> Subquery:
    """The event's SEQUENCE: how many audited updates of the meeting changed its time or
    place, sent the notice again or cancelled it. Read from the append-only audit log, so
    it never goes down."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models.fields.json import KT

    from samverkan.audit.models import AuditEntry

    fields = {f.name for f in Meeting._meta.get_fields()}
    changed = Q(pk__in=[])
    annotations: dict[str, Coalesce] = {}
    for name in (*SEQUENCE_FIELDS, *SEQUENCE_RESENT_FIELDS, CANCELLED_FIELD):
        if name not in fields:
            continue
        # A missing key and a JSON null alike read as "", on both databases (SQLite's
        # text of a JSON null is 'null', PostgreSQL's is NULL).
        before, after = f"b_{name}", f"a_{name}"
        for alias, side in ((before, "before"), (after, "after")):
            annotations[alias] = Coalesce(
                NullIf(KT(f"{side}__{name}"), Value("null")), Value(""), output_field=TextField()
            )
        differs = ~Q(**{before: F(after)})
        if name in SEQUENCE_FIELDS:
            changed |= differs
        elif name in SEQUENCE_RESENT_FIELDS:
            changed |= differs & ~Q(**{before: ""}) & ~Q(**{after: ""})
        else:
            changed |= differs & ~Q(**{after: ""})
    updates = (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Meeting),
            object_id=Cast(OuterRef("pk"), CharField()),
            action=AuditEntry.Action.UPDATE,
        )
        .annotate(**annotations)
        .filter(changed)
        .order_by()
        .values("object_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(updates, output_field=IntegerField())


def calendar_meetings(
    meetings: QuerySet[Meeting], *, today: datetime.date | None = None, window: bool = True
) -> QuerySet[Meeting]:
    """The meetings of a calendar feed, in three queries however many there are: the
    meetings with their body and SEQUENCE, and their agenda items in order."""
    if window:
        first, last = calendar_window(today)
        meetings = meetings.filter(date__gte=first, date__lte=last)
    return (
        meetings.select_related("body")
        .prefetch_related(
            Prefetch("items", queryset=AgendaItem.objects.order_by("position"), to_attr="ics_items")
        )
        .annotate(ics_sequence=Coalesce(_sequence(), Value(0)))
        .order_by("date", "start_time")
    )


@dataclass
class SealedCut:
    """§§ cut from the sealed content, and the checksum the extract certifies."""

    sections: list[dict[str, Any]]
    certified_sha256: str


def sealed_sections(meeting: Meeting, numbers: Iterable[int]) -> SealedCut:
    """The attested §§ with these numbers, as they were attested. A § of a sealed meeting
    comes from the sealed minutes (certified by the stored PDF's SHA-256); an immediately
    attested § from its own attested copy."""
    import hashlib
    import json

    wanted = sorted(set(numbers))
    meeting = Meeting.objects.get(pk=meeting.pk)  # the stored sealed copy, never a stale one
    if not wanted:
        raise ValidationError("Välj minst en justerad paragraf.")
    content = meeting.sealed_content or {}
    if meeting.sealed_at:
        by_number = {s["number"]: s for s in content.get("sections", [])}
        certified = meeting.minutes_sha256
    else:
        by_number = {int(n): s for n, s in content.get("attested_sections", {}).items()}
        certified = ""
    missing = [n for n in wanted if n not in by_number]
    if missing:
        raise ValidationError(
            "Paragraf " + ", ".join(f"§ {n}" for n in missing) + " finns inte bland de justerade."
        )
    cut = [by_number[n] for n in wanted]
    if not certified:
        canonical = json.dumps(cut, sort_keys=True, ensure_ascii=False).encode()
        certified = hashlib.sha256(canonical).hexdigest()
    return SealedCut(cut, certified)


def dispatch_address(label: str, collaboration_id: int | None = None) -> str | None:
    """An e-mail address for a dispatch-list line: written inline as "Namn <adress>", or
    the registered address of a party of that name in the meeting's collaboration (two
    collaborations may both have a "Norrby kommun"), or of a person of that name."""
    from email.utils import parseaddr

    from samverkan.structure.models import Party

    _name, address = parseaddr(label)
    if "@" in address and "<" in label:
        return address
    parties = Party.objects.all()
    if collaboration_id is not None:
        parties = parties.filter(collaboration_id=collaboration_id)
    party = (
        parties.filter(name__iexact=label).first()
        or parties.filter(short_name__iexact=label).first()
    )
    if party and party.email:
        return str(party.email)
    person = Person.objects.filter(name__iexact=label).exclude(email="").first()
    return person.email if person else None


_ADDRESS = re.compile(r"<?[^\s<>@,;]+@[^\s<>@,;]+>?")


def dispatch_name(label: str) -> str:
    """A dispatch-list line as the public reads it (the meeting page, the notice, the
    minutes): the recipient's or party's name, never an e-mail address, which may be a
    private person's (GDPR: no more personal data than the purpose needs). The
    secretariat's dispatch preview keeps the address (extract_recipients)."""
    name = re.sub(r"\s+", " ", _ADDRESS.sub(" ", label)).strip(" ,;:\"'()")
    return name or "Mottagare per e-post"


def dispatch_names(labels: Iterable[str]) -> list[str]:
    return [dispatch_name(label) for label in labels]


@dataclass
class ExtractRecipient:
    label: str
    email: str | None  # None: no known address, sent another way


@dataclass
class ExtractSection:
    """One attested § of an extract and who receives it: its dispatch list as attested
    (an empty list: the § is sent to nobody)."""

    number: int
    title: str
    recipients: list[ExtractRecipient]


def extract_recipients(
    meeting: Meeting, numbers: Iterable[int] | None = None
) -> list[ExtractSection]:
    """Per attested § (those numbered, or every one) who its extract goes to: the
    "Expedieras till" list as attested, each line with its address. A § without a list
    goes to nobody; nobody is added in its place."""
    fresh = Meeting.objects.select_related("body").get(pk=meeting.pk)
    if numbers is None:
        content = fresh.sealed_content or {}
        if fresh.sealed_at:
            sections = list(content.get("sections", []))
        else:
            attested = content.get("attested_sections", {})
            sections = [attested[n] for n in sorted(attested, key=int)]
    else:
        sections = sealed_sections(fresh, numbers).sections
    collaboration_id = fresh.body.collaboration_id
    return [
        ExtractSection(
            number=s["number"],
            title=s.get("title", ""),
            recipients=[
                ExtractRecipient(label, dispatch_address(label, collaboration_id))
                for label in s.get("dispatch", [])
            ],
        )
        for s in sections
    ]


# --- The secretary's plan and minutes ----------------------------------------------------


@dataclass
class SeriesDay:
    day: datetime.date
    warnings: list[str]


def meeting_series_preview(body: Body, days: Iterable[datetime.date]) -> list[SeriesDay]:
    """The days of a series as the secretary previews them, each with its warnings: a
    holiday or a weekend, a meeting the body already has that day, a day outside the
    body's lifetime."""
    from samverkan.structure.periods import periods_overlap

    days = sorted(set(days))
    taken = set(
        Meeting.objects.filter(body=body, date__in=days, cancelled_at__isnull=True).values_list(
            "date", flat=True
        )
    )
    out = []
    for day in days:
        warnings = [w for w in [rules.meeting_day_warning(day)] if w]
        if day in taken:
            warnings.append(f"{body.short_name} har redan ett sammanträde den dagen.")
        if not periods_overlap(day, day, body.founded_on, body.dissolved_on):
            warnings.append(f"{body.short_name} finns inte den dagen.")
        out.append(SeriesDay(day, warnings))
    return out


def party_letters_on(meeting: Meeting) -> dict[int, str]:
    """Each seat holder's party letters in the body on the meeting day: (S), (M)."""
    return {m.person_id: m.party_letters for m in seats_on_meeting_day(meeting) if m.party_letters}


def others_present(meeting: Meeting) -> list[tuple[str, str]]:
    """Övriga närvarande: (name, role) of the persons recorded as others present and of
    the guests who were there."""
    people = [
        (a.person.name, a.note)
        for a in meeting.attendance.filter(capacity=Attendance.Capacity.OTHER, present=True)
        .select_related("person")
        .order_by("person__name")
    ]
    guests = [(g.name, g.role) for g in meeting.guests.filter(present=True).order_by("name")]
    return people + guests


def others_present_candidates(meeting: Meeting) -> list[Membership]:
    """Those in the body without a seat on the meeting day (the secretary, officials,
    the collaboration lead): who may be others present."""
    seats = set(seats_on_meeting_day(meeting).values_list("person_id", flat=True))
    return [
        m
        for m in memberships_in_force(meeting.date)
        .filter(body=meeting.body)
        .exclude(role__in=Membership.SEAT_ROLES)
        .select_related("person")
        .order_by("person__name")
        if m.person_id not in seats
    ]


def corrections_for(meeting: Meeting, audience: Audience) -> list[Any]:
    """The attested corrections of sealed minutes the audience may read: a correction
    of a closed § goes with that §."""
    from .models import MinutesCorrection

    corrections = list(
        MinutesCorrection.objects.filter(meeting=meeting, attested_at__isnull=False).order_by(
            "attested_at", "id"
        )
    )
    if not corrections:
        return []
    readable = set(
        AgendaItem.objects.filter(meeting=meeting).visible_to(audience).values_list("pk", flat=True)
    )
    item_of = {
        s["number"]: s["agenda_item"] for s in (meeting.sealed_content or {}).get("sections", [])
    }
    return [
        c
        for c in corrections
        if c.section_number is None
        or item_of.get(c.section_number) is None
        or item_of[c.section_number] in readable
    ]


@dataclass
class NoticeGroup:
    label: str
    recipients: list[tuple[str, str]]  # (name, e-mail or "")
    items: list[AgendaItem]
    public: bool


def notice_preview(meeting: Meeting) -> list[NoticeGroup]:
    """What each group gets with the notice: members and substitutes the whole agenda
    (closed items too, as those called), guests the public version."""
    called = called_to(meeting)
    insider = policy.member_of(meeting.body_id)
    all_items = list(meeting.items.select_related("case__series").order_by("position"))

    def people(memberships: list[Membership]) -> list[tuple[str, str]]:
        return [
            (m.person.name + (f" ({m.party_letters})" if m.party_letters else ""), m.person.email)
            for m in memberships
        ]

    readable = {
        i.pk for i in AgendaItem.objects.filter(meeting=meeting).visible_to(insider).only("pk")
    }
    members = ([called.chair] if called.chair else []) + called.members
    return [
        NoticeGroup(
            "Ledamöter", people(members), [i for i in all_items if i.pk in readable], False
        ),
        NoticeGroup(
            "Ersättare",
            people(called.substitutes),
            [i for i in all_items if i.pk in readable],
            False,
        ),
        NoticeGroup(
            "Övriga kallade",
            [(g.name + (f", {g.role}" if g.role else ""), g.email) for g in meeting.guests.all()],
            all_items,
            True,
        ),
    ]


def decision_draft(section: Section) -> str:
    """The decision text the § editor starts from: the decision written, else the
    item's proposed decision (förslag till beslut)."""
    if section.decision:
        return section.decision
    return section.agenda_item.proposed_decision.strip() if section.agenda_item else ""


# --- A meeting's state: upcoming until it starts, then the minutes' state ----------------


def meeting_is_upcoming(meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    """Not held yet: the meeting has not started."""
    now = timezone.localtime(now or timezone.now())
    return (meeting.date, meeting.start_time) > (now.date(), now.time())


def upcoming_q(now: datetime.datetime | None = None) -> Q:
    """The database twin of meeting_is_upcoming: meetings that have not started."""
    now = timezone.localtime(now or timezone.now())
    return Q(date__gt=now.date()) | Q(date=now.date(), start_time__gt=now.time())


def with_minutes_state(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """What meeting_status reads about the minutes, in the same query as the meetings."""
    return meetings.annotate(
        minutes_has_sections=Exists(Section.objects.filter(meeting=OuterRef("pk"))),
        minutes_has_attesters=Exists(Attester.objects.filter(meeting=OuterRef("pk"))),
    )


def meeting_status(meeting: Meeting, now: datetime.datetime | None = None) -> str:
    """One label for where a meeting stands. Before it starts: the notice's state. Once
    it has started it is held, and the label is the minutes' state: written, under
    attestation (§§ and attesters chosen), attested, and posted on the notice board while
    the posting is up. Reads the annotations of with_minutes_state when present."""
    if meeting.cancelled_at:
        return "Inställt"
    today = timezone.localdate(now or timezone.now())
    if meeting.sealed_at:
        posted, ends = meeting.posted_on, meeting.posting_ends_on
        if posted and ends and posted <= today <= ends:
            return "Anslaget"
        return "Protokoll justerat"
    if meeting_is_upcoming(meeting, now):
        return "Kallelse skickad" if meeting.notice_sent_at else "Planerat"
    has_sections = getattr(meeting, "minutes_has_sections", None)
    if has_sections is None:
        has_sections = meeting.sections.exists()
    has_attesters = getattr(meeting, "minutes_has_attesters", None)
    if has_attesters is None:
        has_attesters = meeting.attesters.exists()
    if has_sections and has_attesters:
        return "Protokoll under justering"
    return "Hållet – protokoll skrivs"


def minutes_awaiting_attestation(
    person_id: int, now: datetime.datetime | None = None
) -> list[Meeting]:
    """Draft minutes waiting for the person's signature: the meeting is held, neither
    sealed nor cancelled, has a chair, §§ and chosen attesters, the person is the chair
    or one of the attesters, and has not (validly) attested the minutes yet."""
    signed = Attestation.objects.filter(
        meeting=OuterRef("pk"), person_id=person_id, section__isnull=True, voided_at__isnull=True
    )
    waiting = list(
        Meeting.objects.filter(
            sealed_at__isnull=True, cancelled_at__isnull=True, chair__isnull=False
        )
        .filter(
            Q(chair_id=person_id)
            | Q(pk__in=Attester.objects.filter(person_id=person_id).values("meeting_id"))
        )
        .exclude(upcoming_q(now))
        .filter(
            Exists(Section.objects.filter(meeting=OuterRef("pk"))),
            Exists(Attester.objects.filter(meeting=OuterRef("pk"))),
        )
        .exclude(Exists(signed))
        .select_related("body__meeting_rules", "body__collaboration")
        .order_by("date", "start_time")
    )
    for meeting in waiting:
        # The day to attest by: the day agreed at the meeting, else the body's period.
        meeting.attest_by = meeting.attestation_date or rules.attestation_deadline(
            meeting.date, meeting_rules_for(meeting.body).attestation_days
        )
    return waiting


@dataclass
class MyMeetings:
    upcoming: list[tuple[Meeting, list[AgendaItem]]]
    held: list[tuple[Meeting, list[AgendaItem]]]
    awaiting_attestation: list[Meeting]
    today: datetime.date


def my_meetings(audience: Audience, limit: int, now: datetime.datetime | None = None) -> MyMeetings:
    """The meetings the audience's person is called to or keeps (a seat, a secretary's or
    an official's membership on the meeting day): the next ones that have not started and
    the last ones held, each with the agenda items and documents the person may read, and
    the minutes waiting for the person's attestation. A fixed number of queries."""
    # The person's own meetings: an administrator's right to read everything does not
    # make every meeting theirs.
    own = dataclasses.replace(audience, is_admin=False)
    now = now or timezone.now()
    mine = with_minutes_state(Meeting.objects.insider_for(own).select_related("body"))
    coming = upcoming_q(now)
    upcoming = list(mine.filter(coming).order_by("date", "start_time")[:limit])
    held = list(mine.exclude(coming).order_by("-date", "-start_time")[:limit])
    items = (
        AgendaItem.objects.visible_to(audience)
        .filter(meeting__in=[m.pk for m in upcoming + held])
        .select_related("case__series")
        .order_by("meeting", "position")
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=SupportingDocument.objects.visible_to(audience)
                .select_related("document")
                .prefetch_related("document__versions")
                .order_by("position", "id"),
            )
        )
    )
    by_meeting: dict[int, list[AgendaItem]] = {}
    for item in items:
        by_meeting.setdefault(item.meeting_id, []).append(item)
    awaiting = (
        minutes_awaiting_attestation(audience.person_id, now)
        if audience.person_id is not None
        else []
    )
    parts = my_absence_parts(
        audience.person_id, [m.pk for m in upcoming + held], held={m.pk for m in held}
    )
    for meeting in upcoming + held:
        meeting.my_part = parts.get(meeting.pk, "")  # type: ignore[attr-defined]
    return MyMeetings(
        upcoming=[(m, by_meeting.get(m.pk, [])) for m in upcoming],
        held=[(m, by_meeting.get(m.pk, [])) for m in held],
        awaiting_attestation=awaiting,
        today=timezone.localdate(now),
    )


def my_absence_parts(
    person_id: int | None, meeting_ids: list[int], held: set[int] | frozenset[int] = frozenset()
) -> dict[int, str]:
    """Per meeting, what the person's notices of absence say about their part: absence
    reported (and whether a substitute was called), or called to serve in a member's
    place; in the past tense for the meetings in `held`. One query."""
    if person_id is None or not meeting_ids:
        return {}
    parts: dict[int, str] = {}
    notices = (
        AbsenceNotice.objects.filter(meeting__in=meeting_ids)
        .filter(Q(person_id=person_id) | Q(substitute_id=person_id))
        .select_related("person", "substitute")
    )
    for notice in notices:
        past = notice.meeting_id in held
        if notice.substitute_id == person_id:
            verb = "var" if past else "är"
            parts[notice.meeting_id] = (
                f"Du {verb} inkallad att tjänstgöra i stället för {notice.person}"
            )
        elif notice.substitute_id:
            verb = "anmälde" if past else "har anmält"
            was = "var" if past else "är"
            parts[notice.meeting_id] = (
                f"Du {verb} förhinder; {notice.substitute} {was} inkallad i ditt ställe"
            )
        else:
            parts[notice.meeting_id] = f"Du {'anmälde' if past else 'har anmält'} förhinder"
    return parts


def late_placing_warning(meeting: Meeting, today: datetime.date | None = None) -> str:
    """rules.late_placing_warning with the body's own period."""
    return rules.late_placing_warning(
        meeting.date,
        meeting_rules_for(meeting.body).cases_ready_days,
        today or timezone.localdate(),
    )


def notice_late_warning(body: Body, day: datetime.date, today: datetime.date | None = None) -> str:
    """For a meeting on `day` whose notice has not gone out: the warning that the last
    day for the notice (the body's notice period) has passed (rules.move_notice_warning,
    the same rule as when a meeting is moved there)."""
    return rules.move_notice_warning(
        day, meeting_rules_for(body).notice_days, today or timezone.localdate()
    )


def meeting_move_warning(
    meeting: Meeting, new_day: datetime.date, today: datetime.date | None = None
) -> str:
    """The warning before moving the meeting to `new_day` (rules.move_notice_warning),
    from the body's notice period and the notice already sent, if any."""
    sent = meeting.notice_sent_at
    return rules.move_notice_warning(
        new_day,
        meeting_rules_for(meeting.body).notice_days,
        today or timezone.localdate(),
        timezone.localdate(sent) if sent else None,
    )


# --- Integrity of the sealed files (samverkan verify) ---------------------------------------


def sealed_meetings() -> QuerySet[Meeting]:
    """Every meeting with sealed minutes, oldest first."""
    return (
        Meeting.objects.filter(sealed_at__isnull=False)
        .select_related("body")
        .order_by("date", "pk")
    )


@dataclass(frozen=True)
class FileProblem:
    file: str  # which file: "Justerat protokoll" or "Offentlig version"
    problem: str


def sealed_file_problems(meeting: Meeting) -> list[FileProblem]:
    """What is wrong with the files kept for sealed minutes: the sealed minutes (and the
    public version when there is one) must exist, have the SHA-256 stored at sealing and
    carry an intact signature, made with the configured certificate, over the whole file.
    Correction notes are rendered on demand and not kept, so there is no file to check."""
    import hashlib

    from samverkan.documents.pdf import signature_check

    problems: list[FileProblem] = []
    kept = [("Justerat protokoll", meeting.minutes_pdf, meeting.minutes_sha256)]
    if meeting.public_minutes_pdf:
        kept.append(
            ("Offentlig version", meeting.public_minutes_pdf, meeting.public_minutes_sha256)
        )
    for label, field, sha256 in kept:
        if not field:
            problems.append(FileProblem(label, "Ingen fil är sparad."))
            continue
        try:
            with field.open("rb") as fh:
                data = fh.read()
        except OSError:
            problems.append(FileProblem(label, f"Filen {field.name} saknas."))
            continue
        if hashlib.sha256(data).hexdigest() != sha256:
            problems.append(
                FileProblem(label, f"SHA-256 stämmer inte med den sparade ({field.name}).")
            )
        check = signature_check(data)
        problems.extend(FileProblem(label, p) for p in check.problems)
    return problems
