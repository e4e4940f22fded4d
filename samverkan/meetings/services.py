"""Writes for meetings: each rule is one function, each write one transaction, and a
broken rule is a ValidationError in Swedish that saves nothing."""

import contextlib
import datetime
import functools
import hashlib
from collections.abc import Callable, Iterable
from typing import ParamSpec, TypeVar

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from samverkan.documents import pdf as archive_pdf
from samverkan.mail import site_url
from samverkan.structure.models import Body, Membership, Person
from samverkan.structure.periods import periods_overlap
from samverkan.structure.selectors import memberships_in_force

from . import rules
from .models import (
    AbsenceNotice,
    AgendaItem,
    Attendance,
    Attestation,
    Attester,
    Ballot,
    ConflictOfInterest,
    Dispatch,
    Dissent,
    Guest,
    Meeting,
    MeetingRules,
    MinutesCorrection,
    MinutesCorrectionSignature,
    Motion,
    Section,
    Statement,
    SupportingDocument,
    Vote,
)
from .selectors import (
    meeting_is_upcoming,
    meeting_rules_for,
    quorum_at,
    seats_on_meeting_day,
    serving_persons,
    substitutes_for,
)
from .signals import sections_final

SEALED = "Protokollet är justerat och kan inte ändras."
P = ParamSpec("P")
R = TypeVar("R")


def _voids_stale_attestations(func: Callable[P, R]) -> Callable[P, R]:
    """A write to the minutes' content voids attestations of another text."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        result = func(*args, **kwargs)
        first = args[0]
        meeting = getattr(first, "meeting", first)
        if (
            isinstance(meeting, Meeting)
            and meeting.attestations.filter(voided_at__isnull=True).exists()
        ):
            attestations_void_stale(meeting)
        return result

    return wrapper


# --- Meetings and the meeting plan ------------------------------------------------------


def meeting_overlap_validate(meeting: Meeting) -> None:
    """A body cannot hold two meetings at the same time."""
    end = meeting.end_time or meeting.start_time
    if meeting.end_time and meeting.end_time <= meeting.start_time:
        raise ValidationError({"end_time": "Sammanträdet måste sluta efter att det börjat."})
    for other in Meeting.objects.filter(body_id=meeting.body_id, date=meeting.date).exclude(
        pk=meeting.pk
    ):
        other_end = other.end_time or other.start_time
        if meeting.start_time <= other_end and other.start_time <= end:
            raise ValidationError(
                {
                    "start_time": (
                        f"{meeting.body.short_name} har redan ett sammanträde "
                        f"{other.date:%Y-%m-%d} kl. {other.start_time:%H:%M}–"
                        f"{other_end:%H:%M} som överlappar."
                    )
                }
            )


def meeting_within_body_lifetime_validate(meeting: Meeting) -> None:
    body = meeting.body
    if not periods_overlap(meeting.date, meeting.date, body.founded_on, body.dissolved_on):
        raise ValidationError(
            {"date": f"{body.short_name} finns inte den {meeting.date:%Y-%m-%d}."}
        )


def meeting_validate(meeting: Meeting) -> None:
    if meeting.pk and Meeting.objects.filter(pk=meeting.pk, sealed_at__isnull=False).exists():
        raise ValidationError(SEALED)
    meeting_within_body_lifetime_validate(meeting)
    meeting_overlap_validate(meeting)


STANDARD_OPENING = [
    (AgendaItem.Kind.ATTESTERS, "Val av justerare", ""),
    (
        AgendaItem.Kind.APPROVE_AGENDA,
        "Fastställande av föredragningslistan",
        "Preliminär föredragningslista har skickats ut med kallelsen enligt reglementet.",
    ),
]
STANDARD_CLOSING = [(AgendaItem.Kind.OTHER_BUSINESS, "Övriga frågor", "")]


@transaction.atomic
def meeting_create(
    *,
    body: Body,
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time | None = None,
    place: str = "",
    chair: Person | None = None,
    standard_items: bool = True,
    is_demo: bool = False,
    source: str = "",
) -> Meeting:
    """Plan a meeting. The chair defaults to the body's chair on the day, the place to
    the body's usual place; the standard opening and closing items are added by rule."""
    Body.objects.select_for_update().filter(pk=body.pk).first()
    if chair is None:
        holder = memberships_in_force(date).filter(body=body, role=Membership.Role.CHAIR).first()
        chair = holder.person if holder else None
    meeting = Meeting(
        body=body,
        date=date,
        start_time=start_time,
        end_time=end_time,
        place=place or meeting_rules_for(body).default_place,
        chair=chair,
        is_demo=is_demo,
        source=source,
    )
    meeting_validate(meeting)
    meeting.full_clean()
    meeting.save()
    if standard_items:
        for position, (kind, title, description) in enumerate(
            [*STANDARD_OPENING, *STANDARD_CLOSING], start=1
        ):
            AgendaItem.objects.create(
                meeting=meeting, position=position, kind=kind, title=title, description=description
            )
    return meeting


@transaction.atomic
@_voids_stale_attestations
def meeting_update(meeting: Meeting, **fields: object) -> Meeting:
    for key, value in fields.items():
        setattr(meeting, key, value)
    meeting_validate(meeting)
    meeting.full_clean()
    meeting.save()
    return meeting


# --- Agenda -----------------------------------------------------------------------------


def _held_by_now(meeting: Meeting) -> None:
    """Attendance and decisions wait for the meeting's day (rules.held_record_problem)."""
    problem = rules.held_record_problem(meeting.date, timezone.localdate())
    if problem:
        raise ValidationError(problem)


def _unsealed(meeting: Meeting) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.sealed_at:
        raise ValidationError(SEALED)
    return locked


def agenda_item_validate(item: AgendaItem) -> None:
    if not (item.title or "").strip():
        raise ValidationError({"title": "Punkten måste ha en rubrik."})
    agenda_item_ground_validate(item)


def _renumber(meeting: Meeting, ordered: list[AgendaItem]) -> None:
    # Two passes so the unique (meeting, position) constraint never sees a clash.
    # Both passes save through the ORM, so the seal guard sees them and the audit log
    # keeps every position an item held.
    offset = len(ordered) + 1000
    changed = [(i, item) for i, item in enumerate(ordered, start=1) if item.position != i]
    for i, item in changed:
        item.position = offset + i
        item.save(update_fields=["position"])
    for i, item in changed:
        item.position = i
        item.save(update_fields=["position"])


@transaction.atomic
def agenda_item_add(meeting: Meeting, **fields: object) -> AgendaItem:
    """Add an item; by default it goes before the closing items (övriga frågor)."""
    meeting = _unsealed(meeting)
    item = AgendaItem(meeting=meeting, position=0, **fields)
    agenda_item_validate(item)
    items = list(meeting.items.order_by("position"))
    closing = [i for i in items if i.kind == AgendaItem.Kind.OTHER_BUSINESS]
    body = [i for i in items if i.kind != AgendaItem.Kind.OTHER_BUSINESS]
    item.position = len(items) + 1000
    item.full_clean(exclude=["position"])
    item.save()
    _renumber(meeting, [*body, item, *closing])
    item.refresh_from_db()
    return item


@transaction.atomic
@_voids_stale_attestations
def agenda_item_update(item: AgendaItem, **fields: object) -> AgendaItem:
    _unsealed(item.meeting)
    for key, value in fields.items():
        setattr(item, key, value)
    agenda_item_validate(item)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_publicity_set(
    item: AgendaItem, *, is_public: bool, confidentiality_ground: str = ""
) -> AgendaItem:
    """Close or open an item, also after its § was attested: the secrecy assessment is
    not minutes content. The item's § follows it (one fact), and the public version of
    sealed minutes is cut again from the sealed content."""
    item = AgendaItem.objects.select_related("meeting__body").get(pk=item.pk)
    item.is_public = is_public
    item.confidentiality_ground = "" if is_public else confidentiality_ground.strip()
    agenda_item_ground_validate(item)
    item.save()
    if item.meeting.sealed_at:
        public_minutes_render(item.meeting)
    return item


def agenda_item_ground_validate(item: AgendaItem) -> None:
    """A closed item carries its legal ground, like a confidential document."""
    if not item.is_public and not item.confidentiality_ground.strip():
        raise ValidationError(
            {"confidentiality_ground": "Ange lagrum (sekretessgrund) för en stängd punkt."}
        )


