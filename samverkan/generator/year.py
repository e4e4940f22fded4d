"""A year of the fictional collaboration as a timeline of service calls, each run at its
moment on the simulated clock: the meeting plan, cases registered with their documents,
agendas with supporting documents, notices, absences with substitutes called, the
meetings held (attendance, §§, motions, votes, dissents, conflicts of interest),
attestation by the signatories' own accounts, posting, extracts, recommendations and the
parties' answers. What would happen on or after `as_of` does not happen: those meetings
stay planned (with their agendas once the cases are due)."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from samverkan.audit.context import acting_as
from samverkan.cases import services as cases
from samverkan.cases.models import Case, Decision, PartyResponse
from samverkan.documents.services import document_create
from samverkan.meetings import rules
from samverkan.meetings import services as meetings
from samverkan.meetings.models import AgendaItem, Attendance, Ballot, Meeting, Section
from samverkan.meetings.selectors import serving_persons, substitute_next
from samverkan.structure.models import Membership, Person

from .clock import Clock
from .preparing import preparation_events
from .script import (
    CASES,
    CONFLICT,
    INFORMATION,
    PARTIES,
    RECOMMEND,
    SCHEDULE,
    SECRETARIAT,
    STATEMENT,
    VOTE,
    CaseSpec,
    Slot,
    Step,
)
from .world import DEMO_NOTE, PSA, SOURCE, BodyView, World

OPPOSITION = {"M", "KD", "L", "SD"}


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    day = first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return rules.next_working_day(day)


def last_psa_meeting_before(years: list[int], as_of: datetime.date) -> datetime.date | None:
    """The last PSA meeting of the plan held before `as_of`: its minutes are left waiting
    for the last attester, so the demo always has minutes to attest."""
    days = [
        nth_weekday(year, slot.month, slot.weekday, slot.nth)
        for year in years
        for slot in SCHEDULE
        if slot.body == PSA
    ]
    return max((d for d in days if d < as_of), default=None)


def working_day_before(day: datetime.date) -> datetime.date:
    while not rules.is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute))


def _fill(text: str, year: int) -> str:
    return text.format(year=year, prev=year - 2, next=year + 1, next3=year + 3)


def _txt(title: str, text: str) -> bytes:
    return (
        f"{title}\n\n{text}\n\nPåhittad exempelhandling (Exempellänet). Innehållet beskriver "
        "inga verkliga personer.\n"
    ).encode()


@dataclass(order=True)
class Event:
    at: datetime.datetime
    seq: int
    label: str = field(compare=False)
    run: Callable[[], None] = field(compare=False)


@dataclass
class Planned:
    """A meeting of the plan and what was drawn for it."""

    slot: Slot
    day: datetime.date
    view: BodyView
    absent: list[Person] = field(default_factory=list)
    attest_day: datetime.date | None = None
    info: list[str] = field(default_factory=list)
    steps: list[tuple[CaseSpec, Step]] = field(default_factory=list)
    meeting: Meeting | None = None
    items: dict[str, AgendaItem] = field(default_factory=dict)  # case key → item


class Year:
    def __init__(
        self,
        world: World,
        year: int,
        rng: random.Random,
        clock: Clock,
        as_of: datetime.date,
        awaiting: datetime.date | None = None,
    ) -> None:
        self.world = world
        self.year = year
        self.rng = rng
        self.clock = clock
        self.as_of = as_of
        # The day of the PSA meeting whose minutes wait for its last attester: left for a
        # visitor to attest with the attester's demo account (see `last_psa_meeting_before`).
        self.awaiting = awaiting
        self.events: list[Event] = []
        self.cases: dict[str, Case] = {}
        self.planned: list[Planned] = []
        # (body, month) of case steps that reach the agenda through preparation.
        self.prepared: set[tuple[str, int]] = set()

    # --- Building the timeline ----------------------------------------------------------

    def add(self, at: datetime.datetime, label: str, run: Callable[[], None]) -> None:
        self.events.append(Event(at, len(self.events), label, run))

    def timeline(self) -> list[Event]:
        """Every event of the year, drawn in one order whatever `as_of` is; only those
        before `as_of` run."""
        y = self.year
        for slot in SCHEDULE:
            view = self.world.bodies[slot.body]
            p = Planned(slot, nth_weekday(y, slot.month, slot.weekday, slot.nth), view)
            p.info = [_fill(t, y) for t in self.rng.sample(INFORMATION[slot.body], 1)]
            # Attested some days after the meeting, within the body's period.
            latest = working_day_before(
                p.day + datetime.timedelta(days=view.rules.attestation_days)
            )
            drawn = p.day + datetime.timedelta(days=self.rng.randint(6, 10))
            p.attest_day = min(rules.next_working_day(drawn), latest)
            # Members other than the chair and the attesters may be kept away.
            keep = {view.chair.pk if view.chair else None} | {a.pk for a in view.attesters}
            absent = [
                m.person
                for m in view.members
                if m.person.pk not in keep and self.rng.random() < 0.18
            ]
            # Never so many that the body lacks a quorum (a substitute may be missing).
            p.absent = absent[: 2 if view.substitutes else 1]
            self.planned.append(p)
        for spec in CASES:
            for step in spec.steps:
                p = next(
                    x
                    for x in self.planned
                    if (x.slot.body, x.slot.month) == (step.body, step.month)
                )
                p.steps.append((spec, step))
        self.add(_at(datetime.date(y - 1, 11, 20), 9), "Sammanträdesplan", self.plan)
        for spec in CASES:
            self.case_events(spec)
        self.prepared = preparation_events(self)
        for p in self.planned:
            self.meeting_events(p)
        return sorted(self.events)

    def case_events(self, spec: CaseSpec) -> None:
        y = self.year
        registered = rules.next_working_day(datetime.date(y, *spec.registered))
        self.add(
            _at(registered, 8, 30),
            f"Registrera {spec.key}",
            lambda: self.register(spec, registered),
        )
        for entry in spec.entries:
            day = rules.next_working_day(datetime.date(y, entry.month, entry.day))
            self.add(_at(day, 9), f"Diarieför {spec.key}", partial(self.entry, spec, entry, day))

    def meeting_events(self, p: Planned) -> None:
        rules_ = p.view.rules
        agenda_day = working_day_before(p.day - datetime.timedelta(days=rules_.cases_ready_days))
        notice_day = working_day_before(p.day - datetime.timedelta(days=rules_.notice_days + 2))
        label = f"{p.view.spec.short_name} {p.day:%Y-%m-%d}"
        self.add(_at(agenda_day, 10), f"Dagordning {label}", lambda: self.agenda(p))
        for spec, step in p.steps:
            if step.late:  # after the day for cases, before the notice (script.Step.late)
                late_day = working_day_before(notice_day - datetime.timedelta(days=3))
                self.add(
                    _at(late_day, 10),
                    f"Sent ärende {label}",
                    partial(self.case_item_add, p, spec, step),
                )
        self.add(_at(notice_day, 8, 30), f"Kallelse {label}", lambda: self.notice(p))
        for n, person in enumerate(p.absent):
            when = _at(working_day_before(p.day - datetime.timedelta(days=1 + n % 3)), 16)
            self.add(when, f"Förhinder {label}", partial(self.absence, p, person))
        start = datetime.datetime.combine(p.day, p.slot.start)
        self.add(start, f"Sammanträde {label}", lambda: self.hold(p))
        assert p.attest_day is not None
        self.add(_at(p.attest_day, 10), f"Justering {label}", lambda: self.attest(p))
        self.add(_at(p.attest_day, 14), f"Protokollsutdrag {label}", lambda: self.extracts(p))
        for spec, step in p.steps:
            if RECOMMEND in step.extras and spec.recommendation is not None:
                issued = rules.next_working_day(p.attest_day + datetime.timedelta(days=1))
                self.add(
                    _at(issued, 9),
                    f"Rekommendation {spec.key}",
                    partial(self.recommend, p, spec, issued),
                )
                for index, status, after in spec.recommendation.answers:
                    answered = rules.next_working_day(issued + datetime.timedelta(days=after))
                    self.add(
                        _at(answered, 11),
                        f"Svar {spec.key}",
                        partial(self.answer, spec, index, status, answered),
                    )

    # --- Running it ---------------------------------------------------------------------

    def run(self, events: list[Event], progress: Callable[[str], None] | None = None) -> int:
        ran = 0
        for event in events:
            if event.at.date() >= self.as_of:
                continue
            self.clock.set(event.at.date(), event.at.time())
            with acting_as(self.world.secretary_user, "generator"):
                event.run()
            ran += 1
            if progress:
                progress(event.label)
        return ran

    def secretary_of(self, p: Planned) -> Any:
        return p.view.secretary.user or self.world.secretary_user

    def plan(self) -> None:
        """The year's meeting plan, made the autumn before."""
        for p in self.planned:
            p.meeting = meetings.meeting_create(
                body=p.view.body,
                date=p.day,
                start_time=p.slot.start,
                end_time=p.slot.end,
                place=p.view.rules.default_place,
                is_demo=True,
                source=SOURCE,
            )

    def register(self, spec: CaseSpec, day: datetime.date) -> None:
        self.cases[spec.key] = cases.case_register(
            series=self.world.series,
            title=_fill(spec.title, self.year),
            registered_on=day,
            case_type=self.world.case_types.get(spec.case_type),
            case_officer=self.world.official if spec.officer else None,
            description=_fill(spec.description, self.year),
            is_demo=True,
            source=SOURCE,
        )

    def entry(self, spec: CaseSpec, entry: Any, day: datetime.date) -> None:
        by = self.world.secretary_user
        document = document_create(
            title=entry.document,
            data=_txt(entry.document, entry.text),
            filename=f"{spec.key}-{day:%Y%m%d}.txt",
            by=by,
            confidentiality_ground=entry.ground,
            is_demo=True,
        )
        cases.registry_entry_add(
            self.cases[spec.key],
            date=day,
            direction=entry.direction,
            description=entry.description,
            counterpart=entry.counterpart,
            document=document,
            counterpart_protected=entry.protect_counterpart,
            description_protected=entry.protect_description,
            confidentiality_ground=entry.ground,
            by=by,
            is_demo=True,
        )

    def _dispatch(self, step: Step) -> str:
        if step.dispatch == PARTIES:
            return "\n".join(p.name for p in self.world.parties)
        if step.dispatch == SECRETARIAT:
            return f"Samverkanskansliet <samverkan@{self.world.names.domain}>"
        return ""

    def agenda(self, p: Planned) -> None:
        """The agenda on the body's day for cases to be ready."""
        meeting = p.meeting
        assert meeting is not None
        lead = self.world.official
        for spec, step in p.steps:
            if (step.body, step.month) in self.prepared or step.late:
                continue  # placed from preparation (preparing.py), or late on purpose
            self.case_item_add(p, spec, step)
        for title in p.info:
            meetings.agenda_item_add(
                meeting,
                title=title,
                description="Muntlig information.",
                proposed_decision="Informationen noteras.",
                presenters=f"{lead.name}, {lead.title.lower()}",
            )

    def case_item_add(self, p: Planned, spec: CaseSpec, step: Step) -> None:
        """The case's item with its supporting document."""
        meeting = p.meeting
        assert meeting is not None
        by = self.secretary_of(p)
        lead = self.world.official
        case = self.cases[spec.key]
        item = meetings.agenda_item_add(
            meeting,
            title=case.title,
            description=_fill(step.description, self.year),
            proposed_decision=_fill(step.proposed, self.year),
            dispatch_to=self._dispatch(step),
            presenters=f"{lead.name}, {lead.title.lower()}",
            is_public=not step.closed_ground,
            confidentiality_ground=step.closed_ground,
        )
        title = f"{step.document}: {case.title}"
        meetings.supporting_document_add(
            item,
            title=title,
            upload=SimpleUploadedFile(
                f"{spec.key}-{p.day:%Y%m%d}.txt",
                _txt(title, _fill(step.description, self.year)),
                "text/plain",
            ),
            by=by,
            confidentiality_ground=step.closed_ground,
        )
        self.case_item_link(p, spec.key, item)

    def case_item_link(self, p: Planned, key: str, item: AgendaItem) -> None:
        """The case is handled at the item: a handling in the body, the item's case."""
        spec = next(c for c in CASES if c.key == key)
        step = next(s for s in spec.steps if (s.body, s.month) == (p.slot.body, p.slot.month))
        cases.handling_add(
            self.cases[key],
            body=p.view.body,
            kind=step.kind,
            date=p.day,
            agenda_item=item,
            summary=_fill(step.description, self.year),
            is_demo=True,
            demo_note=DEMO_NOTE,
        )
        p.items[key] = item

    def notice(self, p: Planned) -> None:
        assert p.meeting is not None
        meetings.notice_send(p.meeting, by=self.secretary_of(p))

    def absence(self, p: Planned, person: Person) -> None:
        assert p.meeting is not None
        notice = meetings.absence_report(p.meeting, person, by=person.user, note="Annat uppdrag")
        # The secretary calls the next substitute in order, when there is one left.
        if substitute_next(p.meeting, person) is not None:
            meetings.substitute_call(notice, by=self.secretary_of(p))

    def hold(self, p: Planned) -> None:
        meeting = p.meeting
        assert meeting is not None
        view = p.view
        recorded = set(
            Attendance.objects.filter(meeting=meeting).values_list("person_id", flat=True)
        )
        for m in view.members:
            if m.person.pk in recorded:
                continue
            meetings.attendance_record(
                meeting,
                m.person,
                capacity=Attendance.Capacity.MEMBER,
                present=m.person not in p.absent,
            )
        others = {view.secretary: "Sekreterare"}
        if view.spec.key != "sre":
            others[self.world.official] = self.world.official.title
        meetings.others_present_record(meeting, persons=others, guests_present=[])
        sections = meetings.sections_create_from_agenda(meeting)
        attesters = self._attesters(p)
        by_item = {s.agenda_item_id: s for s in sections}
        for item in meeting.items.order_by("position"):
            section = by_item[item.pk]
            meetings.section_update(section, decision=self._decision(item, attesters))
        for spec, step in p.steps:
            section = by_item[p.items[spec.key].pk]
            if CONFLICT in step.extras:
                self._conflict(p, section)
            if VOTE in step.extras:
                self._vote(p, section, spec)
            if STATEMENT in step.extras:
                self._statement(p, section)
        meetings.attesters_choose(
            meeting, attesters, place=view.rules.default_place, date=p.attest_day
        )

    def _attesters(self, p: Planned) -> list[Person]:
        return p.view.attesters[: p.view.spec.attesters]

    def _decision(self, item: AgendaItem, attesters: list[Person]) -> str:
        if item.kind == AgendaItem.Kind.ATTESTERS:
            names = " och ".join(a.name for a in attesters)
            return f"Att jämte ordföranden justera protokollet utses {names}."
        if item.kind == AgendaItem.Kind.APPROVE_AGENDA:
            return "Föredragningslistan fastställs."
        if item.kind == AgendaItem.Kind.OTHER_BUSINESS:
            return "Inga övriga frågor anmäldes."
        return item.proposed_decision

    def _serving_members(self, p: Planned, section: Section) -> list[Membership]:
        """Seats whose holder or substitute serves at the §, in the body's order."""
        serving = serving_persons(section.meeting, section)
        seats = p.view.members + p.view.substitutes
        return [m for m in seats if m.person.pk in serving]

    def _conflict(self, p: Planned, section: Section) -> None:
        """A member sits on the board of one of the bidders: they take no part in the §
        and a substitute who does not serve already serves for it."""
        serving = serving_persons(section.meeting)
        chair = p.view.chair.pk if p.view.chair else None
        attesters = {a.pk for a in self._attesters(p)}
        candidates = [
            m.person
            for m in p.view.members
            if m.person.pk in serving and m.person.pk not in attesters | {chair}
        ]
        free = [m.person for m in p.view.substitutes if m.person.pk not in serving]
        if not candidates:
            return
        member = candidates[-1]
        meetings.conflict_record(section, member, free[0] if free else None)
        meetings.statement_add(
            section,
            member,
            "Anmäler jäv på grund av styrelseuppdrag hos en anbudsgivare och deltar inte i "
            "handläggningen.",
        )

    def _vote(self, p: Planned, section: Section, spec: CaseSpec) -> None:
        """A member of the opposition moves to reject; the § is decided by vote and the
        mover dissents."""
        seats = self._serving_members(p, section)
        chair = p.view.chair
        opposition = [m for m in seats if m.party_letters in OPPOSITION and m.person != chair]
        mover_seat = opposition[0] if opposition else next(m for m in seats if m.person != chair)
        mover = mover_seat.person
        against = [mover.pk] + [m.person.pk for m in opposition[1:] if m.person != mover]
        # Keep a majority for the proposal.
        while len(against) * 2 >= len(seats) and len(against) > 1:
            against.pop()
        if chair is not None:
            meetings.motion_add(section, chair, "Bifall till förslaget.")
        meetings.motion_add(section, mover, spec.extra_text.get("motion", "Avslag på förslaget."))
        meetings.vote_record(
            section,
            question="Bifall till förslaget mot avslag",
            yes_means="Bifall till förslaget",
            no_means="Avslag",
            ballots={
                m.person: (Ballot.Choice.NO if m.person.pk in against else Ballot.Choice.YES)
                for m in seats
            },
        )
        meetings.dissent_add(
            section,
            mover,
            spec.extra_text.get(
                "dissent", "Förslaget borde ha återremitterats för en bättre konsekvensanalys."
            ),
        )

    def _statement(self, p: Planned, section: Section) -> None:
        seats = self._serving_members(p, section)
        person = seats[-1].person
        meetings.statement_add(
            section,
            person,
            "Kommunerna behöver stöd för att följa upp strategins mål lokalt.",
        )

    def attest(self, p: Planned) -> None:
        meeting = p.meeting
        assert meeting is not None and p.attest_day is not None
        signers = [meeting.chair, *self._attesters(p)]
        if p.slot.body == PSA and p.day == self.awaiting:
            signers = signers[:-1]  # the last attester has not attested yet
        for n, person in enumerate(signers):
            if person is None or person.user is None:
                continue
            self.clock.set(p.attest_day, datetime.time(10, 15 * n))
            with acting_as(person.user, "generator"):
                fresh = Meeting.objects.get(pk=meeting.pk)
                meetings.minutes_attest(
                    fresh, person.user, content_sha256=meetings.minutes_content_sha256(fresh)
                )

    def extracts(self, p: Planned) -> None:
        meeting = Meeting.objects.get(pk=p.meeting.pk) if p.meeting else None
        if meeting is None or meeting.sealed_at is None:
            return
        numbers = [
            s.number
            for s in meeting.sections.select_related("agenda_item")
            if s.agenda_item is not None
            and s.agenda_item.is_public
            and s.agenda_item.case_id is not None
            and s.agenda_item.dispatch_list
        ]
        if numbers:
            meetings.extract_send(meeting, numbers, by=self.secretary_of(p))

    def recommend(self, p: Planned, spec: CaseSpec, day: datetime.date) -> None:
        rec = spec.recommendation
        item = p.items.get(spec.key)
        if rec is None or item is None:
            return
        decision = Decision.objects.filter(section__agenda_item=item).first()
        if decision is None:  # the minutes are not attested yet
            return
        years, month, dom = rec.answer_by
        cases.recommendation_issue(
            self.cases[spec.key],
            title=rec.title,
            text=_fill(rec.text, self.year),
            parties=self.world.parties,
            decision=decision,
            proposed_by=p.view.body.name,
            issued_on=day,
            answer_by=datetime.date(self.year + years, month, dom),
            is_demo=True,
            demo_note=DEMO_NOTE,
            notify=True,
        )

    def answer(self, spec: CaseSpec, index: int, status: str, day: datetime.date) -> None:
        case = self.cases.get(spec.key)
        party = self.world.parties[index]
        response = PartyResponse.objects.filter(recommendation__case=case, party=party).first()
        if response is None:
            return
        body = "Regionfullmäktige" if index == 0 else "Kommunfullmäktige"
        number = 20 + (day.toordinal() + 17 * index) % 150
        cases.party_response_record(
            response,
            status=status,
            decision_reference=f"{party.short_name}, {body.lower()} {day:%Y-%m-%d} § {number}",
            decided_on=day,
            note=""
            if status != PartyResponse.Status.ADOPTED_WITH_CHANGES
            else ("Antagen med tillägg om lokala rutiner för kallelse."),
        )
