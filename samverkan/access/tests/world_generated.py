"""Generated canary worlds for the property-based canary tests (test_canary_property*.py).

Hypothesis draws a `Spec`: a case with registry entries (public, with confidential parts
– a protected description or counterpart – or with a wholly secret document), and
meetings of the home body or of another body, planned, held with draft minutes or
sealed, whose items are open or closed (or closed or opened after the sealing), with
supporting documents (none, public or wholly secret; PDF, Word or text; registered in
the case or not), handled in the case or not, with a § decision (in the draft, attested
at once, or sealed), a decision on the case and a recommendation to a party.
`world_add` writes it through the services on top of a base world (the access tests'
world, or the generator's Exempellänet: `Cast` names the same roles in each), planting
a canary marker in every text, each with the roles that may read it.

`check` writes a drawn world, fetches every surface that could show it as each role
asked for, sends the notices by mail, looks for the markers and rolls it all back.

Who may read what is worked out here from the rules as policy.py's docstring states
them (insiders of the meeting's body, the draft's readers, the case's confidential
readers), never by asking the policy: the test compares the two."""

from __future__ import annotations

import datetime
import io
import itertools
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import strategies as st

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.api.services import token_create
from samverkan.cases import services as cases
from samverkan.cases.models import CaseSeries, Handling
from samverkan.documents.services import document_create
from samverkan.meetings import services as meetings
from samverkan.meetings.models import Attendance, Meeting, Section
from samverkan.structure.models import Body, Collaboration, Membership, Party, Person
from samverkan.structure.selectors import memberships_in_force

from .scan import markers_in, message_text, normalise, response_text
from .world import (
    ADMIN,
    ANON,
    ARCHIVIST,
    CHAIR,
    DRAFT_READERS,
    EVERYONE,
    INSIDERS,
    MAY_SEE,
    MEMBER,
    MEMBER_OTHER,
    OFFICIAL,
    REGISTRAR,
    SEC,
    SEC_OTHER,
    SUBSTITUTE,
)

LEGAL_GROUND = "OSL 21 kap. 1 §"
CASE_GROUND = "OSL 26 kap. 1 §"
# Those who read the closed content of the other body's meetings.
AWAY_INSIDERS = frozenset({ADMIN, SEC_OTHER, MEMBER_OTHER})

# --- The cast: the same roles in any base world ----------------------------------------


@dataclass
class Cast:
    """The roles of world.py in a base world. `home` is the body whose secretary,
    chair, member (the attester), substitute and official are SEC, CHAIR, MEMBER,
    SUBSTITUTE and OFFICIAL; `away` a body of the same collaboration where only
    SEC_OTHER and MEMBER_OTHER sit. REGISTRAR registers in `series` and calls the API
    as the system of `party`; ARCHIVIST is the archivist; ADMIN administers."""

    home: Body
    away: Body
    series: CaseSeries
    party: Party
    users: dict[str, Any]
    tokens: dict[str, str]
    # Roles that are registrars of the series (the generator's secretary keeps the
    # registry too).
    registrars: frozenset[str]
    prefix: str = ""  # the collaboration's path prefix ("" for the default one)
    # Days when both bodies exist but nobody holds a seat or an official's place in
    # them (their secretaries keep them all the same): a meeting then is read inside by
    # the secretariat only, whatever seats its members hold today.
    seatless: tuple[datetime.date, datetime.date] | None = None

    def person(self, role: str) -> Person:
        return Person.objects.get(user=self.users[role])

    def insiders(self, body: Body, day: datetime.date) -> frozenset[str]:
        if self.seatless and self.seatless[0] <= day <= self.seatless[1]:
            return frozenset({ADMIN, SEC if body.pk == self.home.pk else SEC_OTHER})
        return INSIDERS if body.pk == self.home.pk else AWAY_INSIDERS


def canary_cast(world: Any) -> Cast:
    return Cast(
        home=world.rsr,
        away=world.other,
        series=world.series,
        party=world.party,
        users=world.users,
        tokens=world.api_tokens,
        registrars=frozenset({REGISTRAR}),
        # The bodies are founded in 2020 (factories.body); the seats start in 2024.
        seatless=(datetime.date(2022, 1, 10), datetime.date(2023, 12, 15)),
    )


