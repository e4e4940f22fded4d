"""The structure of one fictional collaboration: its region and six municipalities, four
bodies with their participation, terms, members and substitutes, secretaries, reporting
lines, meeting rules, a case series with its case types, and log-in accounts for the
people a visitor wants to try (secretary, official, chair, member, substitute).

Everything is written through the structure, meetings and cases services; a row that
exists already is left alone, so a second run writes nothing. What a year needs is read
back from the database (`world_load`), so a later year can be added to a collaboration
made by an earlier run."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from samverkan.accounts.models import Role, User
from samverkan.accounts.services import user_create
from samverkan.cases import services as cases
from samverkan.cases.models import CaseSeries, CaseType
from samverkan.meetings.models import MeetingRules
from samverkan.structure import services as structure
from samverkan.structure.models import (
    Body,
    Collaboration,
    Membership,
    Participation,
    Party,
    Person,
    ReportingLine,
    SupportFunction,
    Term,
)

from .names import MUNICIPALITIES, REGION, NameSource, email_for, person_slug, seeded

DEMO_NOTE = "Påhittad exempeldata (Exempellänet): inga verkliga personer eller beslut."
SOURCE = "samverkan generate"

# --- Who the collaboration is ------------------------------------------------------------


@dataclass(frozen=True)
class Names:
    """The names of collaboration number `index` (1 is Exempellänet)."""

    index: int

    @property
    def suffix(self) -> str:
        return "" if self.index == 1 else f" {self.index}"

    @property
    def name(self) -> str:
        return f"Exempellänet{self.suffix}"

    @property
    def slug(self) -> str:
        return "exempellanet" if self.index == 1 else f"exempellanet-{self.index}"

    @property
    def key(self) -> str:
        """Prefix of user names and person slugs, and the mail domain's label."""
        return "exempel" if self.index == 1 else f"exempel{self.index}"

    @property
    def domain(self) -> str:
        return f"{self.key}.invalid"

    def slug_of(self, stem: str) -> str:
        """Slugs of parties and bodies: plain in Exempellänet (they differ from the seeds'),
        numbered in the others so a slug names one row in the whole installation."""
        return stem if self.index == 1 else f"{stem}-{self.index}"

    @property
    def series_code(self) -> str:
        """EX, EXA, EXB, … (letters only, as the case number's pattern wants)."""
        n, letters = self.index - 1, ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            letters = chr(ord("A") + r) + letters
        return f"EX{letters}"


def term_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """Swedish terms of office run four calendar years from the year after an election
    (2023–2026, 2027–2030, …)."""
    start = year - (year - 2023) % 4
    return datetime.date(start, 1, 1), datetime.date(start + 3, 12, 31)


# --- The bodies ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BodySpec:
    key: str
    name: str
    short_name: str
    kind: str
    decision_power: str
    mandate: str
    composition: str
    meetings_per_year: int
    meeting_rhythm: str
    # Seats per party: region first, then the municipalities in order (0: none).
    seats: tuple[int, ...]
    substitutes: tuple[int, ...]
    political: bool
    place: str
    attesters: int
    rules: dict[str, int] = field(default_factory=dict)


PSA = "psa"
TPA = "tpa"
AGBU = "agbu"
SRE = "sre"

