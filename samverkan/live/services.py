"""Writes for the meeting in the room. Each goes through the meetings services (which
hold the rules of attendance, quorum, votes and decisions) and tells every screen that
something changed (events.live_changed), in the same transaction."""

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from samverkan.meetings import services as meetings
from samverkan.meetings.models import AgendaItem, Attendance, Ballot, Meeting, Section, Vote
from samverkan.meetings.selectors import called_person_ids, called_to, serving_persons
from samverkan.structure.models import Membership, Person

from . import rules
from .events import live_changed
from .models import ItemTiming, LiveMeeting, Speaker

P = ParamSpec("P")
R = TypeVar("R")


# What the public web-cast shows of a change (its stream counts only those): always (the
# meeting opens, moves on, closes), only while the item being dealt with is open
# (speakers and votes), never (attendance, motions, the draft decision).
ALWAYS, OPEN_ITEM, NEVER = "always", "open item", "never"


def _announced(public: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Run the write in one transaction and, when it succeeds, tell the meeting's screens
    (and the public ones only of what they show)."""

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            with transaction.atomic():
                result = func(*args, **kwargs)
                first = args[0]
                meeting_id = first.pk if isinstance(first, Meeting) else first.meeting_id  # type: ignore[attr-defined]
                shown = public == ALWAYS or (
                    public == OPEN_ITEM
                    and AgendaItem.objects.filter(
                        pk=LiveMeeting.objects.filter(meeting_id=meeting_id).values(
                            "current_item_id"
                        )[:1],
                        is_public=True,
                    ).exists()
                )
                live_changed(meeting_id, public=shown)
            return result

        return wrapper

    return decorate


def _running(live: LiveMeeting) -> LiveMeeting:
    locked = LiveMeeting.objects.select_for_update().select_related("meeting").get(pk=live.pk)
    if not locked.is_running:
        raise ValidationError("Sammanträdet pågår inte.")
    return locked


def _current(live: LiveMeeting) -> tuple[AgendaItem, Section]:
    if live.current_item_id is None:
        raise ValidationError("Ingen punkt behandlas just nu.")
    item = AgendaItem.objects.select_related("meeting").get(pk=live.current_item_id)
    section = Section.objects.filter(agenda_item=item).select_related("meeting", "body").first()
    if section is None:
        raise ValidationError(f"Punkt {item.position} har ingen paragraf.")
    return item, section


def _position_now(live: LiveMeeting) -> tuple[int | None, bool]:
    if live.current_item_id is None:
        return None, False
    item = AgendaItem.objects.get(pk=live.current_item_id)
    return item.position, True


def _item_at(meeting: Meeting, position: int | None) -> AgendaItem | None:
    if position is None:
        return None
    return meeting.items.filter(position=position).first()


# --- Opening, moving between items, closing --------------------------------------------------


@_announced(ALWAYS)
def live_meeting_open(meeting: Meeting, *, open_to_public: bool = False) -> LiveMeeting:
    """The secretary opens the meeting on its day: every item gets its § (so decisions
    are written item by item into the draft minutes), and the screens follow."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.cancelled_at:
        raise ValidationError("Sammanträdet är inställt.")
    if meeting.sealed_at:
        raise ValidationError(meetings.SEALED)
    problem = rules.live_open_problem(meeting.date, timezone.localdate())
    if problem:
        raise ValidationError(problem)
    live, _ = LiveMeeting.objects.get_or_create(meeting=meeting)
    if live.is_running:
        raise ValidationError("Sammanträdet är redan öppnat.")
    meetings.sections_create_from_agenda(meeting)
    live.opened_at = live.opened_at or timezone.now()
    live.closed_at = None
    live.open_to_public = open_to_public
    live.save()
    return live


@_announced(ALWAYS)
def live_item_set(live: LiveMeeting, item: AgendaItem) -> LiveMeeting:
    """The chair moves to an item: the one being dealt with ends, this one starts (an
    item taken up again keeps its first start)."""
    live = _running(live)
    if item.meeting_id != live.meeting_id:
        raise ValidationError("Punkten hör inte till sammanträdet.")
    meetings.no_open_vote_validate(live.meeting_id, "innan ni går vidare")
    now = timezone.now()
    if live.current_item_id and live.current_item_id != item.pk:
        timing = ItemTiming.objects.filter(agenda_item_id=live.current_item_id).first()
        if timing is not None and timing.ended_at is None:
            timing.ended_at = now
            timing.save()
    timing, _ = ItemTiming.objects.get_or_create(agenda_item=item)
    timing.started_at = timing.started_at or now
    timing.ended_at = None
    timing.save()
    live.current_item = item
    live.save()
    return live


@_announced(ALWAYS)
def live_meeting_close(live: LiveMeeting) -> LiveMeeting:
    """The chair closes the meeting: the last item ends; the draft minutes then hold
    every decision and vote, ready for attestation."""
    live = _running(live)
    meetings.no_open_vote_validate(live.meeting_id, "innan sammanträdet avslutas")
    now = timezone.now()
    # One by one (not a queryset update), so each end is in the audit log.
    for timing in ItemTiming.objects.filter(
        agenda_item__meeting_id=live.meeting_id, ended_at__isnull=True
    ):
        timing.ended_at = now
        timing.save()
    live.closed_at = now
    live.current_item = None
    live.save()
    return live


@_announced(ALWAYS)
def live_public_set(live: LiveMeeting, open_to_public: bool) -> LiveMeeting:
    """Whether the public web-cast shows the meeting (never its closed items)."""
    live = LiveMeeting.objects.select_for_update().get(pk=live.pk)
    live.open_to_public = open_to_public
    live.save()
    return live


# --- Who is there ----------------------------------------------------------------------------


def _seat_role(meeting: Meeting, person: Person) -> str | None:
    called = called_to(meeting)
    for m in [*([called.chair] if called.chair else []), *called.members, *called.substitutes]:
        if m.person_id == person.pk:
            return str(m.role)
    return None


@_announced(NEVER)
def live_arrival(live: LiveMeeting, person: Person) -> Attendance:
    """A member comes: there from the start when no item has begun; during an item they
    enter at the next one (rules.present_at)."""
    live = _running(live)
    role = _seat_role(live.meeting, person)
    if role not in Membership.VOTING_ROLES:
        raise ValidationError(
            f"{person} är inte ledamot; en ersättare går in i stället för en ledamot."
        )
    existing = Attendance.objects.filter(meeting=live.meeting, person=person).first()
    if existing is not None and existing.present:
        raise ValidationError(f"{person} är redan registrerad som närvarande.")
    position, started = _position_now(live)
    return meetings.attendance_record(
        live.meeting,
        person,
        capacity=Attendance.Capacity.MEMBER,
        present=True,
        arrived_at_item=_item_at(live.meeting, rules.entry_item(position, started)),
    )


@_announced(NEVER)
def live_departure(live: LiveMeeting, person: Person) -> Attendance:
    """Someone leaves: gone from the item being dealt with (a ballot they cast in an
    open vote no longer counts: meetings.vote_close)."""
    live = _running(live)
    a = Attendance.objects.filter(meeting=live.meeting, person=person, present=True).first()
    if a is None or a.left_after_item_id is not None:
        raise ValidationError(f"{person} är inte närvarande.")
    position, started = _position_now(live)
    after = rules.leaving_after(position, started)
    where = f"punkt {position}" if position else "sammanträdets början"
    return meetings.attendance_record(
        live.meeting,
        person,
        capacity=a.capacity,
        present=after is not None,
        replaces=a.replaces,
        arrived_at_item=a.arrived_at_item,
        left_after_item=_item_at(live.meeting, after),
        note=(a.note or f"Lämnade under {where}.") if after is None else a.note,
    )


@_announced(NEVER)
def live_substitute_seat(live: LiveMeeting, substitute: Person, member: Person) -> Attendance:
    """A substitute takes the seat of a member who is not there (absent, or left): they
    serve from the item being dealt with."""
    live = _running(live)
    position, started = _position_now(live)
    return meetings.attendance_record(
        live.meeting,
        substitute,
        capacity=Attendance.Capacity.SUBSTITUTE,
        present=True,
        replaces=member,
        arrived_at_item=_item_at(live.meeting, rules.seated_after(position, started)),
    )


@_announced(NEVER)
def live_conflict(live: LiveMeeting, person: Person, substitute: Person | None = None) -> object:
    """A conflict of interest (jäv) at the item being dealt with."""
    live = _running(live)
    _, section = _current(live)
    return meetings.conflict_record(section, person, substitute)


# --- Speakers, motions ---------------------------------------------------------------------


@_announced(OPEN_ITEM)
def speaker_request(live: LiveMeeting, person: Person, kind: str = Speaker.Kind.SPEECH) -> Speaker:
    """A request to speak on the item being dealt with: those serving, and the others
    called who are in the room, may speak; one waiting request each."""
    live = _running(live)
    item, section = _current(live)
    if kind not in Speaker.Kind.values:
        raise ValidationError("Välj inlägg eller replik.")
    called = called_person_ids(live.meeting)
    if person.pk not in called and person.pk not in serving_persons(live.meeting, section):
        raise ValidationError(f"{person} är inte kallad till sammanträdet.")
    if Speaker.objects.filter(
        agenda_item=item, person=person, done_at__isnull=True, withdrawn=False
    ).exists():
        raise ValidationError(f"{person} står redan på talarlistan.")
    return Speaker.objects.create(
        agenda_item=item, person=person, kind=kind, requested_at=timezone.now()
    )


@_announced(OPEN_ITEM)
def speaker_next(live: LiveMeeting) -> Speaker | None:
    """The one speaking is done; the next in order (replies first) gets the floor."""
    live = _running(live)
    item, _ = _current(live)
    now = timezone.now()
    for s in Speaker.objects.filter(
        agenda_item=item, started_at__isnull=False, done_at__isnull=True
    ):
        s.done_at = now
        s.save()
    waiting = Speaker.objects.filter(
        agenda_item=item, started_at__isnull=True, withdrawn=False
    ).order_by("requested_at", "id")
    nxt = waiting.filter(kind=Speaker.Kind.REPLY).first() or waiting.first()
    if nxt is not None:
        nxt.started_at = now
        nxt.save()
    return nxt


@_announced(OPEN_ITEM)
def speaker_withdraw(live: LiveMeeting, speaker: Speaker) -> Speaker:
    live = _running(live)
    speaker = Speaker.objects.select_for_update().get(pk=speaker.pk)
    if speaker.agenda_item.meeting_id != live.meeting_id:
        raise ValidationError("Talaren hör inte till sammanträdet.")
    if speaker.done_at or speaker.withdrawn:
        raise ValidationError(f"{speaker.person} står inte på talarlistan.")
    speaker.withdrawn = True
    speaker.done_at = timezone.now()
    speaker.save()
    return speaker


@_announced(NEVER)
def live_motion_add(live: LiveMeeting, person: Person, text: str) -> object:
    """A proposal (yrkande) on the item being dealt with."""
    live = _running(live)
    _, section = _current(live)
    return meetings.motion_add(section, person, text)


# --- Votes and the decision --------------------------------------------------------------------


@_announced(OPEN_ITEM)
def live_vote_open(
    live: LiveMeeting, *, question: str, yes_means: str = "", no_means: str = ""
) -> Vote:
    live = _running(live)
    _, section = _current(live)
    return meetings.vote_open(section, question=question, yes_means=yes_means, no_means=no_means)


@_announced(OPEN_ITEM)
def live_ballot_cast(live: LiveMeeting, vote: Vote, person: Person, choice: str) -> Ballot:
    live = _running(live)
    if vote.section.meeting_id != live.meeting_id:
        raise ValidationError("Omröstningen hör inte till sammanträdet.")
    return meetings.ballot_cast(vote, person, choice)


@_announced(OPEN_ITEM)
def live_vote_close(live: LiveMeeting, vote: Vote) -> Vote:
    live = _running(live)
    if vote.section.meeting_id != live.meeting_id:
        raise ValidationError("Omröstningen hör inte till sammanträdet.")
    return meetings.vote_close(vote)


@_announced(OPEN_ITEM)
def live_vote_cancel(live: LiveMeeting, vote: Vote) -> None:
    live = _running(live)
    if vote.section.meeting_id != live.meeting_id:
        raise ValidationError("Omröstningen hör inte till sammanträdet.")
    meetings.vote_cancel(vote)


@_announced(OPEN_ITEM)
def live_election_record(live: LiveMeeting, *, question: str, tally: dict[str, int]) -> Vote:
    live = _running(live)
    _, section = _current(live)
    return meetings.election_record(section, question=question, tally=tally)


@_announced(NEVER)
def live_decision_write(live: LiveMeeting, decision: str) -> Section:
    """The decision on the item being dealt with, written into the draft minutes."""
    live = _running(live)
    _, section = _current(live)
    return meetings.section_update(section, decision=decision)