@transaction.atomic
@_voids_stale_attestations
def agenda_item_move(item: AgendaItem, position: int) -> AgendaItem:
    meeting = _unsealed(item.meeting)
    # The positions as stored: the caller's object may hold a position since changed.
    stored = list(meeting.items.order_by("position"))
    moving = next(i for i in stored if i.pk == item.pk)
    items = [i for i in stored if i.pk != item.pk]
    position = max(1, min(position, len(items) + 1))
    items.insert(position - 1, moving)
    _renumber(meeting, items)
    item.refresh_from_db()
    return item


@transaction.atomic
@_voids_stale_attestations
def agenda_item_remove(item: AgendaItem) -> None:
    meeting = _unsealed(item.meeting)
    if hasattr(item, "section"):
        raise ValidationError("Punkten har en paragraf i protokollet och kan inte tas bort.")
    item.delete()
    _renumber(meeting, list(meeting.items.order_by("position")))


# --- Attendance and quorum --------------------------------------------------------------


def attendance_validate(a: Attendance) -> None:
    """Members attend as members, substitutes as substitutes, and a serving substitute
    replaces an absent member of the body."""
    seat_roles = {m.person_id: m.role for m in seats_on_meeting_day(a.meeting)}
    role = seat_roles.get(a.person_id)
    if a.capacity == Attendance.Capacity.MEMBER and role not in Membership.VOTING_ROLES:
        raise ValidationError(
            {"capacity": f"{a.person} är inte ledamot i {a.meeting.body.short_name} den dagen."}
        )
    if a.capacity == Attendance.Capacity.SUBSTITUTE:
        if role != Membership.Role.SUBSTITUTE:
            raise ValidationError(
                {"capacity": f"{a.person} är inte ersättare i {a.meeting.body.short_name}."}
            )
        # A substitute recorded absent replaces no one.
        if a.present and (
            a.replaces_id is None or seat_roles.get(a.replaces_id) not in Membership.VOTING_ROLES
        ):
            raise ValidationError(
                {"replaces": "En tjänstgörande ersättare ska ersätta en ledamot i organet."}
            )
        # A member there for part of the meeting (came late, left early) is replaced for
        # the rest; one there all of it is not replaced (rules.serving_at).
        if a.replaces_id and (
            Attendance.objects.filter(
                meeting=a.meeting,
                person_id=a.replaces_id,
                present=True,
                arrived_at_item__isnull=True,
                left_after_item__isnull=True,
            )
            .exclude(pk=a.pk)
            .exists()
        ):
            raise ValidationError({"replaces": f"{a.replaces} är närvarande och ersätts inte."})
        if a.replaces_id and (
            Attendance.objects.filter(meeting=a.meeting, replaces_id=a.replaces_id)
            .exclude(pk=a.pk)
            .exists()
        ):
            raise ValidationError({"replaces": f"{a.replaces} ersätts redan av någon annan."})
    if a.capacity != Attendance.Capacity.SUBSTITUTE and a.replaces_id:
        raise ValidationError({"replaces": "Bara en tjänstgörande ersättare ersätter någon."})


@transaction.atomic
@_voids_stale_attestations
def attendance_record(
    meeting: Meeting,
    person: Person,
    *,
    capacity: str,
    present: bool = True,
    replaces: Person | None = None,
    arrived_at_item: AgendaItem | None = None,
    left_after_item: AgendaItem | None = None,
    note: str = "",
) -> Attendance:
    """The secretary's record of who was there: from the meeting's day."""
    meeting = _unsealed(meeting)
    _held_by_now(meeting)
    return _attendance_save(
        meeting,
        person,
        capacity=capacity,
        present=present,
        replaces=replaces,
        arrived_at_item=arrived_at_item,
        left_after_item=left_after_item,
        note=note,
    )


def _attendance_save(
    meeting: Meeting,
    person: Person,
    *,
    capacity: str,
    present: bool = True,
    replaces: Person | None = None,
    arrived_at_item: AgendaItem | None = None,
    left_after_item: AgendaItem | None = None,
    note: str = "",
) -> Attendance:
    a = Attendance.objects.filter(meeting=meeting, person=person).first() or Attendance(
        meeting=meeting, person=person
    )
    a.capacity, a.present, a.replaces = capacity, present, replaces
    a.arrived_at_item, a.left_after_item, a.note = arrived_at_item, left_after_item, note
    attendance_validate(a)
    a.full_clean()
    a.save()
    return a


def attendance_substitute_order_validate(meeting: Meeting) -> None:
    """Substitutes serve in the body's substitute order, the member's own party first
    (rules.substitutes_in_order): a substitute serving for a member must not pass over
    one before them in that order who is neither away (reported or recorded absent) nor
    serving for another member. Checked over the whole attendance once it is recorded."""
    records = {a.person_id: a for a in meeting.attendance.all()}
    away = set(meeting.absence_notices.values_list("person_id", flat=True)) | {
        pk for pk, a in records.items() if not a.present
    }
    busy = {
        pk
        for pk, a in records.items()
        if a.present and a.capacity == Attendance.Capacity.SUBSTITUTE and a.replaces_id
    }
    for a in records.values():
        if not (a.present and a.capacity == Attendance.Capacity.SUBSTITUTE and a.replaces_id):
            continue
        for m in substitutes_for(meeting, a.replaces):  # type: ignore[arg-type]
            if m.person_id == a.person_id:
                break
            if m.person_id not in away and m.person_id not in busy:
                raise ValidationError(
                    f"Ersättarordningen: {m.person} ({m.party_letters}) står före "
                    f"{a.person} för {a.replaces}. Låt {m.person} tjänstgöra eller ange "
                    "att hen är frånvarande."
                )


# --- Minutes: sections, motions, votes, dissents, statements, conflicts -------------------


def section_number_next(body: Body, year: int) -> int:
    """§ numbers run per body and calendar year, continuing across meetings."""
    top = Section.objects.filter(body=body, year=year).aggregate(n=Max("number"))["n"]
    return (top or 0) + 1


def _section_unattested(section: Section) -> Section:
    _unsealed(section.meeting)
    locked = Section.objects.select_for_update().get(pk=section.pk)
    if locked.attested_at:
        raise ValidationError("Paragrafen är omedelbart justerad och kan inte ändras.")
    return locked


@transaction.atomic
@_voids_stale_attestations
def section_create(
    meeting: Meeting,
    *,
    title: str = "",
    agenda_item: AgendaItem | None = None,
    decision: str = "",
) -> Section:
    meeting = _unsealed(meeting)
    Body.objects.select_for_update().filter(pk=meeting.body_id).first()  # serialise numbering
    if agenda_item is not None and hasattr(agenda_item, "section"):
        raise ValidationError(f"Punkt {agenda_item.position} har redan en paragraf.")
    title = title or (agenda_item.title if agenda_item else "")
    if not title.strip():
        raise ValidationError({"title": "Paragrafen måste ha en rubrik."})
    section = Section(
        meeting=meeting,
        agenda_item=agenda_item,
        body=meeting.body,
        year=meeting.date.year,
        number=section_number_next(meeting.body, meeting.date.year),
        title=title,
        decision=decision,
    )
    if decision.strip():
        _held_by_now(meeting)
    section.full_clean()
    section.save()
    if decision.strip():
        quorum_validate(section)  # the transaction undoes the § when it is refused
    return section


@transaction.atomic
def sections_create_from_agenda(meeting: Meeting) -> list[Section]:
    """A § for every agenda item that has none yet, in agenda order."""
    return [
        section_create(meeting, agenda_item=item)
        for item in meeting.items.order_by("position")
        if not hasattr(item, "section")
    ]


@transaction.atomic
@_voids_stale_attestations
def section_update(
    section: Section, *, title: str | None = None, decision: str | None = None
) -> Section:
    section = _section_unattested(section)
    if title is not None:
        if not title.strip():
            raise ValidationError({"title": "Paragrafen måste ha en rubrik."})
        section.title = title
    if decision is not None:
        if decision.strip() and decision != section.decision:
            _held_by_now(section.meeting)
            quorum_validate(section)
        section.decision = decision
    section.full_clean()
    section.save()
    return section


