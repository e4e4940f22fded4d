"""Reads for the meeting in the room: its state as one audience may see it, in a bounded
number of queries whatever the size of the meeting."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.http import Http404

from samverkan.access import policy
from samverkan.access.policy import Audience
from samverkan.meetings import rules as meeting_rules
from samverkan.meetings.models import AgendaItem, Attendance, Meeting, Motion, Section, Vote
from samverkan.meetings.selectors import (
    Quorum,
    called_to,
    presences,
    quorum_by_section,
    quorum_status,
)
from samverkan.structure.models import Person

from .events import live_version
from .models import LiveMeeting, Speaker

CLOSED_TITLE = "Punkten behandlas inom stängda dörrar"


@dataclass
class RoomItem:
    pk: int
    position: int
    title: str  # CLOSED_TITLE for an audience that may not read the item
    is_public: bool
    readable: bool
    planned_start: datetime.time | None
    started_at: datetime.datetime | None
    ended_at: datetime.datetime | None
    is_current: bool
    case_number: str
    decision: str  # the § decision as written, for those who may read the item


@dataclass
class RoomPerson:
    pk: int
    name: str
    party: str
    role: str  # "Ordförande", "Ledamot", "Ersättare"
    is_substitute: bool
    present: bool  # in the room now
    serving: bool  # serves at the item being dealt with
    replaces: str = ""
    left: bool = False


@dataclass
class RoomVote:
    pk: int
    question: str
    yes_means: str
    no_means: str
    is_open: bool
    is_secret: bool
    result: str
    cast: int  # ballots so far
    yes: int
    no: int
    abstain: int
    voters: list[tuple[str, str]] = field(default_factory=list)  # (name, choice) when shown
    my_choice: str = ""


@dataclass
class Room:
    meeting: Meeting
    live: LiveMeeting | None
    version: int
    items: list[RoomItem]
    current: RoomItem | None
    section: Section | None  # the current item's § (only where readable)
    people: list[RoomPerson]
    quorum: Quorum | None
    speakers: list[Speaker]
    motions: list[Motion]
    votes: list[RoomVote]
    open_vote: RoomVote | None
    me: RoomPerson | None  # the audience's own seat, if called
    show_decision: bool = False  # the draft decision (policy.may_read_live_decision)

    @property
    def running(self) -> bool:
        return self.live is not None and self.live.is_running

    @property
    def serving_count(self) -> int:
        return sum(1 for p in self.people if p.serving)


def live_meeting(pk: int) -> Meeting:
    meeting = Meeting.objects.select_related("body", "chair").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def live_of(meeting: Meeting) -> LiveMeeting | None:
    return LiveMeeting.objects.filter(meeting=meeting).first()


def may_run(audience: Audience, meeting: Meeting) -> bool:
    return policy.may_run_live(audience, meeting.body_id, meeting.chair_id)


def may_follow(audience: Audience, meeting: Meeting, live: LiveMeeting | None) -> bool:
    return policy.may_follow_live(
        audience,
        meeting.body_id,
        meeting.date,
        open_to_public=bool(live and live.open_to_public),
    )


def may_follow_inside(audience: Audience, meeting: Meeting) -> bool:
    """The room's own screens (members' and projector): those who read closed items."""
    return policy.may_read_closed(audience, meeting.body_id, meeting.date)


def room(meeting: Meeting, audience: Audience, *, with_people: bool = True) -> Room:
    """What a screen shows: the agenda with planned and actual times, the item being
    dealt with, its speakers, motions and votes, who is there and serves, and the
    quorum. A closed item is shown as CLOSED_TITLE (no title, case, decision, speakers,
    motions or votes) to anyone who may not read it (policy.may_read_live_item)."""
    live = live_of(meeting)
    items_qs = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("timing", "case", "section")
        .order_by("position")
    )
    current_pk = live.current_item_id if live else None
    items: list[RoomItem] = []
    sections: dict[int, Section] = {}
    for it in items_qs:
        readable = policy.may_read_live_item(audience, meeting.body_id, meeting.date, it.is_public)
        timing = getattr(it, "timing", None)
        section = getattr(it, "section", None)
        if section is not None:
            sections[it.pk] = section
        items.append(
            RoomItem(
                pk=it.pk,
                position=it.position,
                title=it.title if readable else CLOSED_TITLE,
                is_public=it.is_public,
                readable=readable,
                planned_start=it.planned_start,
                started_at=timing.started_at if timing else None,
                ended_at=timing.ended_at if timing else None,
                is_current=it.pk == current_pk,
                case_number=it.case_number if readable else "",
                decision=(section.decision if section is not None and readable else ""),
            )
        )
    show_decision = policy.may_read_live_decision(audience, meeting.body_id, meeting.date)
    if not show_decision:
        for i in items:
            i.decision = ""
    current = next((i for i in items if i.is_current), None)
    section = sections.get(current.pk) if current and current.readable else None

    people: list[RoomPerson] = []
    quorum: Quorum | None = None
    me: RoomPerson | None = None
    if with_people:
        people = _people(meeting, current.position if current else None, section)
        if section is not None:
            quorum = quorum_by_section(meeting, [section])[section.pk]
        elif current is None:
            quorum = quorum_status(meeting)
        me = next((p for p in people if p.pk == audience.person_id), None)

    speakers: list[Speaker] = []
    motions: list[Motion] = []
    votes: list[RoomVote] = []
    if section is not None and current is not None:
        speakers = list(
            Speaker.objects.filter(agenda_item_id=current.pk, withdrawn=False, done_at__isnull=True)
            .select_related("person")
            .order_by("requested_at", "id")
        )
        motions = list(Motion.objects.filter(section=section).select_related("person"))
        votes = _votes(section, audience)
    open_vote = next((v for v in votes if v.is_open), None)
    return Room(
        meeting=meeting,
        live=live,
        version=live_version(
            meeting.pk,
            public=not policy.may_read_closed(audience, meeting.body_id, meeting.date),
        ),
        items=items,
        current=current,
        section=section,
        people=people,
        quorum=quorum,
        speakers=speakers,
        motions=motions,
        votes=votes,
        open_vote=open_vote,
        me=me,
        show_decision=show_decision,
    )


def _people(meeting: Meeting, position: int | None, section: Section | None) -> list[RoomPerson]:
    called = called_to(meeting)
    pres = presences(meeting)
    by_person = {p.person_id: p for p in pres}
    conflicts = [(c.person_id, c.substitute_id) for c in section.conflicts.all()] if section else []
    serving = meeting_rules.serving_at(position, pres, conflicts)
    replaced = {
        a.person_id: a.replaces.name if a.replaces else ""
        for a in Attendance.objects.filter(meeting=meeting, replaces__isnull=False).select_related(
            "replaces"
        )
    }
    rows = []
    seats = ([called.chair] if called.chair else []) + called.members + called.substitutes
    for m in seats:
        p = by_person.get(m.person_id)
        here = bool(p and meeting_rules.present_at(p, position))
        rows.append(
            RoomPerson(
                pk=m.person_id,
                name=m.person.name,
                party=m.party_letters or "",
                role=str(m.get_role_display()),
                is_substitute=m in called.substitutes,
                present=here,
                serving=m.person_id in serving,
                replaces=replaced.get(m.person_id, "") if m.person_id in serving else "",
                left=bool(p and p.present and not here and p.left is not None),
            )
        )
    return rows


def _votes(section: Section, audience: Audience) -> list[RoomVote]:
    out = []
    for v in Vote.objects.filter(section=section).prefetch_related("ballots__person"):
        ballots = list(v.ballots.all())
        is_open = v.opened_at is not None and v.closed_at is None
        counts = {c: sum(1 for b in ballots if b.choice == c) for c in ("yes", "no", "abstain")}
        mine = next((b.choice for b in ballots if b.person_id == audience.person_id), "")
        out.append(
            RoomVote(
                pk=v.pk,
                question=v.question,
                yes_means=v.yes_means,
                no_means=v.no_means,
                is_open=is_open,
                is_secret=v.is_secret,
                result=v.result,
                cast=len(ballots),
                # While the vote is open, the tally is not shown (no one votes with the
                # count in view); only how many have voted.
                yes=0 if is_open else counts["yes"],
                no=0 if is_open else counts["no"],
                abstain=0 if is_open else counts["abstain"],
                voters=[]
                if is_open
                else [(b.person.name, str(b.get_choice_display())) for b in ballots],
                my_choice=mine,
            )
        )
    return out


def person_of(audience: Audience) -> Person | None:
    if audience.person_id is None:
        return None
    return Person.objects.filter(pk=audience.person_id).first()


def live_meetings_today(audience: Audience, today: datetime.date) -> list[Meeting]:
    """Meetings being held today that the audience runs or follows from the inside."""
    qs = Meeting.objects.filter(
        date=today, live__opened_at__isnull=False, live__closed_at__isnull=True
    ).select_related("body")
    return [m for m in qs[:50] if may_run(audience, m) or may_follow_inside(audience, m)]