BODIES = (
    BodySpec(
        key=PSA,
        name="Politiska samverkansarenan",
        short_name="PSA",
        kind=Body.Kind.POLITICAL_ARENA,
        decision_power=Body.DecisionPower.RECOMMENDATION,
        mandate=(
            "Gemensam politisk riktning, prioritering och uppföljning av samverkan inom "
            "hälso- och sjukvård, socialtjänst och skola. Beslutar om rekommendationer "
            "till parterna."
        ),
        composition="Två ledamöter från regionen och en från varje kommun, med ersättare.",
        meetings_per_year=5,
        meeting_rhythm="Torsdagar i mars, juni, september, november och december",
        seats=(2, 1, 1, 1, 1, 1, 1),
        substitutes=(2, 1, 1, 1, 1, 1, 1),
        political=True,
        place="Regionhuset, sal Ekorren, Norrby",
        attesters=2,
        rules={"notice_days": 7, "attestation_days": 14, "posting_days": 2},
    ),
    BodySpec(
        key=TPA,
        name="Tjänstepersonsarenan",
        short_name="TPA",
        kind=Body.Kind.OFFICIALS_ARENA,
        decision_power=Body.DecisionPower.CONSULTATION,
        mandate=(
            "Strategisk beredning av ärenden till Politiska samverkansarenan, samordning "
            "och stöd i genomförandet hos parterna."
        ),
        composition="Förvaltningschefer: två från regionen och en från varje kommun.",
        meetings_per_year=5,
        meeting_rhythm="Torsdagar förmiddag, fem gånger per år",
        seats=(2, 1, 1, 1, 1, 1, 1),
        substitutes=(1, 1, 1, 1, 0, 0, 0),
        political=False,
        place="Kommunhuset, rum Lärkan, Söderås",
        attesters=1,
        rules={"notice_days": 7, "attestation_days": 10, "posting_days": 2},
    ),
    BodySpec(
        key=AGBU,
        name="Arbetsgruppen för barn och unga",
        short_name="AGBU",
        kind=Body.Kind.WORKING_GROUP,
        decision_power=Body.DecisionPower.INFORMATION,
        mandate="Bereder ärenden om barn och unga till Tjänstepersonsarenan.",
        composition="Sakkunniga tjänstepersoner från regionen och fyra kommuner.",
        meetings_per_year=4,
        meeting_rhythm="Tisdagar eftermiddag, fyra gånger per år",
        seats=(2, 1, 1, 1, 1, 0, 0),
        substitutes=(0, 0, 0, 0, 0, 0, 0),
        political=False,
        place="Digitalt möte (Teams)",
        attesters=1,
        rules={"notice_days": 5, "attestation_days": 14, "posting_days": 2},
    ),
    BodySpec(
        key=SRE,
        name="Samverkansrådet Region Exempel",
        short_name="SRE",
        kind=Body.Kind.COUNCIL,
        decision_power=Body.DecisionPower.CONSULTATION,
        mandate=(
            "Information, samråd och dialog mellan regionen och kommunerna. Rådet har "
            "inget beslutsmandat."
        ),
        composition="Tre ledamöter utsedda av regionen och en av varje kommun, med ersättare.",
        meetings_per_year=4,
        meeting_rhythm="Måndagar förmiddag, fyra gånger per år",
        seats=(3, 1, 1, 1, 1, 1, 1),
        substitutes=(3, 1, 1, 1, 1, 1, 1),
        political=True,
        place="Regionhuset, sal Ekorren, Norrby",
        attesters=1,
        rules={"notice_days": 7, "attestation_days": 14, "posting_days": 2},
    ),
)
BODY_SPECS = {spec.key: spec for spec in BODIES}

REPORTING_LINES = (
    (AGBU, TPA, "Förslag och lägesrapporter om barn och unga", "Inför varje sammanträde"),
    (TPA, PSA, "Beredda ärenden med förslag till beslut", "Inför varje sammanträde"),
    (PSA, SRE, "Årlig rapport om samverkans arbete", "En gång per år"),
)

CASE_TYPES = (
    (
        "Rekommendation till parterna",
        ((AGBU, "Beredning"), (TPA, "Förslag till beslut"), (PSA, "Beslut om rekommendation")),
    ),
    ("Uppföljning", ((TPA, "Beredning"), (PSA, "Beslut"))),
    ("Samråd", ((SRE, "Samråd"),)),
    ("Samordning i enskilt ärende", ((TPA, "Samordning"),)),
    ("Gemensam upphandling", ((TPA, "Beredning"), (PSA, "Beslut"))),
)