def generated_cast(collaboration_slug: str, on: datetime.date) -> Cast:
    """The roles in a collaboration the generator made (samverkan generate): home is PSA,
    away SRE (the regional council, with its own secretary); the generator's accounts
    hold the places, and an administrator, a registrar of the series (the region's
    system) and the API tokens are added here."""
    collaboration = Collaboration.objects.get(slug=collaboration_slug)
    bodies = Body.objects.filter(collaboration=collaboration)
    home, away = bodies.get(slug__startswith="psa"), bodies.get(slug__startswith="sre")
    places = memberships_in_force(on).filter(person__user__isnull=False).select_related("person")

    def holder(body: Body, *roles: str, elsewhere: Body | None = None) -> Any:
        held = places.filter(body=body, role__in=roles).order_by("position", "pk")
        if elsewhere is not None:  # someone with no place ever in the other body
            held = held.exclude(person__memberships__body=elsewhere)
        return held[0].person.user

    R = Membership.Role
    users: dict[str, Any] = {
        ANON: None,
        SEC: holder(home, R.SECRETARY),
        CHAIR: holder(home, R.CHAIR),
        MEMBER: holder(home, R.MEMBER),
        SUBSTITUTE: holder(home, R.SUBSTITUTE),
        OFFICIAL: holder(home, R.COLLABORATION_LEAD),
        SEC_OTHER: holder(away, R.SECRETARY, elsewhere=home),
        MEMBER_OTHER: holder(away, *Membership.VOTING_ROLES, elsewhere=home),
        ARCHIVIST: user_create(
            username="kanarie-arkivarie", password="x-Lösen-123", roles=[Role.ARCHIVIST]
        ),
    }
    users[ADMIN] = user_create(
        username="kanarie-admin", password="x-Lösen-123", roles=[Role.ADMINISTRATOR]
    )
    users[REGISTRAR] = user_create(username="kanarie-registrator", password="x-Lösen-123", roles=[])
    series = CaseSeries.objects.get(collaboration=collaboration)
    series.registrars.add(users[REGISTRAR])
    registrar_ids = set(series.registrars.values_list("pk", flat=True))
    party = series.organisation
    tokens = {
        role: token_create(
            name=f"Kanariesystem {role}",
            user=user,
            party=party if role == REGISTRAR else None,
            by=users[ADMIN],
        )[1]
        for role, user in users.items()
        if user is not None
    }
    return Cast(
        home=home,
        away=away,
        series=series,
        party=party,
        users=users,
        tokens=tokens,
        registrars=frozenset(
            r for r, u in users.items() if u is not None and u.pk in registrar_ids
        ),
        prefix=f"/{collaboration.slug}",
    )


# --- What hypothesis draws ----------------------------------------------------------------

PLANNED, DRAFT, SEALED = "planned", "draft", "sealed"
NONE, PUBLIC, SECRET = "none", "public", "secret"


@dataclass(frozen=True)
class ItemSpec:
    is_public: bool
    document: str  # NONE, PUBLIC or SECRET (wholly secret: a confidentiality mark)
    file_format: str  # pdf, docx, txt
    on_case: bool  # handled as the case's item (a handling with a summary)
    decided: bool  # its § gets a decision (and, on the case, a decision on the case)
    at_once: bool = False  # held meeting: its § is attested at once (omedelbar justering)
    # Sealed meeting: the item is closed (or opened) after the minutes were sealed
    # (agenda_item_publicity_set), and everything of it follows.
    flipped: bool = False
    registered: bool = False  # its document is registered in the case too

    def public_in(self, state: str) -> bool:
        """Whether the item is open once the world is written."""
        return self.is_public != (self.flipped and state == SEALED)


@dataclass(frozen=True)
class MeetingSpec:
    at_home: bool
    state: str  # PLANNED, DRAFT (held, minutes not attested) or SEALED
    day: int  # days after START_DAY (moved on past the body's other meetings)
    items: tuple[ItemSpec, ...]
    guest: bool  # a guest is called, and the notice is sent (planned meetings)
    # Planned: on a day nobody held a seat (Cast.seatless), where the base world has one.
    before_seats: bool = False