def quorum_validate(section: Section) -> None:
    """A decision is made only where the body is quorate: counted at the § from
    arrival, leaving, substitutes and conflicts of interest (selectors.quorum_at)."""
    quorum = quorum_at(section)
    if not quorum.met:
        raise ValidationError(quorum.message)


def participant_validate(section: Section, person: Person, *, what: str) -> None:
    """Only those serving for the item may move, vote or dissent."""
    if person.pk not in serving_persons(section.meeting, section):
        raise ValidationError(
            f"{person} tjänstgör inte vid § {section.number} och kan inte {what}."
        )


@transaction.atomic
@_voids_stale_attestations
def motion_add(section: Section, person: Person, text: str) -> Motion:
    section = _section_unattested(section)
    _held_by_now(section.meeting)
    participant_validate(section, person, what="yrka")
    if not text.strip():
        raise ValidationError({"text": "Yrkandet saknar text."})
    return Motion.objects.create(section=section, person=person, text=text)


def vote_result(
    ballots: dict[Person, str], chair: Person | None, casting: bool
) -> tuple[str, bool]:
    """Yes or no by simple majority; on a tie the chair's vote decides (kommunallagen
    6 kap. 33 §, via 5 kap. 57 §) when the chair has a casting vote."""
    yes = sum(1 for c in ballots.values() if c == Ballot.Choice.YES)
    no = sum(1 for c in ballots.values() if c == Ballot.Choice.NO)
    abstain = len(ballots) - yes - no
    tally = f"{yes} ja, {no} nej, {abstain} avstår"
    if yes != no:
        return (f"{'Ja' if yes > no else 'Nej'} ({tally})", False)
    chair_choice = ballots.get(chair) if chair else None
    if casting and chair_choice in (Ballot.Choice.YES, Ballot.Choice.NO):
        side = "Ja" if chair_choice == Ballot.Choice.YES else "Nej"
        return (f"{side} ({tally}; ordförandens utslagsröst)", True)
    return (f"Lika röstetal ({tally})", False)


@transaction.atomic
@_voids_stale_attestations
def vote_record(
    section: Section,
    *,
    question: str,
    ballots: dict[Person, str],
    yes_means: str = "",
    no_means: str = "",
    chair_has_casting_vote: bool = True,
) -> Vote:
    section = _section_unattested(section)
    _held_by_now(section.meeting)
    if not question.strip():
        raise ValidationError({"question": "Ange propositionen som röstas om."})
    if not ballots:
        raise ValidationError("En omröstning behöver minst en röst.")
    quorum_validate(section)
    for person, choice in ballots.items():
        participant_validate(section, person, what="rösta")
        if choice not in Ballot.Choice.values:
            raise ValidationError(f"Ogiltig röst för {person}: {choice}.")
    result, casting_used = vote_result(ballots, section.meeting.chair, chair_has_casting_vote)
    vote = Vote.objects.create(
        section=section,
        question=question,
        yes_means=yes_means,
        no_means=no_means,
        result=result,
        casting_vote_by_chair=casting_used,
    )
    for p, c in ballots.items():  # one by one, so each ballot is audited and guarded
        Ballot.objects.create(vote=vote, person=p, choice=c)
    return vote


# --- Votes in the room: opened, cast on the members' own devices, closed -----------------


def no_open_vote_validate(meeting_id: int, then: str) -> None:
    """One vote at a time in the room, and nothing moves on while one is open: the
    meeting's open vote is closed or withdrawn first ("…; stäng den {then}")."""
    if Vote.objects.filter(
        section__meeting_id=meeting_id, opened_at__isnull=False, closed_at__isnull=True
    ).exists():
        raise ValidationError(f"En omröstning pågår; stäng den {then}.")


def _open_vote(vote: Vote) -> Vote:
    locked = Vote.objects.select_for_update().select_related("section__meeting").get(pk=vote.pk)
    if locked.opened_at is None or locked.closed_at is not None:
        raise ValidationError("Omröstningen är inte öppen.")
    return locked


@transaction.atomic
@_voids_stale_attestations
def vote_open(section: Section, *, question: str, yes_means: str = "", no_means: str = "") -> Vote:
    """A vote (votering) called in the room: only on a quorate §, one open at a time
    in the meeting; the members then vote on their own devices (ballot_cast)."""
    section = _section_unattested(section)
    _held_by_now(section.meeting)
    if not question.strip():
        raise ValidationError({"question": "Ange propositionen som röstas om."})
    no_open_vote_validate(section.meeting_id, "först")
    quorum_validate(section)
    return Vote.objects.create(
        section=section,
        question=question.strip(),
        yes_means=yes_means.strip(),
        no_means=no_means.strip(),
        opened_at=timezone.now(),
    )


@transaction.atomic
def ballot_cast(vote: Vote, person: Person, choice: str) -> Ballot:
    """A member's vote, from their own device or entered by the secretary: only while the
    vote is open and only by someone serving at the §. Sending it again (a device that
    lost its connection and retries) or changing one's mind before the vote closes
    leaves one ballot, the last."""
    vote = _open_vote(vote)
    if choice not in Ballot.Choice.values:
        raise ValidationError("Välj ja, nej eller avstår.")
    participant_validate(vote.section, person, what="rösta")
    ballot = Ballot.objects.filter(vote=vote, person=person).first()
    if ballot is None:
        return Ballot.objects.create(vote=vote, person=person, choice=choice)
    if ballot.choice != choice:
        ballot.choice = choice
        ballot.save()
    return ballot


@transaction.atomic
@_voids_stale_attestations
def vote_close(vote: Vote, *, chair_has_casting_vote: bool = True) -> Vote:
    """The chair closes the vote: ballots of those no longer serving at the § (they left,
    or a conflict of interest was recorded after they voted) are withdrawn, and the
    result is counted from the rest (vote_result)."""
    vote = _open_vote(vote)
    section = vote.section
    quorum_validate(section)
    serving = serving_persons(section.meeting, section)
    for ballot in list(vote.ballots.select_related("person")):
        if ballot.person_id not in serving:
            ballot.delete()
    ballots = {b.person: b.choice for b in vote.ballots.select_related("person")}
    if not ballots:
        raise ValidationError("Ingen har röstat ännu.")
    vote.result, vote.casting_vote_by_chair = vote_result(
        ballots, section.meeting.chair, chair_has_casting_vote
    )
    vote.closed_at = timezone.now()
    vote.save()
    return vote


@transaction.atomic
@_voids_stale_attestations
def vote_cancel(vote: Vote) -> None:
    """An open vote called by mistake is withdrawn before it is closed: it and its
    ballots go (the audit log keeps them); nothing of it reaches the minutes."""
    vote = _open_vote(vote)
    for ballot in list(vote.ballots.all()):
        ballot.delete()
    vote.delete()


@transaction.atomic
@_voids_stale_attestations
def election_record(section: Section, *, question: str, tally: dict[str, int]) -> Vote:
    """A closed ballot (sluten omröstning) for an election, counted in the room: only the
    votes per candidate are kept, never who voted how. No more ballots than those
    serving; the most votes wins, a tie is decided by lot (kommunallagen 5 kap. 56 §)
    and says so."""
    section = _section_unattested(section)
    _held_by_now(section.meeting)
    if not question.strip():
        raise ValidationError({"question": "Ange vad valet gäller."})
    counts = {name.strip(): n for name, n in tally.items() if name.strip()}
    if not counts or any(n < 0 for n in counts.values()) or not sum(counts.values()):
        raise ValidationError("Ange kandidaterna och deras röster.")
    no_open_vote_validate(section.meeting_id, "först")
    quorum_validate(section)
    serving = len(serving_persons(section.meeting, section))
    if sum(counts.values()) > serving:
        raise ValidationError(
            f"Fler röster ({sum(counts.values())}) än tjänstgörande ledamöter ({serving})."
        )
    result = rules.election_result(counts)
    now = timezone.now()
    return Vote.objects.create(
        section=section,
        question=question.strip(),
        is_secret=True,
        tally=counts,
        result=result,
        opened_at=now,
        closed_at=now,
    )


@transaction.atomic
@_voids_stale_attestations
def dissent_add(section: Section, person: Person, motivation: str = "") -> Dissent:
    section = _section_unattested(section)
    _held_by_now(section.meeting)
    dissent_validate(section, person)
    return Dissent.objects.create(section=section, person=person, motivation=motivation)