# Party letters of the political bodies, drawn with these weights.
PARTY_LETTERS = ("S", "S", "S", "M", "M", "C", "C", "V", "KD", "L", "MP", "SD")

OFFICIAL_TITLES = {
    TPA: (
        "Hälso- och sjukvårdsdirektör",
        "Socialchef",
        "Skolchef",
        "Förvaltningschef, vård och omsorg",
    ),
    AGBU: ("Utvecklingsledare", "Verksamhetschef, elevhälsa", "Enhetschef, BUP", "Socionom"),
}

# Accounts that log in: (label, what the table says).
SECRETARY = "sekreterare"
SECRETARY_COUNCIL = "sekreterare-rad"
OFFICIAL = "tjansteperson"
CHAIR = "ordforande"
MEMBER = "ledamot"
MEMBER_2 = "ledamot2"
SUBSTITUTE = "ersattare"
CALLED_SUBSTITUTE = "ersattare-kallad"
SUBSTITUTE_TO_CALL = "ersattare-kallas"


def term_label(term_start: datetime.date) -> str:
    """The suffix of a term's seat accounts: none for the first demo term, the start year
    for later ones (exempel-ledamot-2027)."""
    return "" if term_start.year <= 2026 else f"-{term_start.year}"


# --- What a year reads back ---------------------------------------------------------------


@dataclass
class BodyView:
    body: Body
    spec: BodySpec
    chair: Person | None
    members: list[Membership]  # voting seats, chair first
    substitutes: list[Membership]  # in substitute order
    attesters: list[Person]  # members with an account, not the chair
    secretary: Person
    rules: MeetingRules


@dataclass
class World:
    names: Names
    collaboration: Collaboration
    region: Party
    parties: list[Party]  # region first
    bodies: dict[str, BodyView]
    series: CaseSeries
    case_types: dict[str, CaseType]
    official: Person
    secretary_user: Any
    users: dict[str, Any] = field(default_factory=dict)

    @property
    def municipalities(self) -> list[Party]:
        return self.parties[1:]


# --- Creating it --------------------------------------------------------------------------


def _provenance(obj: Any) -> Any:
    obj.is_demo = True
    obj.demo_note = DEMO_NOTE
    obj.source = SOURCE
    return obj


def collaboration_ensure(names: Names) -> tuple[Collaboration, bool]:
    """The collaboration's root row, and whether it was made now. The one place that
    knows how a collaboration is made (the root model is new)."""
    existing = Collaboration.objects.filter(slug=names.slug).first()
    if existing is not None:
        return existing, False
    created = structure.collaboration_create(
        name=names.name,
        short_name=names.name,
        slug=names.slug,
        description=(
            "En påhittad samverkan mellan Region Exempel och sex kommuner, för att visa "
            "allt plattformen gör. Personer, ärenden och beslut är påhittade."
        ),
        contact_email=f"samverkan@{names.domain}",
        is_demo=True,
        demo_note=DEMO_NOTE,
        sort_order=1000 + names.index,
    )
    return created, True


def _parties(collab: Collaboration, names: Names) -> list[Party]:
    out = []
    for order, (name, short, stem) in enumerate((REGION, *MUNICIPALITIES), start=1):
        slug = names.slug_of(stem)
        party = Party.objects.filter(collaboration=collab, slug=slug).first()
        if party is None:
            kind = Party.Kind.REGION if order == 1 else Party.Kind.MUNICIPALITY
            party = structure.party_save(
                _provenance(
                    Party(
                        collaboration=collab,
                        name=name,
                        short_name=short,
                        slug=slug,
                        kind=kind,
                        email=f"registrator@{stem}.{names.domain}",
                        sort_order=order,
                    )
                )
            )
        out.append(party)
    return out