@dataclass(frozen=True)
class EntrySpec:
    document: str  # NONE, PUBLIC or SECRET
    file_format: str
    description_protected: bool
    counterpart_protected: bool


@dataclass(frozen=True)
class Spec:
    entries: tuple[EntrySpec, ...]
    meetings: tuple[MeetingSpec, ...]
    recommendation: bool


FORMATS = st.sampled_from(["pdf", "docx", "txt"])
DOCUMENTS = st.sampled_from([NONE, PUBLIC, SECRET])
START_DAY = datetime.date(2026, 1, 12)
LAST_HELD_DAY = datetime.date(2026, 10, 30)  # held meetings lie in the past
LAST_DAY = datetime.date(2026, 12, 18)  # inside the generator's term (2023–2026)

item_specs = st.builds(
    ItemSpec,
    is_public=st.booleans(),
    document=DOCUMENTS,
    file_format=FORMATS,
    on_case=st.booleans(),
    decided=st.booleans(),
    at_once=st.booleans(),
    flipped=st.booleans(),
    registered=st.booleans(),
)


@st.composite
def meeting_specs(draw: Any) -> MeetingSpec:
    at_home = draw(st.booleans())
    # Minutes are kept here for the home body (its chair and attester have accounts).
    state = draw(st.sampled_from([PLANNED, DRAFT, SEALED])) if at_home else PLANNED
    last = LAST_DAY if state == PLANNED else LAST_HELD_DAY
    return MeetingSpec(
        at_home=at_home,
        state=state,
        day=draw(st.integers(0, (last - START_DAY).days)),
        items=tuple(draw(st.lists(item_specs, min_size=1, max_size=2))),
        guest=state == PLANNED and draw(st.booleans()),
        before_seats=state == PLANNED and draw(st.booleans()),
    )


entry_specs = st.builds(
    EntrySpec,
    document=DOCUMENTS,
    file_format=FORMATS,
    description_protected=st.booleans(),
    counterpart_protected=st.booleans(),
)
specs = st.builds(
    Spec,
    entries=st.lists(entry_specs, min_size=1, max_size=2).map(tuple),
    meetings=st.lists(meeting_specs(), min_size=1, max_size=2).map(tuple),
    recommendation=st.booleans(),
)

# --- Markers ------------------------------------------------------------------------------

_numbers = itertools.count(1)


@dataclass(frozen=True)
class Planted:
    what: str
    core: str  # what the scanner looks for (a word of its own, "hpNNNNNx")
    readers: frozenset[str]
    main: str  # the surface that must show it to every reader ("" none)

    @property
    def word(self) -> str:
        return f"kanarie{self.core}"

    def __str__(self) -> str:
        return f"{self.what} ({self.word})"