def dissent_validate(section: Section, person: Person) -> None:
    """Only someone who took part in the decision and did not support it may dissent
    (rules.dissent_problem: the last vote decides; without a vote, a motion other than
    the decision)."""
    last_vote = (
        section.votes.exclude(opened_at__isnull=False, closed_at__isnull=True)
        .order_by("-id")
        .first()
    )
    vote_facts: tuple[str | None, str | None] | None = None
    if last_vote is not None:
        choices = {b.person_id: b.choice for b in last_vote.ballots.all()}
        chair_id = section.meeting.chair_id
        winner = rules.vote_winner(
            sum(1 for c in choices.values() if c == Ballot.Choice.YES),
            sum(1 for c in choices.values() if c == Ballot.Choice.NO),
            choices.get(chair_id) if chair_id else None,
            last_vote.casting_vote_by_chair,
        )
        vote_facts = (winner, choices.get(person.pk))
    problem = rules.dissent_problem(
        serving=person.pk in serving_persons(section.meeting, section),
        last_vote=vote_facts,
        motions=section.motions.filter(person=person).values_list("text", flat=True),
        decision=section.decision,
    )
    if problem:
        raise ValidationError(
            f"{person} kan inte reservera sig mot beslutet i § {section.number}: {problem}."
        )


@transaction.atomic
@_voids_stale_attestations
def statement_add(section: Section, person: Person, text: str) -> Statement:
    section = _section_unattested(section)
    _held_by_now(section.meeting)
    if not text.strip():
        raise ValidationError({"text": "Protokollsanteckningen saknar text."})
    return Statement.objects.create(section=section, person=person, text=text)


@transaction.atomic
@_voids_stale_attestations
def conflict_record(
    section: Section, person: Person, substitute: Person | None = None
) -> ConflictOfInterest:
    """A member with a conflict of interest takes no part in the item; a substitute of
    the body who is not already serving may serve for this item only."""
    section = _section_unattested(section)
    _held_by_now(section.meeting)
    serving = serving_persons(section.meeting, section)
    if person.pk not in serving:
        raise ValidationError(f"{person} tjänstgör inte vid § {section.number}.")
    if substitute is not None:
        is_substitute = (
            memberships_in_force(section.meeting.date)
            .filter(body=section.body, person=substitute, role=Membership.Role.SUBSTITUTE)
            .exists()
        )
        if not is_substitute:
            raise ValidationError(f"{substitute} är inte ersättare i {section.body.short_name}.")
        if substitute.pk in serving:
            raise ValidationError(f"{substitute} tjänstgör redan.")
    return ConflictOfInterest.objects.create(section=section, person=person, substitute=substitute)


# --- Attestation, sealing and posting ---------------------------------------------------


@transaction.atomic
def attesters_choose(
    meeting: Meeting,
    persons: Iterable[Person],
    *,
    place: str = "",
    date: datetime.date | None = None,
) -> list[Attester]:
    """The meeting chooses its attesters among those present."""
    meeting = _unsealed(meeting)
    if meeting.attestations.filter(voided_at__isnull=True).exists():
        raise ValidationError("Justeringen har börjat; justerarna kan inte bytas.")
    present = set(meeting.attendance.filter(present=True).values_list("person_id", flat=True))
    persons = list(persons)
    if not persons:
        raise ValidationError("Välj minst en justerare.")
    for person in persons:
        if person.pk not in present:
            raise ValidationError(
                f"{person} var inte närvarande och kan inte väljas till justerare."
            )
        if person.pk == meeting.chair_id:
            raise ValidationError(f"{person} är ordförande och justerar redan som sådan.")
    if date is not None:
        problem = rules.attestation_date_problem(
            meeting.date, date, meeting_rules_for(meeting.body).attestation_days
        )
        if problem:
            raise ValidationError({"date": problem})
    meeting.attesters.all().delete()
    meeting.attestation_place = place or meeting.attestation_place
    meeting.attestation_date = date or meeting.attestation_date
    meeting.save()
    return [Attester.objects.create(meeting=meeting, person=p) for p in persons]


def signatories(meeting: Meeting) -> list[Person]:
    """The chair and the chosen attesters sign the minutes."""
    people = [meeting.chair] if meeting.chair else []
    return people + [a.person for a in meeting.attesters.select_related("person")]


def _signer(meeting: Meeting, user: object) -> Person:
    user_pk = getattr(user, "pk", None)
    person = Person.objects.filter(user_id=user_pk).first() if user_pk is not None else None
    if person is None or person not in signatories(meeting):
        raise ValidationError("Du är varken ordförande eller justerare för det här protokollet.")
    return person


def _held(meeting: Meeting) -> None:
    """Minutes are attested after the meeting, never before it has taken place."""
    if meeting.date > timezone.localdate():
        raise ValidationError("Sammanträdet har inte hållits än; protokollet kan inte justeras.")


def _chaired(meeting: Meeting) -> None:
    """The chair signs with the attesters: minutes without a chair are not attested (an
    attester alone would otherwise seal them)."""
    if meeting.chair_id is None:
        raise ValidationError("Sammanträdet har ingen ordförande; ange ordförande före justering.")


def minutes_content_sha256(meeting: Meeting) -> str:
    """The SHA-256 of the minutes' content as a signatory reads it now."""
    from .render import content_sha256, minutes_content

    fresh = Meeting.objects.select_related("body", "chair").get(pk=meeting.pk)
    return content_sha256(minutes_content(fresh))


def section_content_sha256(section: Section) -> str:
    from .render import content_sha256, section_content

    return content_sha256(section_content(Section.objects.get(pk=section.pk)))


def _stale_notify(attestation: Attestation) -> None:
    from django.conf import settings
    from django.core.mail import send_mail

    person = attestation.person
    if not person.email:
        return
    meeting = attestation.meeting
    what = f"§ {attestation.section.number}" if attestation.section_id else "protokollet"  # type: ignore[union-attr]
    send_mail(
        f"Justera igen: {meeting.body.short_name} {meeting.date:%Y-%m-%d}",
        f"{what.capitalize()} från {meeting.body.name}s sammanträde {meeting.date:%Y-%m-%d} "
        f"ändrades efter att du justerade. Din justering gäller inte längre; läs "
        f"protokollet och justera igen.\n",
        settings.DEFAULT_FROM_EMAIL,
        [person.email],
    )


def attestations_void_stale(meeting: Meeting) -> list[Attestation]:
    """A change after an attestation voids it: the signatory attested another text. The
    signatories are told and must attest again."""
    if Meeting.objects.filter(pk=meeting.pk, sealed_at__isnull=False).exists():
        return []  # sealed: final, nothing to void
    # An immediately attested § is final too: its attestations stand.
    valid = list(
        meeting.attestations.filter(voided_at__isnull=True)
        .exclude(section__attested_at__isnull=False)
        .select_related("person", "section")
    )
    if not valid:
        return []
    current = minutes_content_sha256(meeting) if any(a.section_id is None for a in valid) else ""
    voided = []
    for attestation in valid:
        now = (
            section_content_sha256(attestation.section)  # type: ignore[arg-type]
            if attestation.section_id
            else current
        )
        if attestation.content_sha256 == now:
            continue
        attestation.voided_at = timezone.now()
        attestation.voided_reason = "Innehållet ändrades efter justeringen."
        attestation.save()
        _stale_notify(attestation)
        voided.append(attestation)
    return voided


@transaction.atomic
def minutes_attest(meeting: Meeting, user: object, *, content_sha256: str = "") -> Attestation:
    """The chair or an attester, logged in as themselves, attests the minutes they read
    (`content_sha256` is the checksum of the text they were shown); when the last has
    done so the minutes are sealed and posted."""
    meeting = _unsealed(meeting)
    _held(meeting)
    _chaired(meeting)
    if not meeting.attesters.exists():
        raise ValidationError("Justerare är inte valda.")
    if not meeting.sections.exists():
        raise ValidationError("Protokollet har inga paragrafer.")
    person = _signer(meeting, user)
    attestations_void_stale(meeting)
    current = minutes_content_sha256(meeting)
    if content_sha256 != current:
        raise ValidationError(
            "Protokollet har ändrats sedan du läste det (eller du har inte läst det). Läs "
            "protokollet igen och justera sedan."
        )
    if meeting.attestations.filter(
        person=person, section__isnull=True, voided_at__isnull=True
    ).exists():
        raise ValidationError(f"{person} har redan justerat protokollet.")
    attestation = Attestation.objects.create(
        meeting=meeting,
        person=person,
        user=user,  # type: ignore[misc]
        content_sha256=current,
    )
    signed = set(
        meeting.attestations.filter(
            section__isnull=True, voided_at__isnull=True, content_sha256=current
        ).values_list("person_id", flat=True)
    )
    if all(p.pk in signed for p in signatories(meeting)):
        minutes_seal(meeting)
    return attestation