def _body(collab: Collaboration, names: Names, spec: BodySpec, founded: datetime.date) -> Body:
    slug = names.slug_of(spec.key)
    body = Body.objects.filter(collaboration=collab, slug=slug).first()
    if body is not None:
        return body
    order = [s.key for s in BODIES].index(spec.key) + 1
    return structure.body_save(
        _provenance(
            Body(
                collaboration=collab,
                name=spec.name,
                short_name=spec.short_name,
                slug=slug,
                kind=spec.kind,
                decision_power=spec.decision_power,
                mandate=spec.mandate,
                composition=spec.composition,
                secretariat="Samverkanskansliet, Region Exempel",
                meetings_per_year=spec.meetings_per_year,
                meeting_rhythm=spec.meeting_rhythm,
                founded_on=founded,
                founded_by="Överenskommelse om samverkan mellan parterna i Exempellänet",
                sort_order=order,
            )
        )
    )


def _meeting_rules(body: Body, spec: BodySpec) -> MeetingRules:
    """A body's own periods (no service writes them yet: saved whole, audited)."""
    rules = MeetingRules.objects.filter(body=body).first()
    if rules is None:
        rules = MeetingRules(
            body=body,
            default_place=spec.place,
            minutes_kept_at="Samverkanskansliet, Region Exempel",
            **spec.rules,
        )
        rules.full_clean()
        rules.save()
    return rules


def _person(
    names: Names,
    source: NameSource,
    *,
    party: Party | None,
    title: str = "",
) -> Person:
    name = source.next()
    stem = party.slug.removesuffix(f"-{names.index}") if party else "kansliet"
    return structure.person_save(
        _provenance(
            Person(
                name=name,
                slug=person_slug(name, names.key),
                title=title,
                email=email_for(name, f"{stem}.{names.domain}"),
            )
        )
    )


def _account(person: Person, username: str, password: str, roles: list[Role]) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        first, _, last = person.name.partition(" ")
        user = user_create(
            username=username,
            password=password,
            roles=roles,
            first_name=first,
            last_name=last,
            email=person.email,
        )
    if person.user_id != user.pk:
        person.user = user
        structure.person_save(person)
    return user


def _membership(**fields: Any) -> Membership:
    return structure.membership_save(_provenance(Membership(**fields)))


def _staff(
    collab: Collaboration,
    names: Names,
    source: NameSource,
    bodies: dict[str, Body],
    founded: datetime.date,
    password: str,
) -> None:
    """The secretariat and the collaboration lead: employed, not elected, so their
    places run from the bodies' founding without a term."""
    secretary = _person(names, source, party=None, title="Nämndsekreterare, samverkanskansliet")
    council_secretary = _person(names, source, party=None, title="Sekreterare, regionkansliet")
    lead = _person(names, source, party=None, title="Samverkansledare")
    for key in (PSA, TPA, AGBU):
        _membership(
            person=secretary, body=bodies[key], role=Membership.Role.SECRETARY, start=founded
        )
    _membership(
        person=council_secretary, body=bodies[SRE], role=Membership.Role.SECRETARY, start=founded
    )
    for key in (PSA, TPA):
        _membership(
            person=lead, body=bodies[key], role=Membership.Role.COLLABORATION_LEAD, start=founded
        )
    _membership(person=lead, body=bodies[AGBU], role=Membership.Role.COORDINATOR, start=founded)
    _account(secretary, f"{names.key}-{SECRETARY}", password, [Role.SECRETARY])
    _account(council_secretary, f"{names.key}-{SECRETARY_COUNCIL}", password, [Role.SECRETARY])
    _account(lead, f"{names.key}-{OFFICIAL}", password, [Role.OFFICIAL])