@dataclass
class Built:
    search_word: str
    since: datetime.datetime  # when it was begun (OParl lists of what changed since)
    planted: list[Planted] = field(default_factory=list)
    surfaces: dict[str, str] = field(default_factory=dict)  # key -> path
    meetings: list[Meeting] = field(default_factory=list)
    # E-mail recipients' addresses -> role ("" for a guest: the public).
    addresses: dict[str, str] = field(default_factory=dict)

    def plant(self, what: str, readers: frozenset[str], main: str = "") -> str:
        planted = Planted(what, f"hp{next(_numbers):05d}x", readers, main)
        self.planted.append(planted)
        return f"{self.search_word} {planted.word}"

    def main_set(self, text: str, main: str) -> None:
        """The surface that must show the marker planted in `text` (known once the
        object holding it exists)."""
        self.planted = [
            Planted(p.what, p.core, p.readers, main) if p.word in text else p for p in self.planted
        ]


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF holding `text` in a standard font, written by hand: WeasyPrint
    (world.text_pdf) takes a fifth of a second a file, this nothing."""
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 12 Tf 72 720 Td ({safe}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def file_bytes(file_format: str, text: str) -> tuple[bytes, str, str]:
    if file_format == "pdf":
        return tiny_pdf(text), "underlag.pdf", "application/pdf"
    if file_format == "docx":
        import docx

        document = docx.Document()
        document.add_paragraph(text)
        buffer = io.BytesIO()
        document.save(buffer)
        return (
            buffer.getvalue(),
            "underlag.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    return text.encode(), "underlag.txt", "text/plain"


# --- Writing a spec through the services --------------------------------------------------


def _free_day(body: Body, day: datetime.date, last: datetime.date) -> datetime.date:
    """The drawn day, or the nearest later (else earlier) one the body does not meet."""
    taken = set(Meeting.objects.filter(body=body).values_list("date", flat=True))
    one = datetime.timedelta(days=1)
    later = itertools.takewhile(lambda d: d <= last, (day + k * one for k in itertools.count()))
    earlier = (day - k * one for k in itertools.count(1))
    return next(d for d in itertools.chain(later, earlier) if d not in taken)


def _hold(meeting: Meeting, cast: Cast) -> None:
    """Everyone holding a vote in the body that day is there (the quorum), and every item
    gets its §."""
    for seat in memberships_in_force(meeting.date).filter(
        body=meeting.body, role__in=Membership.VOTING_ROLES
    ):
        meetings.attendance_record(meeting, seat.person, capacity=Attendance.Capacity.MEMBER)
    meetings.sections_create_from_agenda(meeting)


def _attest(meeting: Meeting, user: Any) -> None:
    fresh = Meeting.objects.get(pk=meeting.pk)
    meetings.minutes_attest(fresh, user, content_sha256=meetings.minutes_content_sha256(fresh))


def world_add(cast: Cast, spec: Spec) -> Built:
    n = next(_numbers)
    built = Built(search_word=f"kanariesok{n:05d}y", since=timezone.now())
    plant = built.plant
    handled_in = {
        (cast.home if m.at_home else cast.away).pk
        for m in spec.meetings
        if any(i.on_case for i in m.items)
    }
    # The case's confidential parts: administrators, the series' registrars and the
    # secretaries of bodies that handle the case.
    case_readers = frozenset({ADMIN}) | cast.registrars
    if cast.home.pk in handled_in:
        case_readers |= {SEC}
    if cast.away.pk in handled_in:
        case_readers |= {SEC_OTHER}

    case = cases.case_register(
        series=cast.series,
        title=plant("case title", EVERYONE, "case"),
        registered_on=START_DAY,
    )
    for entry in spec.entries:
        document = None
        if entry.document != NONE:
            secret = entry.document == SECRET
            readers = case_readers if secret else EVERYONE
            text = plant(f"registry {entry.document} document text", readers)
            data, name, _ = file_bytes(entry.file_format, text)
            document = document_create(
                title=plant(f"registry {entry.document} document title", readers, "case"),
                data=data,
                filename=name,
                confidentiality_ground=CASE_GROUND if secret else "",
            )
            _document_surfaces(built, cast, document.pk)
            built.main_set(text, f"document:{document.pk}")
        protected = entry.description_protected or entry.counterpart_protected
        cases.registry_entry_add(
            case,
            date=START_DAY,
            direction="received",
            description=plant(
                "registry description" + (" (protected)" if entry.description_protected else ""),
                case_readers if entry.description_protected else EVERYONE,
                "case",
            ),
            counterpart=plant(
                "registry counterpart" + (" (protected)" if entry.counterpart_protected else ""),
                case_readers if entry.counterpart_protected else EVERYONE,
                "case",
            ),
            document=document,
            description_protected=entry.description_protected,
            counterpart_protected=entry.counterpart_protected,
            confidentiality_ground=CASE_GROUND if protected else "",
        )
    decisions = []
    for meeting_spec in spec.meetings:
        decisions += _meeting_add(built, cast, meeting_spec, case, case_readers)
    if spec.recommendation:
        cases.recommendation_issue(
            case,
            title=plant("recommendation title", EVERYONE, "recommendation"),
            text=plant("recommendation text", EVERYONE, "recommendation"),
            parties=[cast.party],
            decision=decisions[0] if decisions else None,
            issued_on=LAST_DAY,
        )
        recommendation = case.recommendations.get()
        built.surfaces["recommendation"] = reverse("cases:recommendation", args=[recommendation.pk])
        built.surfaces["api recommendation"] = reverse(
            "api_v1:recommendation", args=[recommendation.pk]
        )
        built.surfaces["recommendation matrix"] = reverse("cases:matrix")
    _case_surfaces(built, case)
    _shared_surfaces(built, cast)
    built.surfaces = {key: cast.prefix + path for key, path in built.surfaces.items()}
    return built


def _meeting_add(
    built: Built, cast: Cast, spec: MeetingSpec, case: Any, case_readers: frozenset[str]
) -> list[Any]:
    plant = built.plant
    body = cast.home if spec.at_home else cast.away
    first, last = START_DAY, LAST_DAY if spec.state == PLANNED else LAST_HELD_DAY
    if spec.before_seats and cast.seatless:
        first, last = cast.seatless
    day = _free_day(body, min(first + datetime.timedelta(days=spec.day), last), last)
    insiders = cast.insiders(body, day)
    meeting = meetings.meeting_create(
        body=body, date=day, start_time=datetime.time(9), place="Genererade huset"
    )
    built.meetings.append(meeting)
    key = f"meeting {meeting.pk}"
    items = []
    for item_spec in spec.items:
        public = item_spec.public_in(spec.state)
        readers = EVERYONE if public else insiders
        kind = ("open" if public else "closed") + (
            " (flipped)" if public != item_spec.is_public else ""
        )
        item = meetings.agenda_item_add(
            meeting,
            title=plant(f"{kind} item title", readers, key),
            description=plant(f"{kind} item description", readers, key),
            proposed_decision=plant(
                f"{kind} item proposed decision", readers, f"notice {meeting.pk}"
            ),
            presenters=plant(f"{kind} item presenters", readers),
            dispatch_to=plant(f"{kind} item dispatch list", readers),
            is_public=item_spec.is_public,
            confidentiality_ground="" if item_spec.is_public else LEGAL_GROUND,
        )
        built.surfaces[f"api item {item.pk}"] = reverse("api_v1:agenda_item", args=[item.pk])
        built.surfaces[f"oparl item {item.pk}"] = reverse(
            "oparl:object", args=["agendaitem", item.pk]
        )
        built.surfaces[f"item page {item.pk}"] = reverse("meetings:item", args=[item.pk])
        if item_spec.document != NONE:
            secret = item_spec.document == SECRET
            doc_readers = insiders if secret or not public else EVERYONE
            if secret and public and item_spec.registered:
                doc_readers |= case_readers  # a secret document of an open item, in the case
            what = f"{item_spec.document} document of a {kind} item"
            text = plant(f"{what}: text", doc_readers)
            data, name, content_type = file_bytes(item_spec.file_format, text)
            supporting = meetings.supporting_document_add(
                item,
                title=plant(f"{what}: title", doc_readers, key),
                upload=SimpleUploadedFile(name, data, content_type),
                confidentiality_ground=LEGAL_GROUND if secret else "",
            )
            built.main_set(text, f"document:{supporting.document_id}")
            if item_spec.registered:
                cases.registry_entry_add(
                    case,
                    date=day,
                    direction="drawn_up",
                    description=plant(f"registry entry of the {what}", EVERYONE, "case"),
                    document=supporting.document,
                )
            built.surfaces[f"supporting document {supporting.pk}"] = reverse(
                "meetings:document", args=[supporting.pk]
            )
            built.surfaces[f"reading document {supporting.pk}"] = reverse(
                "reading:document", args=[supporting.pk]
            )
            built.surfaces[f"reading file {supporting.pk}"] = reverse(
                "reading:document_file", args=[supporting.pk]
            )
            _document_surfaces(built, cast, supporting.document_id)
        handling = None
        if item_spec.on_case:
            handling = cases.handling_add(
                case,
                body=body,
                kind=Handling.Kind.DECISION,
                date=day,
                agenda_item=item,
                summary=plant(f"handling summary of a {kind} item", readers, "case"),
            )
        items.append((item, item_spec, handling, readers, kind))

    decisions = []
    if spec.state in (DRAFT, SEALED):
        _hold(meeting, cast)
        meetings.attesters_choose(meeting, [cast.person(MEMBER)], place="Genererade huset")
        for item, item_spec, handling, readers, kind in items:
            if not item_spec.decided:
                continue
            section = Section.objects.get(agenda_item=item)
            at_once = spec.state == DRAFT and item_spec.at_once
            state = "attested at once" if at_once else spec.state
            # Draft minutes: the secretariat and the signatories; attested: the item's.
            draft = spec.state == DRAFT and not at_once
            section_readers = DRAFT_READERS if draft else readers
            extract = f"extract {meeting.pk} § {section.number}"
            main = f"minutes {meeting.pk}" if draft else extract if at_once else key
            meetings.section_update(
                section,
                decision=plant(f"{state} § decision of a {kind} item", section_readers, main),
            )
            if handling is not None:
                decisions.append(
                    cases.decision_record(
                        case,
                        body=body,
                        date=day,
                        text=plant(
                            f"{state} case decision of a {kind} item", section_readers, "case"
                        ),
                        handling=handling,
                        section=section,
                    )
                )
            if at_once:
                for signer in (CHAIR, MEMBER):
                    meetings.section_attest_immediately(
                        section,
                        cast.users[signer],
                        content_sha256=meetings.section_content_sha256(section),
                    )
                built.surfaces[extract] = (
                    f"{reverse('meetings:extract_pdf', args=[meeting.pk])}?p={section.number}"
                )
        if spec.state == SEALED:
            _attest(meeting, cast.users[CHAIR])
            _attest(meeting, cast.users[MEMBER])
            meeting.refresh_from_db()
            assert meeting.sealed_at, "the generated meeting did not seal"
            for item, item_spec, *_ in items:
                if item_spec.flipped:
                    meetings.agenda_item_publicity_set(
                        item,
                        is_public=not item_spec.is_public,
                        confidentiality_ground=LEGAL_GROUND,
                    )
            numbers = "&".join(f"p={s.number}" for s in meeting.sections.order_by("number"))
            built.surfaces[f"extract {meeting.pk}"] = (
                reverse("meetings:extract_pdf", args=[meeting.pk]) + "?" + numbers
            )
        built.surfaces[f"minutes {meeting.pk}"] = reverse("meetings:minutes_pdf", args=[meeting.pk])
        built.surfaces[f"minutes docx {meeting.pk}"] = reverse(
            "meetings:minutes_docx", args=[meeting.pk]
        )
        built.surfaces[f"api minutes {meeting.pk}"] = reverse("api_v1:minutes", args=[meeting.pk])
        for section in Section.objects.filter(agenda_item__in=[i[0] for i in items]):
            built.surfaces[f"section page {section.pk}"] = reverse(
                "meetings:section", args=[section.pk]
            )
    elif spec.guest:
        meetings.guest_add(meeting, name="Gäst Gästsson", email="gast@genererad.invalid")
        built.addresses["gast@genererad.invalid"] = ""

    built.surfaces[key] = reverse("meetings:meeting", args=[meeting.pk])
    built.surfaces[f"notice {meeting.pk}"] = reverse("meetings:notice_pdf", args=[meeting.pk])
    built.surfaces[f"notice docx {meeting.pk}"] = reverse("meetings:notice_docx", args=[meeting.pk])
    built.surfaces[f"bundle {meeting.pk}"] = reverse("meetings:bundle_pdf", args=[meeting.pk])
    built.surfaces[f"ics {meeting.pk}"] = reverse("meetings:meeting_calendar", args=[meeting.pk])
    built.surfaces[f"api meeting {meeting.pk}"] = reverse("api_v1:meeting", args=[meeting.pk])
    built.surfaces[f"oparl meeting {meeting.pk}"] = reverse(
        "oparl:object", args=["meeting", meeting.pk]
    )
    built.surfaces[f"reading meeting {meeting.pk}"] = reverse("reading:meeting", args=[meeting.pk])
    # The secretariat's and the signatories' own pages, and the public web-cast.
    for name in ("agenda", "minutes", "attest", "notice_preview"):
        built.surfaces[f"{name} page {meeting.pk}"] = reverse(f"meetings:{name}", args=[meeting.pk])
    built.surfaces[f"webcast {meeting.pk}"] = reverse("live:webcast", args=[meeting.pk])
    built.surfaces[f"body calendar {body.slug}"] = reverse(
        "meetings:body_calendar", args=[body.slug]
    )
    built.surfaces[f"body {body.slug}"] = reverse("structure:body", args=[body.slug])
    built.surfaces[f"body meetings {body.slug}"] = (
        reverse("meetings:body_meetings", args=[body.slug]) + f"?ar={day.year}"
    )
    return decisions


def _document_surfaces(built: Built, cast: Cast, document_id: int) -> None:
    built.surfaces[f"document:{document_id}"] = reverse("documents:download", args=[document_id])
    built.surfaces[f"document versions {document_id}"] = reverse(
        "documents:detail", args=[document_id]
    )
    built.surfaces[f"api document {document_id}"] = reverse("api_v1:document", args=[document_id])
    built.surfaces[f"api document file {document_id}"] = reverse(
        "api_v1:document_file", args=[document_id]
    )
    built.surfaces[f"oparl file {document_id}"] = reverse(
        "oparl:object", args=["file", document_id]
    )
    built.surfaces[f"oparl download {document_id}"] = reverse(
        "oparl:download", args=["file", document_id]
    )


def _case_surfaces(built: Built, case: Any) -> None:
    built.surfaces["case"] = case.get_absolute_url()
    built.surfaces["api case"] = reverse("api_v1:case", args=[case.pk])
    built.surfaces["api case registry"] = reverse("api_v1:case_registry", args=[case.pk])
    built.surfaces["oparl paper"] = reverse("oparl:object", args=["paper", case.pk])
    built.surfaces["registry search"] = f"{reverse('cases:registry')}?q={built.search_word}"


def _shared_surfaces(built: Built, cast: Cast) -> None:
    word = built.search_word
    built.surfaces["search"] = f"{reverse('search:search')}?q={word}"
    built.surfaces["meetings rss"] = reverse("publishing:meetings_rss")
    built.surfaces["meetings atom"] = reverse("publishing:meetings_atom")
    built.surfaces["meetings ics"] = reverse("publishing:meetings_ics")
    built.surfaces["notice board rss"] = reverse("meetings:notice_board_rss")
    built.surfaces["notice board atom"] = reverse("meetings:notice_board_atom")
    built.surfaces["my meetings"] = reverse("meetings:my_meetings")
    built.surfaces["api changes"] = reverse("api_v1:changes")
    built.surfaces["cases"] = reverse("cases:cases")
    # Those called to the meetings: their pages and calendars list them.
    for role in (CHAIR, SUBSTITUTE, MEMBER_OTHER):
        slug = cast.person(role).slug
        built.surfaces[f"person {role}"] = reverse("structure:person", args=[slug])
        built.surfaces[f"person calendar {role}"] = reverse("meetings:person_calendar", args=[slug])
    collaboration = cast.home.collaboration_id
    for kind in ("meeting", "agendaitem", "paper", "file", "consultation"):
        built.surfaces[f"oparl {kind} list"] = (
            reverse("oparl:list", args=[collaboration, kind])
            + "?modified_since="
            + quote(f"{built.since - datetime.timedelta(seconds=1):%Y-%m-%dT%H:%M:%S%z}")
        )


# --- Scanning a generated world ------------------------------------------------------------


class Viewer:
    """A role's own test client, signed in once per drawn world; each page fetched once."""

    def __init__(self, cast: Cast, role: str) -> None:
        self.cast, self.role = cast, role
        self.client = Client()
        user = cast.users.get(role)
        if user is not None:
            self.client.force_login(user)
        self.seen: dict[str, tuple[int, str]] = {}

    def text(self, path: str) -> tuple[int, str]:
        """The status and the normalised text of a page (its own search words left out:
        the visitor's words echoed back are no leak)."""
        if path not in self.seen:
            token = self.cast.tokens.get(self.role)
            if "/api/v1/" in path and token:
                response = self.client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
            else:
                response = self.client.get(path)
            text = response_text(response)
            if "q=" in path:
                text = text.replace(path.partition("q=")[2].partition("&")[0], "")
            self.seen[path] = (response.status_code, normalise(text))
        return self.seen[path]