@transaction.atomic
def section_attest_immediately(
    section: Section, user: object, *, content_sha256: str = ""
) -> Attestation:
    """Omedelbar justering of one §: it becomes final (and public) at once."""
    section = _section_unattested(section)
    meeting = section.meeting
    _held(meeting)
    _chaired(meeting)
    if not meeting.attesters.exists():
        raise ValidationError("Justerare är inte valda.")
    person = _signer(meeting, user)
    attestations_void_stale(meeting)
    current = section_content_sha256(section)
    if content_sha256 != current:
        raise ValidationError(
            f"§ {section.number} har ändrats sedan du läste den (eller du har inte läst den). "
            "Läs paragrafen igen och justera sedan."
        )
    if section.attestations.filter(person=person, voided_at__isnull=True).exists():
        raise ValidationError(f"{person} har redan justerat § {section.number}.")
    attestation = Attestation.objects.create(
        meeting=meeting,
        section=section,
        person=person,
        user=user,  # type: ignore[misc]
        content_sha256=current,
    )
    signed = set(
        section.attestations.filter(voided_at__isnull=True, content_sha256=current).values_list(
            "person_id", flat=True
        )
    )
    if all(p.pk in signed for p in signatories(meeting)):
        from .render import section_content

        section.attested_at = timezone.now()
        section_post(section)
        section.save()
        sections_final.send(sender=Section, sections=[section])
        # The attested § is kept as it was attested; its extracts are cut from it.
        content = meeting.sealed_content or {}
        kept = content.setdefault("attested_sections", {})
        kept[str(section.number)] = section_content(section)
        meeting.sealed_content = content
        meeting.save(update_fields=["sealed_content"])
    return attestation


def section_post(section: Section, on: datetime.date | None = None) -> Section:
    """An immediately attested § is posted on the notice board like attested minutes,
    the day it is attested; its appeal period runs from that posting (kommunallagen
    13 kap. 5 §). Saved by the caller, in the same write as its attestation."""
    rules_ = meeting_rules_for(section.meeting.body)
    attested_on = timezone.localdate(section.attested_at) if section.attested_at else None
    on = on or timezone.localdate()
    if attested_on is None:
        raise ValidationError(f"§ {section.number} är inte justerad och anslås inte.")
    problem = rules.posting_date_problem(attested_on, on, rules_.posting_days)
    if problem:
        raise ValidationError(problem)
    section.posted_on = on
    section.appeal_last_day = rules.appeal_period_last_day(on, rules_.appeal_days)
    return section


def _signed(pdf: bytes, *, reason: str) -> bytes:
    """The sealed file signed; a signing certificate that cannot be used stops the
    sealing with a message (nothing is sealed), never a server error."""
    try:
        return archive_pdf.sign(pdf, reason=reason)
    except archive_pdf.SigningError as exc:
        raise ValidationError(
            f"Protokollet kunde inte signeras ({exc}). Inget är låst; be administratören "
            "kontrollera signeringscertifikatet (samverkan signing_certificate)."
        ) from exc


def public_minutes_render(meeting: Meeting) -> None:
    """The public version of sealed minutes, cut from the sealed content: §§ of closed
    items keep only their number. Made at sealing and again when an item's publicity
    changes; the sealed original is never touched."""
    from .render import minutes_pdf

    open_items = set(
        AgendaItem.objects.filter(meeting=meeting, is_public=True).values_list("pk", flat=True)
    )
    if not meeting.sealed_content.get("sections"):
        return  # sealed before the content was kept: the stored public version stands
    closed = any(
        s["agenda_item"] is not None and s["agenda_item"] not in open_items
        for s in meeting.sealed_content["sections"]
    )
    stem = f"protokoll-{meeting.body.slug}-{meeting.date:%Y-%m-%d}"
    if not closed:
        meeting.public_minutes_pdf = ""
        meeting.public_minutes_sha256 = ""
    else:
        pdf = _signed(
            minutes_pdf(
                meeting,
                readable_items=open_items,
                attested_on=timezone.localdate(meeting.sealed_at),
            ),
            reason=f"Offentlig version av justerat protokoll, {meeting.body.name} "
            f"{meeting.date:%Y-%m-%d}",
        )
        meeting.public_minutes_sha256 = hashlib.sha256(pdf).hexdigest()
        meeting.public_minutes_pdf.save(f"{stem}-offentlig.pdf", ContentFile(pdf), save=False)
    meeting.save(update_fields=["public_minutes_pdf", "public_minutes_sha256"])


def minutes_seal(meeting: Meeting) -> Meeting:
    """Keep the attested content, the rendered minutes (PDF/A, signed: PAdES) and the
    SHA-256 of the signed file; from now on nothing changes."""
    from .render import minutes_content, minutes_pdf

    rules_ = meeting_rules_for(meeting.body)
    today = timezone.localdate()
    content = minutes_content(meeting)
    content["attested_sections"] = (meeting.sealed_content or {}).get("attested_sections", {})
    pdf = _signed(
        minutes_pdf(meeting, content=content, attested_on=today),
        reason=f"Justerat protokoll, {meeting.body.name} {meeting.date:%Y-%m-%d}",
    )
    meeting.sealed_content = content
    meeting.minutes_sha256 = hashlib.sha256(pdf).hexdigest()
    stem = f"protokoll-{meeting.body.slug}-{meeting.date:%Y-%m-%d}"
    meeting.minutes_pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    problem = rules.posting_date_problem(today, today, rules_.posting_days)
    if problem:  # posted the day of attestation: always in time; kept as the rule's check
        raise ValidationError(problem)
    meeting.posted_on = today
    meeting.posting_ends_on = rules.appeal_period_last_day(today, rules_.appeal_days)
    meeting.appeal_last_day = meeting.posting_ends_on
    meeting.minutes_kept_at = rules_.minutes_kept_at or meeting.body.secretariat
    meeting.sealed_at = timezone.now()
    meeting.save()
    public_minutes_render(meeting)
    sections_final.send(
        sender=Meeting, sections=list(meeting.sections.select_related("agenda_item__case"))
    )
    return meeting


def attestation_warning(meeting: Meeting, today: datetime.date | None = None) -> str:
    """A warning when attestation is (or will be) later than the body's limit."""
    today = today or timezone.localdate()
    limit = rules.attestation_deadline(
        meeting.date, meeting_rules_for(meeting.body).attestation_days
    )
    attested = timezone.localdate(meeting.sealed_at) if meeting.sealed_at else None
    if attested and attested > limit:
        return f"Protokollet justerades {attested:%Y-%m-%d}, efter sista dag {limit:%Y-%m-%d}."
    if not attested and meeting.date <= today and today > limit:
        return f"Protokollet skulle ha justerats senast {limit:%Y-%m-%d}."
    if not attested and meeting.attestation_date and meeting.attestation_date > limit:
        return (
            f"Planerad justering {meeting.attestation_date:%Y-%m-%d} är senare än sista dag "
            f"{limit:%Y-%m-%d}."
        )
    return ""


# --- Dispatch: the notice and minutes extracts by e-mail --------------------------------


def _send(
    subject: str, body: str, to: list[str], attachments: list[tuple[str, bytes, str]]
) -> None:
    from django.conf import settings
    from django.core.mail import EmailMessage

    for address in to:
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        for name, content, mimetype in attachments:
            message.attach(name, content, mimetype)
        message.send()