def _term_seats(
    names: Names,
    rng: random.Random,
    source: NameSource,
    term: Term,
    parties: list[Party],
    bodies: dict[str, Body],
    password: str,
) -> None:
    """Members and substitutes of every body for one term, with chairs, vice chairs,
    party letters and the substitute order; accounts for the chair and the attesters."""
    label = term_label(term.start)
    for spec in BODIES:
        body = bodies[spec.key]
        position = 0
        seats: list[tuple[Party, str]] = []
        for party, n in zip(parties, spec.seats, strict=True):
            seats += [(party, _letters(rng, spec)) for _ in range(n)]
        subs: list[tuple[Party, str]] = []
        for party, n in zip(parties, spec.substitutes, strict=True):
            subs += [(party, _letters(rng, spec)) for _ in range(n)]
        persons = []
        for i, (party, letters) in enumerate(seats):
            role = (
                Membership.Role.CHAIR
                if i == 0
                else Membership.Role.VICE_CHAIR
                if i == spec.seats[0]  # the first municipality's member
                else Membership.Role.MEMBER
            )
            title = _title(rng, spec, party)
            person = _person(names, source, party=party, title=title)
            position += 1
            _membership(
                person=person,
                body=body,
                role=role,
                party=party,
                party_letters=letters,
                term=term,
                position=position,
            )
            persons.append(person)
        for order, (party, letters) in enumerate(subs, start=1):
            person = _person(names, source, party=party, title=_title(rng, spec, party))
            position += 1
            _membership(
                person=person,
                body=body,
                role=Membership.Role.SUBSTITUTE,
                party=party,
                party_letters=letters,
                substitute_order=order,
                term=term,
                position=position,
            )
            if spec.key == PSA and order == 1:
                _account(person, f"{names.key}-{SUBSTITUTE}{label}", password, [Role.MEMBER])
        chair, others = persons[0], persons[1:]
        # Attesters: members (not the chair or vice chair) from the municipalities.
        attesters = [p for p in others[spec.seats[0] :]][: spec.attesters]
        if spec.key == PSA:
            _account(chair, f"{names.key}-{CHAIR}{label}", password, [Role.MEMBER])
            for n, person in enumerate(attesters):
                which = MEMBER if n == 0 else MEMBER_2
                _account(person, f"{names.key}-{which}{label}", password, [Role.MEMBER])
        else:
            _account(chair, f"{names.key}-{CHAIR}-{spec.key}{label}", password, [Role.MEMBER])
            for n, person in enumerate(attesters, start=1):
                _account(
                    person, f"{names.key}-justerare{n}-{spec.key}{label}", password, [Role.MEMBER]
                )


def _letters(rng: random.Random, spec: BodySpec) -> str:
    return rng.choice(PARTY_LETTERS) if spec.political else ""


def _title(rng: random.Random, spec: BodySpec, party: Party) -> str:
    if spec.political:
        return "Regionråd" if party.kind == Party.Kind.REGION else "Kommunalråd"
    return f"{rng.choice(OFFICIAL_TITLES[spec.key])}, {party.short_name}"


def _series(collab: Collaboration, names: Names, region: Party, bodies: dict[str, Body]) -> None:
    series = CaseSeries.objects.filter(collaboration=collab, code=names.series_code).first()
    if series is None:
        # No service writes a series yet: saved whole, audited.
        series = CaseSeries(
            collaboration=collab,
            code=names.series_code,
            name="Samverkan i Exempellänet",
            organisation=region,
        )
        series.full_clean()
        series.save()
    for name, steps in CASE_TYPES:
        if CaseType.objects.filter(series=series, name=name).exists():
            continue
        case_type = cases.case_type_save(CaseType(name=name, series=series))
        cases.case_type_flow_set(case_type, [(bodies[key], purpose) for key, purpose in steps])