def found(flat: str, planted: list[Planted]) -> list[Planted]:
    return [p for p in planted if p.core in flat]


def leaks(built: Built, viewer: Viewer, world_markers: bool) -> list[str]:
    """Every surface, and what on it the viewer may not read."""
    problems = []
    for key, path in sorted(built.surfaces.items()):
        status, flat = viewer.text(path)
        assert status < 500, f"{path} as {viewer.role}: HTTP {status}"
        bad = [str(p) for p in found(flat, built.planted) if viewer.role not in p.readers]
        if world_markers:  # the base world's own markers, by world.MAY_SEE
            bad += [str(m) for m in markers_in(flat) if viewer.role not in MAY_SEE[m.cls]]
        if bad:
            problems.append(f"{key} {path} (HTTP {status}) shows {viewer.role}: {bad}")
    return problems


def misses(built: Built, viewer: Viewer) -> list[str]:
    """The markers the viewer may read that its main page does not show it."""
    problems = []
    for planted in built.planted:
        if planted.main and viewer.role in planted.readers:
            path = built.surfaces[planted.main]
            status, flat = viewer.text(path)
            if planted.core not in flat:
                problems.append(
                    f"{planted.main} {path} (HTTP {status}) hides from {viewer.role}: {planted}"
                )
    return problems