@transaction.atomic
def notice_send(meeting: Meeting, *, by: object = None, change: str = "") -> Dispatch:
    """Send the notice to everyone called, with the PDF and an ICS invitation. Sent
    again, it says it is a changed notice (and what changed, `change`); for a cancelled
    meeting whose notice went out, it tells those called that the meeting is cancelled."""
    from django.conf import settings

    from .render import invitation_ics, notice_pdf
    from .selectors import called_to

    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    previously = meeting.notice_sent_at
    cancelled = meeting.cancelled_at is not None
    if cancelled and previously is None:
        raise ValidationError("Sammanträdet är inställt; ingen kallelse skickas.")
    called = called_to(meeting)
    people = [
        m.person
        for m in ([called.chair] if called.chair else []) + called.members + called.substitutes
    ]
    # Members and substitutes receive closed items in full; other invitees the public version.
    members = [(p.name, p.email) for p in people]
    guests = [(g.name, g.email) for g in meeting.guests.all()]
    recipients = members + guests
    if not any(email for _, email in recipients):
        raise ValidationError("Ingen av de kallade har någon e-postadress.")
    missing = [name for name, email in recipients if not email]
    stem = f"kallelse-{meeting.body.slug}-{meeting.date:%Y-%m-%d}"
    end = f"–{meeting.end_time:%H:%M}" if meeting.end_time else ""
    body = (
        f"Du kallas till sammanträde med {meeting.body.name}.\n\n"
        f"Datum: {meeting.date:%Y-%m-%d}, kl. {meeting.start_time:%H:%M}{end}\n"
        f"Plats: {meeting.place}\n\n"
        "Kallelse och föredragningslista finns i den bifogade PDF-filen. "
        "Kalenderinbjudan är bifogad.\n\n"
        f"Sammanträdet och dess handlingar: {site_url(meeting.get_absolute_url())}\n"
        "Kan du inte komma? Logga in och anmäl förhinder på sammanträdets sida.\n"
    )
    subject = f"Kallelse: {meeting.body.short_name} {meeting.date:%Y-%m-%d}"
    if cancelled:
        subject = f"Inställt: {meeting.body.short_name} {meeting.date:%Y-%m-%d}"
        body = (
            f"Sammanträdet med {meeting.body.name} {meeting.date:%Y-%m-%d} kl. "
            f"{meeting.start_time:%H:%M} är inställt.\n"
            + (f"\n{meeting.cancelled_reason}\n" if meeting.cancelled_reason else "")
            + "\nKalenderinbjudan tas bort med den bifogade filen.\n"
        )
    elif previously is not None:
        subject = f"Ändrad kallelse: {meeting.body.short_name} {meeting.date:%Y-%m-%d}"
        body = (
            f"Kallelsen är ändrad sedan den skickades {timezone.localtime(previously):%Y-%m-%d}."
            + (f" {change}" if change else "")
            + "\n\n"
            + body
        )
    # The record first, the mail after: a refused write sends nothing. Every sending,
    # a re-sending too, is a Dispatch (audited); a sealed meeting keeps the date of its
    # notice as attested.
    if meeting.sealed_at is None and not cancelled:
        meeting.notice_sent_at = timezone.now()
        meeting.save()
    lines = [f"{name} <{email}>" for name, email in recipients if email]
    lines += [f"{name} (ingen e-postadress – skickas på annat sätt)" for name in missing]
    dispatch = Dispatch.objects.create(
        meeting=meeting,
        kind=Dispatch.Kind.NOTICE,
        recipients="\n".join(lines),
        sent_by=by if getattr(by, "pk", None) else None,  # type: ignore[misc]
    )
    from samverkan.access.policy import PUBLIC, member_of

    for group, audience in ((members, member_of(meeting.body_id)), (guests, PUBLIC)):
        public = audience is PUBLIC
        to = [email for _, email in group if email]
        if not to:
            continue
        ics = invitation_ics(
            meeting, organizer=settings.DEFAULT_FROM_EMAIL, attendees=to, public=public
        )
        if cancelled:
            _send(subject, body, to, [(f"{stem}.ics", ics, "text/calendar; method=CANCEL")])
            continue
        pdf = notice_pdf(meeting, audience)
        _send(
            subject,
            body,
            to,
            [
                (f"{stem}.pdf", pdf, "application/pdf"),
                (f"{stem}.ics", ics, "text/calendar; method=REQUEST"),
            ],
        )
    return dispatch


@transaction.atomic
def extract_send(meeting: Meeting, numbers: Iterable[int], *, by: object = None) -> Dispatch:
    """Send extracts of attested §§, cut from the attested content, each § to the
    recipients on its own dispatch list as attested (selectors.extract_recipients, the
    list the secretary previewed): a recipient gets the §§ meant for it, a § without a
    list goes to nobody."""
    from .render import extract_pdf
    from .selectors import extract_recipients, sealed_sections

    plan = extract_recipients(meeting, numbers)
    if not any(s.recipients for s in plan):
        raise ValidationError(
            "Ingen av paragraferna har någon expediering angiven (”Expedieras till”); "
            "inget utdrag skickas."
        )
    per_address: dict[str, list[int]] = {}
    for s in plan:
        for r in s.recipients:
            if r.email and s.number not in per_address.setdefault(r.email, []):
                per_address[r.email].append(s.number)
    if not per_address:
        raise ValidationError(
            "Ingen mottagare på sändlistorna har en känd e-postadress. Ange ”Namn <adress>” "
            "eller registrera partens e-postadress."
        )

    def numbers_text(wanted: Iterable[int]) -> str:
        return ", ".join(f"§ {n}" for n in wanted)

    stem = f"protokollsutdrag-{meeting.body.slug}-{meeting.date:%Y-%m-%d}"
    by_cut: dict[tuple[int, ...], list[str]] = {}
    for address, numbers_for in per_address.items():
        by_cut.setdefault(tuple(sorted(numbers_for)), []).append(address)
    for wanted, addresses in by_cut.items():
        cut = sealed_sections(meeting, wanted)
        pdf = extract_pdf(meeting, cut.sections, certified_sha256=cut.certified_sha256)
        text = numbers_text(wanted)
        _send(
            f"Protokollsutdrag {meeting.body.short_name} {meeting.date:%Y-%m-%d} {text}",
            f"Protokollsutdrag ur {meeting.body.name}s protokoll {meeting.date:%Y-%m-%d}, "
            f"{text}, bifogas.\n",
            addresses,
            [(f"{stem}.pdf", pdf, "application/pdf")],
        )
    sent = [s for s in plan if s.recipients]
    lines: list[str] = []
    for s in sent:
        where = f" ({numbers_text([s.number])})" if len(sent) > 1 else ""
        for r in s.recipients:
            if r.email:
                who = r.label if "<" in r.label else f"{r.label} <{r.email}>"
            else:
                who = f"{r.label} (ingen e-postadress – skickas på annat sätt)"
            lines.append(f"{who}{where}")
    return Dispatch.objects.create(
        meeting=meeting,
        kind=Dispatch.Kind.EXTRACT,
        sections=numbers_text(s.number for s in sent),
        recipients="\n".join(lines),
        sent_by=by if getattr(by, "pk", None) else None,  # type: ignore[misc]
    )


@transaction.atomic
def supporting_document_add(
    item: AgendaItem,
    *,
    title: str,
    upload: object = None,
    by: object = None,
    confidentiality_ground: str = "",
) -> SupportingDocument:
    """A supporting document goes into the one document store (versions, SHA-256, type
    sniffed from the content, confidentiality with its ground) and the item links it."""
    from samverkan.documents.services import document_create

    _unsealed(item.meeting)
    if not title.strip():
        raise ValidationError({"title": "Beslutsunderlaget måste ha en titel."})
    data = None
    filename = ""
    if upload is not None:
        upload.seek(0)  # type: ignore[attr-defined]
        data = upload.read()  # type: ignore[attr-defined]
        filename = getattr(upload, "name", "") or "handling.pdf"
    document = document_create(
        title=title,
        data=data,
        filename=filename,
        by=by,
        confidentiality_ground=confidentiality_ground,
    )
    position = (item.documents.aggregate(n=Max("position"))["n"] or 0) + 1
    return SupportingDocument.objects.create(agenda_item=item, document=document, position=position)


@transaction.atomic
@_voids_stale_attestations
def agenda_item_case_set(item: AgendaItem, case: object) -> AgendaItem:
    """Link the item to its case (a real reference: a Case, never a typed number)."""
    _unsealed(item.meeting)
    item = AgendaItem.objects.get(pk=item.pk)
    item.case = case  # type: ignore[assignment]
    item.full_clean()
    item.save()
    return item