@transaction.atomic
def world_ensure(
    names: Names, *, seed: int, years: list[int], password: str, excluded: frozenset[str]
) -> bool:
    """Make what is missing of the collaboration's structure for the years; True when
    anything was made."""
    collab, made = collaboration_ensure(names)
    first_term_start, _ = term_bounds(min(years))
    founded = first_term_start
    parties = _parties(collab, names)
    bodies = {spec.key: _body(collab, names, spec, founded) for spec in BODIES}
    for spec in BODIES:
        participations = {p.party_id for p in Participation.objects.filter(body=bodies[spec.key])}
        for party, seats in zip(parties, spec.seats, strict=True):
            if seats and party.pk not in participations:
                structure.participation_save(
                    _provenance(Participation(body=bodies[spec.key], party=party, seats=seats))
                )
        _meeting_rules(bodies[spec.key], spec)
    existing_lines = {
        (line.from_body_id, line.to_body_id)
        for line in ReportingLine.objects.filter(from_body__in=bodies.values())
    }
    for src, dst, subject, frequency in REPORTING_LINES:
        if (bodies[src].pk, bodies[dst].pk) not in existing_lines:
            structure.reporting_line_save(
                _provenance(
                    ReportingLine(
                        from_body=bodies[src],
                        to_body=bodies[dst],
                        subject=subject,
                        frequency=frequency,
                    )
                )
            )
    if not SupportFunction.objects.filter(body=bodies[PSA]).exists():
        structure.support_function_save(
            _provenance(
                SupportFunction(
                    body=bodies[PSA],
                    kind=SupportFunction.Kind.COLLABORATION_LEAD,
                    name="Samverkansledare",
                    description="Leder och samordnar samverkan; föredrar ärenden i PSA och TPA.",
                )
            )
        )
        structure.support_function_save(
            _provenance(
                SupportFunction(
                    body=bodies[PSA],
                    kind=SupportFunction.Kind.SECRETARIAT,
                    name="Samverkanskansliet",
                    description="Sekretariat för PSA, TPA och arbetsgrupperna.",
                )
            )
        )
    source = NameSource(seeded(seed, names.index, "namn"), excluded)
    # Names already given keep their owners: a later term draws past them.
    source.used |= set(
        Person.objects.filter(memberships__body__in=bodies.values()).values_list("name", flat=True)
    )
    if not Membership.objects.filter(body=bodies[PSA], role=Membership.Role.SECRETARY).exists():
        _staff(collab, names, source, bodies, founded, password)
        made = True
    for start in sorted({term_bounds(y)[0] for y in years}):
        term_start, term_end = term_bounds(start.year)
        name = f"Mandatperiod {term_start.year}–{term_end.year}"
        term = Term.objects.filter(collaboration=collab, name=name).first()
        if term is None:
            term = structure.term_save(
                _provenance(Term(collaboration=collab, name=name, start=term_start, end=term_end))
            )
        if not Membership.objects.filter(body=bodies[PSA], term=term).exists():
            rng = seeded(seed, names.index, "mandat", term_start.year)
            _term_seats(names, rng, source, term, parties, bodies, password)
            made = True
    _series(collab, names, parties[0], bodies)
    return made


def called_substitute_account(names: Names, password: str) -> User | None:
    """The substitute called most recently to a PSA meeting logs in too, to see the call
    from their side (the notice, Mina sammanträden). Made after the years, since who is
    called follows from the absences drawn; none when nobody was called."""
    from samverkan.meetings.models import AbsenceNotice

    notice = (
        AbsenceNotice.objects.filter(
            meeting__body__collaboration__slug=names.slug,
            meeting__body__slug=names.slug_of(PSA),
            substitute__isnull=False,
        )
        .select_related("substitute__user")
        .order_by("-meeting__date", "-substitute_called_at")
        .first()
    )
    if notice is None or notice.substitute is None:
        return None
    if notice.substitute.user is not None:
        return notice.substitute.user  # already has an account (e.g. the first substitute)
    return _account(notice.substitute, f"{names.key}-{CALLED_SUBSTITUTE}", password, [Role.MEMBER])