def mail_leaks(cast: Cast, built: Built) -> list[str]:
    """The notice of each meeting with a guest, sent: those called read its closed
    items, the guest only what is public."""
    by_address = {
        user.person.email: role
        for role, user in cast.users.items()
        if user is not None and getattr(user, "person", None) is not None
    } | built.addresses
    mail.outbox.clear()
    for meeting in built.meetings:
        if meeting.guests.exists():
            keeper = SEC if meeting.body_id == cast.home.pk else SEC_OTHER
            meetings.notice_send(meeting, by=cast.users[keeper])
    problems = []
    texts: dict[bytes, str] = {}  # the same notice goes to many: each file read once
    for message in mail.outbox:
        flat = normalise(message_text(message, texts))
        for address in message.to + message.cc + message.bcc:
            role = by_address.get(address)
            if role is None:
                continue  # someone outside the cast (a member without an account)
            bad = [str(p) for p in found(flat, built.planted) if (role or ANON) not in p.readers]
            if bad:
                problems.append(f"mail to {address} ({message.subject}): {bad}")
    return problems


def check(cast: Cast, spec: Spec, roles: list[str], *, world_markers: bool = False) -> None:
    """Write the drawn world, scan it as each role, and roll it back. No surface and no
    mail shows a role a marker it may not read; its main page shows it every marker it
    may read; and where the public looks, the administrator meets every marker there,
    closed ones included (a marker the pages never show cannot pass for hidden)."""
    with transaction.atomic(), override_settings(SAMVERKAN_API_RATE=1_000_000):
        built = world_add(cast, spec)
        problems = mail_leaks(cast, built)
        missing = []
        for role in roles:
            viewer = Viewer(cast, role)
            problems += leaks(built, viewer, world_markers)
            missing += misses(built, viewer)
        assert not problems, "LEAK:\n" + "\n".join(problems)
        if ANON in roles:
            missing += misses(built, Viewer(cast, ADMIN))
        assert not missing, "not shown to its readers:\n" + "\n".join(missing)
        transaction.set_rollback(True)


