"""Reads for meetings."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from samverkan.structure.models import Body, Membership, Person
from samverkan.structure.selectors import memberships_in_force

from . import rules
from .models import AgendaItem, Attendance, Meeting, MeetingRules, Section


def meeting_rules_for(body: Body) -> MeetingRules:
    """The body's own rules, or the defaults (kommunallagen's periods)."""
    try:
        return body.meeting_rules
    except MeetingRules.DoesNotExist:
        return MeetingRules(body=body)


def meetings_for_body(body: Body, year: int | None = None) -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(body=body).select_related("body", "chair")
    return qs.filter(date__year=year) if year else qs


def meeting_with_agenda(pk: int) -> Meeting:
    return (
        Meeting.objects.select_related("body", "chair")
        .prefetch_related(
            Prefetch("items", queryset=AgendaItem.objects.prefetch_related("documents")),
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


@dataclass
class PlannedMeeting:
    meeting: Meeting
    deadlines: list[Deadline]

    @property
    def warnings(self) -> list[Deadline]:
        return [d for d in self.deadlines if d.passed and not d.done]


def meeting_deadlines(meeting: Meeting, today: datetime.date | None = None) -> list[Deadline]:
    today = today or timezone.localdate()
    r = meeting_rules_for(meeting.body)
    held = meeting.date < today
    sent = meeting.notice_sent_at is not None
    days = [
        (
            "Ärenden klara",
            rules.cases_ready_deadline(meeting.date, r.cases_ready_days),
            sent or held,
        ),
        ("Kallelse skickas", rules.notice_deadline(meeting.date, r.notice_days), sent),
        (
            "Protokollet justerat",
            rules.attestation_deadline(meeting.date, r.attestation_days),
            meeting.sealed_at is not None,
        ),
    ]
    return [Deadline(label, day, today > day, done) for label, day, done in days]


def meeting_plan(body: Body, year: int, today: datetime.date | None = None) -> list[PlannedMeeting]:
    return [
        PlannedMeeting(meeting=m, deadlines=meeting_deadlines(m, today))
        for m in meetings_for_body(body, year)
    ]


@dataclass
class Called:
    chair: Membership | None
    members: list[Membership]
    substitutes: list[Membership]


def called_to(meeting: Meeting) -> Called:
    """Who the notice calls: the body's members and substitutes on the meeting day."""
    current = list(
        memberships_in_force(meeting.date)
        .filter(body=meeting.body, role__in=Membership.SEAT_ROLES)
        .order_by("position", "person__name")  # the order of the body's own list
    )
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


def serving_persons(meeting: Meeting, section: Section | None = None) -> set[int]:
    """The persons who may vote: present members and serving substitutes, less those with
    a conflict of interest in the section, plus the substitutes who serve for them."""
    serving = set(
        Attendance.objects.filter(
            meeting=meeting,
            present=True,
            capacity__in=[Attendance.Capacity.MEMBER, Attendance.Capacity.SUBSTITUTE],
        ).values_list("person_id", flat=True)
    )
    if section is not None:
        for c in section.conflicts.all():
            serving.discard(c.person_id)
            if c.substitute_id:
                serving.add(c.substitute_id)
    return serving


@dataclass
class Quorum:
    serving: int
    seats: int
    met: bool


def quorum_status(meeting: Meeting) -> Quorum:
    seats = seats_of(meeting)
    serving = len(serving_persons(meeting))
    return Quorum(serving=serving, seats=seats, met=rules.quorum_met(serving, seats))


def meeting_attendance(meeting: Meeting) -> list[Attendance]:
    return list(
        meeting.attendance.select_related(
            "person", "replaces", "arrived_at_item", "left_after_item"
        ).order_by("capacity", "person__name")
    )


def section_is_public(section: Section) -> bool:
    """A § is public only if it and its agenda item both are."""
    item = section.agenda_item
    return section.is_public and (item is None or item.is_public)


def meeting_sections(meeting: Meeting, *, public_only: bool = False) -> list[Section]:
    qs = meeting.sections.prefetch_related(
        "motions__person",
        "votes__ballots__person",
        "dissents__person",
        "statements__person",
        "conflicts__person",
        "conflicts__substitute",
    ).select_related("agenda_item")
    if public_only:
        qs = qs.filter(is_public=True).exclude(agenda_item__is_public=False)
    return list(qs.order_by("number"))


def person_for_user(user: object) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user=user).first()  # type: ignore[misc]


def notice_board(today: datetime.date | None = None) -> QuerySet[Meeting]:
    """Minutes on the notice board: posted, and the posting still up."""
    today = today or timezone.localdate()
    return (
        Meeting.objects.filter(posted_on__lte=today, posting_ends_on__gte=today)
        .select_related("body")
        .order_by("-posted_on", "body__name")
    )


def recent_postings(limit: int = 50) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(posted_on__isnull=False)
        .select_related("body")
        .order_by("-posted_on", "-id")[:limit]
    )


def meetings_for_person(person: Person) -> list[Meeting]:
    """The meetings held while the person held a role in the body."""
    from samverkan.structure.selectors import memberships_with_effective_period

    periods = [
        (m.body_id, m.effective_start_on, m.effective_end_on)  # type: ignore[attr-defined]
        for m in memberships_with_effective_period().filter(person=person)
    ]
    body_ids = {body_id for body_id, _, _ in periods}
    return [
        meeting
        for meeting in Meeting.objects.filter(body_id__in=body_ids)
        .select_related("body")
        .prefetch_related("items")
        .order_by("date")
        if any(
            body_id == meeting.body_id
            and (start is None or start <= meeting.date)
            and (end is None or meeting.date <= end)
            for body_id, start, end in periods
        )
    ]


def can_manage(user: object, body: Body) -> bool:
    """Administrators, and the body's secretaries, keep its meetings."""
    from samverkan.accounts.permissions import is_administrator
    from samverkan.structure.selectors import bodies_where_secretary

    if is_administrator(user):  # type: ignore[arg-type]
        return True
    return bodies_where_secretary(user, timezone.localdate()).filter(pk=body.pk).exists()


def minutes_visible(user: object, meeting: Meeting) -> bool:
    """The minutes become public at attestation, not before; the secretariat sees the draft."""
    return meeting.sealed_at is not None or can_manage(user, meeting.body)