def substitute_to_call_account(
    names: Names, password: str, on: datetime.date
) -> tuple[Person, str] | None:
    """The substitute the secretary calls ("kalla ersättare") when the demo member
    (exempel-ledamot) reports absence for the next PSA meeting from `on`: the one
    `substitute_next` gives, so a visitor can follow the call to the end. They log in
    as exempel-ersattare-kallas unless they have an account already. Returns the person
    and what to try; None when no PSA meeting lies ahead or no substitute is left."""
    from samverkan.meetings.models import Meeting
    from samverkan.meetings.selectors import substitute_next

    meeting = (
        Meeting.objects.filter(
            body__collaboration__slug=names.slug,
            body__slug=names.slug_of(PSA),
            date__gte=on,
            cancelled_at__isnull=True,
            sections__isnull=True,
        )
        .select_related("body")
        .order_by("date", "start_time")
        .first()
    )
    if meeting is None:
        return None
    member_name = f"{names.key}-{MEMBER}{term_label(term_bounds(meeting.date.year)[0])}"
    member = Person.objects.filter(user__username=member_name).first()
    seat = substitute_next(meeting, member) if member is not None else None
    if seat is None:
        return None
    person = seat.person
    if person.user is None:
        username = f"{names.key}-{SUBSTITUTE_TO_CALL}"
        earlier = Person.objects.filter(user__username=username).exclude(pk=person.pk).first()
        if earlier is not None:
            # A run on a later day: the account moves to whoever is next in line now.
            user = earlier.user
            assert user is not None
            earlier.user = None
            structure.person_save(earlier)
            user.first_name, _, user.last_name = person.name.partition(" ")
            user.email = person.email
            user.save(update_fields=["first_name", "last_name", "email"])
        _account(person, username, password, [Role.MEMBER])
    return person, (
        f"kallas när {member_name} anmäler förhinder till "
        f"{meeting.body.short_name} {meeting.date:%Y-%m-%d}"
    )


# --- Reading it back ----------------------------------------------------------------------


def world_load(names: Names, on: datetime.date) -> World:
    """The collaboration as it stands on a day: who chairs, sits, substitutes and keeps
    the minutes of each body."""
    from samverkan.structure.selectors import memberships_in_force

    collab = Collaboration.objects.get(slug=names.slug)
    parties = list(Party.objects.filter(collaboration=collab).order_by("sort_order"))
    views: dict[str, BodyView] = {}
    official = None
    secretary_user = None
    for spec in BODIES:
        body = Body.objects.get(collaboration=collab, slug=names.slug_of(spec.key))
        held = list(
            memberships_in_force(on)
            .filter(body=body)
            .select_related("person__user", "party")
            .order_by("position", "pk")
        )
        voting = [m for m in held if m.role in Membership.VOTING_ROLES]
        chair = next((m.person for m in voting if m.role == Membership.Role.CHAIR), None)
        voting.sort(key=lambda m: (m.role != Membership.Role.CHAIR, m.position))
        subs = sorted(
            (m for m in held if m.role == Membership.Role.SUBSTITUTE),
            key=lambda m: (m.substitute_order or 0, m.position),
        )
        attesters = [
            m.person
            for m in voting
            if m.role == Membership.Role.MEMBER and m.person.user_id is not None
        ]
        secretary = next(m.person for m in held if m.role == Membership.Role.SECRETARY)
        if spec.key == PSA:
            official = next(m.person for m in held if m.role == Membership.Role.COLLABORATION_LEAD)
            secretary_user = secretary.user
        views[spec.key] = BodyView(
            body=body,
            spec=spec,
            chair=chair,
            members=voting,
            substitutes=subs,
            attesters=attesters,
            secretary=secretary,
            rules=MeetingRules.objects.get(body=body),
        )
    series = CaseSeries.objects.get(collaboration=collab, code=names.series_code)
    if secretary_user is not None and not series.registrars.filter(pk=secretary_user.pk).exists():
        series.registrars.add(secretary_user)  # the secretariat keeps the registry
    case_types = {t.name: t for t in CaseType.objects.filter(series=series)}
    assert official is not None
    return World(
        names=names,
        collaboration=collab,
        region=parties[0],
        parties=parties,
        bodies=views,
        series=series,
        case_types=case_types,
        official=official,
        secretary_user=secretary_user,
    )