# A world with every kind of content: sealed minutes with a closed § (a public document,
# registered in the case, a decision on the case and a recommendation from it), an open §
# (a wholly secret document, registered in the case) and an open § closed after the
# sealing; the other body's closed item with a secret document and a notice to a guest;
# the registry with a wholly secret document and a public one whose entry has
# confidential parts. (Draft minutes are drawn, and planted in the access world.)
EVERYTHING = Spec(
    entries=(
        EntrySpec(SECRET, "pdf", description_protected=True, counterpart_protected=False),
        EntrySpec(PUBLIC, "docx", description_protected=False, counterpart_protected=True),
    ),
    meetings=(
        MeetingSpec(
            at_home=True,
            state=SEALED,
            day=30,
            items=(
                ItemSpec(False, PUBLIC, "pdf", on_case=True, decided=True, registered=True),
                ItemSpec(True, SECRET, "docx", on_case=False, decided=True, registered=True),
                ItemSpec(True, NONE, "txt", on_case=True, decided=True, flipped=True),
            ),
            guest=False,
        ),
        MeetingSpec(
            at_home=False,
            state=PLANNED,
            day=40,
            items=(ItemSpec(False, SECRET, "txt", on_case=True, decided=False),),
            guest=True,
        ),
    ),
    recommendation=True,
)