# --- Notices of absence and calling substitutes -----------------------------------------


def absence_reporter_validate(
    meeting: Meeting, person: Person, now: datetime.datetime | None = None
) -> None:
    """Only someone called to the meeting (a member or substitute of the body on the
    day), before it is held, reports absence."""
    from .selectors import called_to

    if Meeting.objects.filter(pk=meeting.pk, sealed_at__isnull=False).exists():
        raise ValidationError(SEALED)
    if not meeting_is_upcoming(meeting, now):
        raise ValidationError("Sammanträdet har redan börjat; förhinder anmäls inte längre här.")
    called = called_to(meeting)
    seats = ([called.chair] if called.chair else []) + called.members + called.substitutes
    if person.pk not in {m.person_id for m in seats}:
        raise ValidationError(f"{person} är inte kallad till sammanträdet.")


@transaction.atomic
def absence_report(
    meeting: Meeting,
    person: Person,
    *,
    by: object = None,
    note: str = "",
    now: datetime.datetime | None = None,
) -> AbsenceNotice:
    """A called member or substitute reports that they cannot come (anmälan om
    förhinder); the secretary then calls the next substitute (`substitute_call`).
    `now` is the moment of reporting (a generator of history passes its own)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    absence_reporter_validate(meeting, person, now)
    if AbsenceNotice.objects.filter(meeting=meeting, person=person).exists():
        raise ValidationError(f"{person} har redan anmält förhinder till sammanträdet.")
    notice = AbsenceNotice(
        meeting=meeting,
        person=person,
        note=note.strip(),
        reported_by=by if getattr(by, "pk", None) else None,  # type: ignore[misc]
    )
    notice.full_clean()
    notice.save()
    return notice


@transaction.atomic
def substitute_call(
    notice: AbsenceNotice, *, by: object = None, now: datetime.datetime | None = None
) -> AbsenceNotice:
    """Call the next substitute in order for a member who reported absence: the member
    is recorded absent, the substitute as serving in the member's place, and the
    substitute gets the notice by e-mail."""
    from .selectors import substitute_next

    notice = AbsenceNotice.objects.select_for_update().select_related("person").get(pk=notice.pk)
    meeting = _unsealed(notice.meeting)
    if not meeting_is_upcoming(meeting, now):
        raise ValidationError("Sammanträdet har redan börjat; registrera närvaron i stället.")
    member = notice.person
    is_member = (
        memberships_in_force(meeting.date)
        .filter(body=meeting.body, person=member, role__in=Membership.VOTING_ROLES)
        .exists()
    )
    if not is_member:
        raise ValidationError(f"{member} är inte ledamot; ingen ersättare kallas i hens ställe.")
    if notice.substitute_id:
        raise ValidationError(f"{notice.substitute} är redan kallad i {member}s ställe.")
    chosen = substitute_next(meeting, member)
    if chosen is None:
        raise ValidationError(f"Det finns ingen ersättare kvar att kalla för {member}.")
    substitute = chosen.person
    # Before the meeting, as the notice of absence and the call itself: not the
    # attendance the secretary records at the meeting (attendance_record).
    _attendance_save(
        meeting,
        member,
        capacity=Attendance.Capacity.MEMBER,
        present=False,
        note="Anmält förhinder",
    )
    _attendance_save(
        meeting,
        substitute,
        capacity=Attendance.Capacity.SUBSTITUTE,
        replaces=member,
        note=f"Kallad i {member}s ställe",
    )
    notice.substitute = substitute
    notice.substitute_called_at = now or timezone.now()
    notice.save()
    if substitute.email:
        end = f"–{meeting.end_time:%H:%M}" if meeting.end_time else ""
        url = site_url(meeting.get_absolute_url())
        _send(
            f"Du kallas att tjänstgöra: {meeting.body.short_name} {meeting.date:%Y-%m-%d}",
            f"{member} har anmält förhinder till sammanträdet med {meeting.body.name}, "
            f"och du kallas att tjänstgöra i hens ställe enligt ersättarordningen.\n\n"
            f"Datum: {meeting.date:%Y-%m-%d}, kl. {meeting.start_time:%H:%M}{end}\n"
            f"Plats: {meeting.place}\n\n"
            f"Kallelsen och handlingarna finns på sammanträdets sida: {url}\n",
            [substitute.email],
            [],
        )
    Dispatch.objects.create(
        meeting=meeting,
        kind=Dispatch.Kind.NOTICE,
        recipients=(
            f"{substitute} <{substitute.email}> (ersättare för {member})"
            if substitute.email
            else f"{substitute} (ingen e-postadress – kallas på annat sätt; ersättare för {member})"
        ),
        sent_by=by if getattr(by, "pk", None) else None,  # type: ignore[misc]
    )
    return notice


# --- The secretary's plan: series, moving and cancelling --------------------------------


@transaction.atomic
def meeting_series_create(
    *,
    body: Body,
    days: Iterable[datetime.date],
    start_time: datetime.time,
    end_time: datetime.time | None = None,
    place: str = "",
) -> list[Meeting]:
    """Plan a series of meetings at once (the days from rules.series_dates). All or
    none: a day the body cannot meet refuses the whole series, naming the day."""
    days = sorted(set(days))
    if not days:
        raise ValidationError("Regeln ger inga datum att lägga in.")
    created = []
    for day in days:
        try:
            created.append(
                meeting_create(
                    body=body, date=day, start_time=start_time, end_time=end_time, place=place
                )
            )
        except ValidationError as exc:
            raise ValidationError(f"{day:%Y-%m-%d}: {' '.join(exc.messages)}") from exc
    return created


def _not_cancelled(meeting: Meeting) -> None:
    if meeting.cancelled_at is not None:
        raise ValidationError("Sammanträdet är inställt.")


def _nothing_held_recorded(meeting: Meeting, what: str) -> None:
    """A meeting with attendance or decisions recorded has been held: it is not moved.
    Draft §§ made from the agenda before the day, the notices of absence and the
    substitutes called in advance are no sign of that; they follow the meeting."""
    called_in_advance = set(meeting.absence_notices.values_list("person_id", flat=True)) | set(
        meeting.absence_notices.exclude(substitute=None).values_list("substitute_id", flat=True)
    )
    attendance = meeting.attendance.exclude(person_id__in=called_in_advance)
    decided = meeting.sections.filter(
        ~Q(decision="")
        | Q(attested_at__isnull=False)
        | Q(motions__isnull=False)
        | Q(votes__isnull=False)
        | Q(dissents__isnull=False)
        | Q(statements__isnull=False)
        | Q(conflicts__isnull=False)
    )
    if attendance.exists() or decided.exists():
        raise ValidationError(
            f"Sammanträdet har närvaro eller beslut i protokollet och kan inte {what}."
        )


def _sections_follow(meeting: Meeting, from_year: int) -> None:
    """Draft §§ moved into another year take that year's next numbers (§§ are numbered
    per body and calendar year)."""
    year = meeting.date.year
    if year == from_year:
        return
    Body.objects.select_for_update().filter(pk=meeting.body_id).first()  # serialise numbering
    for section in meeting.sections.order_by("number"):
        section.year, section.number = year, section_number_next(meeting.body, year)
        section.save()


def _without_minutes(meeting: Meeting, what: str) -> None:
    """A meeting with §§ in its minutes has been held: it is not moved or cancelled."""
    if meeting.sections.exists():
        raise ValidationError(f"Sammanträdet har paragrafer i protokollet och kan inte {what}.")


def _when(day: datetime.date, start: datetime.time, end: datetime.time | None, place: str) -> str:
    span = f"{start:%H:%M}" + (f"–{end:%H:%M}" if end else "")
    return f"{day:%Y-%m-%d} kl. {span}" + (f", {place}" if place else "")


def _tell_those_called(meeting: Meeting, *, by: object, change: str = "") -> None:
    """Those who got the notice get the news by the notice's own path; a meeting whose
    called have no e-mail address is still moved or cancelled (the secretary tells
    them another way)."""
    if meeting.notice_sent_at is None:
        return
    with contextlib.suppress(ValidationError):
        notice_send(meeting, by=by, change=change)


@transaction.atomic
def meeting_move(
    meeting: Meeting,
    *,
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time | None = None,
    place: str = "",
    by: object = None,
) -> Meeting:
    """A new day, time or place (audited with the meeting). When the notice has gone out,
    those called get a changed notice that says what moved, with a new invitation."""
    meeting = _unsealed(meeting)
    _not_cancelled(meeting)
    _nothing_held_recorded(meeting, "flyttas")
    before = (meeting.date, meeting.start_time, meeting.end_time, meeting.place)
    after = (date, start_time, end_time, place or meeting.place)
    if after == before:
        raise ValidationError("Ange en ny dag, tid eller plats.")
    meeting.date, meeting.start_time, meeting.end_time, meeting.place = after
    meeting_validate(meeting)
    meeting.full_clean()
    _sections_follow(meeting, from_year=before[0].year)
    meeting.rescheduled_at = timezone.now()
    meeting.save()
    _tell_those_called(
        meeting,
        by=by,
        change=f"Sammanträdet är flyttat från {_when(*before)} till {_when(*after)}.",
    )
    return meeting


@transaction.atomic
def meeting_cancel(meeting: Meeting, *, reason: str = "", by: object = None) -> Meeting:
    """Cancel a meeting: it stays in the plan as "Inställt" (never deleted, its notice
    is a public record) and those who got the notice are told, with a cancellation of
    the calendar invitation."""
    meeting = _unsealed(meeting)
    _not_cancelled(meeting)
    _without_minutes(meeting, "ställas in")
    meeting.cancelled_at = timezone.now()
    meeting.cancelled_reason = reason.strip()
    meeting.full_clean()
    meeting.save()
    _tell_those_called(meeting, by=by)
    return meeting


# --- Others present (övriga närvarande) -------------------------------------------------


@transaction.atomic
def guest_add(
    meeting: Meeting, *, name: str, role: str = "", email: str = "", present: bool = True
) -> Guest:
    """Someone neither member nor substitute: a presenter, a guest, an official."""
    meeting = _unsealed(meeting)
    if not name.strip():
        raise ValidationError({"name": "Ange ett namn."})
    guest = Guest(
        meeting=meeting, name=name.strip(), role=role.strip(), email=email, present=present
    )
    guest.full_clean()
    guest.save()
    return guest


@transaction.atomic
@_voids_stale_attestations
def others_present_record(
    meeting: Meeting, *, persons: dict[Person, str], guests_present: Iterable[int]
) -> None:
    """Övriga närvarande in the minutes: persons (officials, the secretary) with their
    role, and which of the meeting's guests were there. Whoever is not named is no
    longer among the others present."""
    meeting = _unsealed(meeting)
    _held_by_now(meeting)
    keep = {p.pk for p in persons}
    for a in Attendance.objects.filter(meeting=meeting, capacity=Attendance.Capacity.OTHER):
        if a.person_id not in keep:
            a.delete()
    for person, role in persons.items():
        seat = Attendance.objects.filter(meeting=meeting, person=person).first()
        if seat is not None and seat.capacity != Attendance.Capacity.OTHER:
            raise ValidationError(f"{person} är redan med som ledamot eller ersättare.")
        attendance_record(meeting, person, capacity=Attendance.Capacity.OTHER, note=role.strip())
    wanted = set(guests_present)
    for guest in meeting.guests.all():
        if guest.present != (guest.pk in wanted):
            guest.present = guest.pk in wanted
            guest.save()


# --- Correction of an obvious error in attested minutes ---------------------------------


def _plain(html_text: str) -> str:
    import html
    import re

    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html_text)).split())


@transaction.atomic
def minutes_correction_propose(
    meeting: Meeting,
    *,
    section_number: int | None,
    wrong_text: str,
    corrected_text: str,
    reason: str,
    by: object = None,
) -> MinutesCorrection:
    """Propose a correction of an obvious error (rättelse av uppenbar felskrivning) in
    sealed minutes: the wrong wording must stand in the sealed text of that § (or the
    head), and the sealed text itself is never touched."""
    meeting = Meeting.objects.get(pk=meeting.pk)
    if meeting.sealed_at is None:
        raise ValidationError("Protokollet är inte justerat; ändra utkastet i stället.")
    wrong, right, why = wrong_text.strip(), corrected_text.strip(), reason.strip()
    if not (wrong and right and why):
        raise ValidationError("Ange vad som står, vad som ska stå och skälet till rättelsen.")
    if " ".join(wrong.split()) == " ".join(right.split()):
        raise ValidationError("Den rättade texten är densamma som den som står.")
    content = meeting.sealed_content or {}
    if section_number is None:
        sealed_text = _plain(content.get("head", ""))
    else:
        part = next((s for s in content.get("sections", []) if s["number"] == section_number), None)
        if part is None:
            raise ValidationError(f"§ {section_number} finns inte i det justerade protokollet.")
        sealed_text = _plain(part["html"])
    if " ".join(wrong.split()) not in sealed_text:
        where = f"§ {section_number}" if section_number is not None else "protokollets huvud"
        raise ValidationError(f"Texten ”{wrong}” står inte i {where} i det justerade protokollet.")
    correction = MinutesCorrection(
        meeting=meeting,
        section_number=section_number,
        wrong_text=wrong,
        corrected_text=right,
        reason=why,
        proposed_by=by if getattr(by, "pk", None) else None,  # type: ignore[misc]
    )
    correction.full_clean()
    correction.save()
    return correction


def correction_content_sha256(correction: MinutesCorrection) -> str:
    """The SHA-256 of the correction as a signatory reads it."""
    import json

    canonical = json.dumps(
        {
            "meeting": correction.meeting_id,
            "section": correction.section_number,
            "wrong": correction.wrong_text,
            "corrected": correction.corrected_text,
            "reason": correction.reason,
        },
        sort_keys=True,
        ensure_ascii=False,
    ).encode()
    return hashlib.sha256(canonical).hexdigest()


@transaction.atomic
def minutes_correction_attest(
    correction: MinutesCorrection, user: object, *, content_sha256: str = ""
) -> MinutesCorrectionSignature:
    """The chair and the attesters of the minutes attest the correction they read, as
    they attested the minutes; when the last has signed, it is valid and shown with the
    minutes."""
    correction = MinutesCorrection.objects.select_for_update().get(pk=correction.pk)
    if correction.attested_at is not None:
        raise ValidationError("Rättelsen är redan justerad.")
    meeting = correction.meeting
    person = _signer(meeting, user)
    current = correction_content_sha256(correction)
    if content_sha256 != current:
        raise ValidationError("Rättelsen är inte den du läste. Läs den igen och justera sedan.")
    if correction.signatures.filter(person=person).exists():
        raise ValidationError(f"{person} har redan justerat rättelsen.")
    signature = MinutesCorrectionSignature.objects.create(
        correction=correction,
        person=person,
        user=user,  # type: ignore[misc]
        content_sha256=current,
    )
    signed = set(correction.signatures.values_list("person_id", flat=True))
    if all(p.pk in signed for p in signatories(meeting)):
        correction.attested_at = timezone.now()
        correction.save()
    return signature


# --- The body's meeting rules -------------------------------------------------------------


def meeting_rules_validate(rules_: MeetingRules) -> None:
    """A fixed quorum is at least one member and no more than the body's seats today."""
    minimum = rules_.quorum_minimum
    if minimum is None:
        return
    seats = (
        memberships_in_force(timezone.localdate())
        .filter(body=rules_.body, role__in=Membership.VOTING_ROLES)
        .count()
    )
    if minimum < 1:
        raise ValidationError({"quorum_minimum": "Ange minst en ledamot, eller lämna tomt."})
    if seats and minimum > seats:
        raise ValidationError(
            {
                "quorum_minimum": (
                    f"{rules_.body.short_name} har {seats} ledamöter; fler än så kan inte "
                    "krävas för beslutförhet."
                )
            }
        )


@transaction.atomic
def meeting_rules_save(body: Body, **fields: object) -> MeetingRules:
    """The body's secretary keeps the body's own periods and quorum (audited)."""
    rules_ = MeetingRules.objects.select_for_update().filter(body=body).first() or MeetingRules(
        body=body
    )
    for key, value in fields.items():
        setattr(rules_, key, value)
    meeting_rules_validate(rules_)
    rules_.full_clean()
    rules_.save()
    return rules_
