"""A demo-like world for the access tests, built with the factories and the services.

RSR holds a sealed meeting (an open item with a supporting document, a closed item with
its legal ground, a supporting document, a § with motions, a statement and a dissent,
and a decision on a case) and a held but unattested meeting (a draft §, and a closed
item on the agenda); another body has its own secretary, member and meeting. A case in
the series RS has a confidential document and a public one; RSR handles the case.

Every closed or protected text carries a canary marker (see MARKERS) so that the canary
test can tell where it went. Each marker is one word, `kanariezqNNNx`; the scanner looks
for its core `zqNNNx`, which survives stemming, highlighting, line folding and PDF text
extraction."""

from __future__ import annotations

import datetime
import inspect
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.cases import services as cases
from samverkan.cases.models import Case, CaseSeries, CaseType, Handling, Recommendation
from samverkan.documents.models import Document
from samverkan.documents.services import document_create
from samverkan.meetings import services as meetings
from samverkan.meetings.models import (
    AgendaItem,
    Attendance,
    Guest,
    Meeting,
    Section,
    SupportingDocument,
)
from samverkan.structure.models import Body, Membership, Party, Person
from samverkan.structure.tests import factories as f

# --- Roles ------------------------------------------------------------------------------

ANON = "anonymous"
ADMIN = "administrator"
SEC = "secretary_rsr"
SEC_OTHER = "secretary_other"
CHAIR = "chair_rsr"
MEMBER = "member_rsr"
SUBSTITUTE = "substitute_rsr"
MEMBER_OTHER = "member_other"
OFFICIAL = "official_rsr"
REGISTRAR = "registrar_rs"
ARCHIVIST = "archivist"

ROLES = (
    ANON,
    ADMIN,
    SEC,
    SEC_OTHER,
    CHAIR,
    MEMBER,
    SUBSTITUTE,
    MEMBER_OTHER,
    OFFICIAL,
    REGISTRAR,
    ARCHIVIST,
)

# Who may do or read what, per the access policy (samverkan/access/policy.py).
EVERYONE = frozenset(ROLES)
SECRETARIAT = frozenset({ADMIN, SEC})
SECRETARIAT_OTHER = frozenset({ADMIN, SEC_OTHER})
# Closed content of RSR's meetings: the secretariat, those who held a seat on the day
# and officials with an official's membership in RSR.
INSIDERS = frozenset({ADMIN, SEC, CHAIR, MEMBER, SUBSTITUTE, OFFICIAL})
# Draft minutes of the unsealed meeting: the secretariat, its chair and its attester
# (the member of RSR is chosen attester).
DRAFT_READERS = frozenset({ADMIN, SEC, CHAIR, MEMBER})
# Signatories of the unsealed meeting: its chair and its attester.
SIGNATORIES = frozenset({CHAIR, MEMBER})
# Confidential parts of the case: administrators, registrars of the series, secretaries
# of bodies that handle the case (RSR).
CONFIDENTIAL_READERS = frozenset({ADMIN, REGISTRAR, SEC})
# An item in preparation (beredning) of RSR: its author (the official), the secretariat,
# the named reviewer (the chair) and administrators; never the public, nor members.
PREPARATION_READERS = frozenset({ADMIN, SEC, OFFICIAL, CHAIR})
# Who changes it (the author and those who prepare for RSR).
PREPARATION_EDITORS = frozenset({ADMIN, SEC, OFFICIAL})
# Who drafts (for some body of their own): the secretariats and the official.
PREPARATION_DRAFTERS = frozenset({ADMIN, SEC, SEC_OTHER, OFFICIAL})
# RSR's named reviewer.
PREPARATION_REVIEWERS = frozenset({CHAIR})
# Registering in the series RS.
REGISTRARS = frozenset({ADMIN, REGISTRAR})

# --- Markers ----------------------------------------------------------------------------

CLOSED = "closed"  # the sealed meeting's closed item, its §, document and decision
UPCOMING = "upcoming"  # the closed item on the unsealed meeting's agenda
DRAFT = "draft"  # the unattested § of the unsealed meeting (draft minutes)
CONFIDENTIAL = "confidential"  # the case's confidential document and registry entry
PREPARATION = "preparation"  # a closed item in preparation, its document and history
# The unsealed meeting's attendance (a guest recorded present): part of the minutes, so
# public only once they are sealed; before that for those called and the draft's readers.
ATTENDANCE = "attendance"
# A member's notes on the closed item's document (the reading view): a private note only
# its author reads, ever; a note shared with the party group its author and those who
# sit in RSR for the same party today (the member and the substitute sit for S).
NOTE_PRIVATE = "note_private"
NOTE_PARTY = "note_party"

MAY_SEE: dict[str, frozenset[str]] = {
    CLOSED: INSIDERS,
    UPCOMING: INSIDERS,
    DRAFT: DRAFT_READERS,
    CONFIDENTIAL: CONFIDENTIAL_READERS,
    PREPARATION: PREPARATION_READERS,
    ATTENDANCE: INSIDERS | DRAFT_READERS,
    NOTE_PRIVATE: frozenset({MEMBER}),
    NOTE_PARTY: frozenset({MEMBER, SUBSTITUTE}),
}

# A word the search finds in every planted field (the query itself holds no marker).
SEARCH_WORD = "kanarieord"

_marker_specs = [
    (CLOSED, "item title"),
    (CLOSED, "item description"),
    (CLOSED, "item proposed decision"),
    (CLOSED, "item presenters"),
    (CLOSED, "item dispatch list"),
    (CLOSED, "§ title"),
    (CLOSED, "§ decision"),
    (CLOSED, "motion"),
    (CLOSED, "statement"),
    (CLOSED, "dissent"),
    (CLOSED, "supporting document title"),
    (CLOSED, "supporting document text"),
    (CLOSED, "case decision"),
    (UPCOMING, "item title"),
    (UPCOMING, "item description"),
    (UPCOMING, "item proposed decision"),
    (UPCOMING, "item presenters"),
    (UPCOMING, "item dispatch list"),
    (UPCOMING, "supporting document title"),
    (UPCOMING, "supporting document text"),
    (DRAFT, "§ title"),
    (DRAFT, "§ decision"),
    (DRAFT, "motion"),
    (DRAFT, "statement"),
    (CONFIDENTIAL, "document title"),
    (CONFIDENTIAL, "document text"),
    (CONFIDENTIAL, "registry description"),
    (CONFIDENTIAL, "registry counterpart"),
    (PREPARATION, "title"),
    (PREPARATION, "background"),
    (PREPARATION, "assessment"),
    (PREPARATION, "proposed decision"),
    (PREPARATION, "consequences for children"),
    (PREPARATION, "consequences for parties"),
    (PREPARATION, "contact"),
    (PREPARATION, "document title"),
    (PREPARATION, "document text"),
    (PREPARATION, "return comment"),
    (CLOSED, "minutes correction"),
    (ATTENDANCE, "guest present"),
    (CLOSED, "assignment title"),
    (CLOSED, "assignment description"),
    (CLOSED, "assignment progress"),
    (DRAFT, "assignment title"),
    (NOTE_PRIVATE, "note text"),
    (NOTE_PARTY, "note text"),
]


@dataclass(frozen=True)
class Marker:
    cls: str
    what: str
    core: str  # what the scanner looks for

    @property
    def word(self) -> str:
        return f"kanarie{self.core}"

    @property
    def text(self) -> str:
        """The planted text: the search word and the marker."""
        return f"Kanarieord {self.word}"

    def __str__(self) -> str:
        return f"{self.cls}/{self.what} ({self.word})"


MARKERS: dict[tuple[str, str], Marker] = {
    (cls, what): Marker(cls, what, f"zq{n:03d}x") for n, (cls, what) in enumerate(_marker_specs, 1)
}


def m(cls: str, what: str) -> str:
    return MARKERS[(cls, what)].text


# --- Dates ------------------------------------------------------------------------------

START = datetime.date(2024, 1, 1)
SEALED_DAY = datetime.date(2026, 10, 5)
DRAFT_DAY = datetime.date(2026, 11, 16)
OTHER_DAY = datetime.date(2026, 11, 10)
LEGAL_GROUND = "OSL 21 kap. 1 §"


def text_pdf(text: str) -> bytes:
    """A small real PDF holding `text` (rendered with WeasyPrint, as the app does)."""
    from weasyprint import HTML

    return HTML(string=f"<html><body><p>{text}</p></body></html>").write_pdf()


@dataclass
class World:
    rsr: Body
    other: Body
    users: dict[str, Any]
    persons: dict[str, Person]
    party: Party
    sealed: Meeting
    draft: Meeting
    other_meeting: Meeting
    open_item: AgendaItem
    closed_item: AgendaItem
    draft_open_item: AgendaItem
    upcoming_item: AgendaItem
    open_section: Section
    closed_section: Section
    draft_section: Section
    open_doc: SupportingDocument
    closed_doc: SupportingDocument
    upcoming_doc: SupportingDocument
    series: CaseSeries
    case: Case
    confidential_document: Document
    public_document: Document
    recommendation: Recommendation
    guest_email: str
    emails: dict[str, str] = field(default_factory=dict)  # address -> role
    preparation: Any = None  # RSR's closed item in preparation, submitted (markers)
    approved_preparation: Any = None  # RSR's open item in preparation, approved
    correction: Any = None  # an attested correction of the sealed meeting's closed §
    case_type: Any = None  # the series RS's case type, its flow through RSR
    costs: Any = None  # a key, a cost item and its saved allocation (all public)
    followup: Any = None  # assignments from the open, the closed and the draft §
    retention: Any = None  # a disposal rule and a proposed run listing the confidential document
    archive_job: Any = None  # a finished e-archive export of the world's case
    reading: Any = None  # the member's notes on the closed item's document, watch words
    live: Any = None  # the unsealed meeting running in the room, its closed item current
    # An API token per role with an account (the registrar's is the party's system).
    api_tokens: dict[str, str] = field(default_factory=dict)
    webhook: Any = None  # a webhook receiver (never called in these tests)
    publishing: Any = None  # a pending public subscription to RSR (its link tokens)

    @property
    def case_path(self) -> str:
        return self.case.get_absolute_url()


def _attest(meeting: Meeting, user: object) -> None:
    """Attest as a signatory who read the minutes (the checksum of what they saw)."""
    meeting = Meeting.objects.get(pk=meeting.pk)
    params = inspect.signature(meetings.minutes_attest).parameters
    kwargs: dict[str, Any] = {}
    if "content_sha256" in params:
        kwargs["content_sha256"] = meetings.minutes_content_sha256(meeting)
    meetings.minutes_attest(meeting, user, **kwargs)


def _close(item: AgendaItem) -> AgendaItem:
    setter = getattr(meetings, "agenda_item_publicity_set", None)
    if setter is not None:
        return setter(item, is_public=False, confidentiality_ground=LEGAL_GROUND)
    return meetings.agenda_item_update(item, is_public=False, confidentiality_ground=LEGAL_GROUND)


def _item(meeting: Meeting, **fields: Any) -> AgendaItem:
    return meetings.agenda_item_add(meeting, **fields)


def _doc(item: AgendaItem, title: str, text: str, name: str) -> SupportingDocument:
    return meetings.supporting_document_add(
        item, title=title, upload=SimpleUploadedFile(name, text_pdf(text), "application/pdf")
    )


def build_world() -> World:
    from django.core.files.base import ContentFile

    # The collaboration has a logo, so every page's header carries it.
    home = f.home_collaboration()
    home.logo.save("logo.svg", ContentFile(b'<svg xmlns="http://www.w3.org/2000/svg"/>'))
    rsr = f.body(name="Regionens samverkansråd", short_name="RSR", slug="rsr")
    other = f.body(name="Barnarenan", short_name="BA", slug="barnarenan")
    party = f.party(
        name="Testkommun", short_name="TK", slug="testkommun", email="tk@exempel.invalid"
    )

    users: dict[str, Any] = {ANON: None}
    persons: dict[str, Person] = {}
    emails: dict[str, str] = {}

    users[ADMIN] = user_create(username="adm", password="x-Lösen-123", roles=[Role.ADMINISTRATOR])
    users[REGISTRAR] = user_create(username="registrator", password="x-Lösen-123", roles=[])
    users[ARCHIVIST] = user_create(
        username="arkivarie", password="x-Lösen-123", roles=[Role.ARCHIVIST]
    )

    def holder(
        role: str, username: str, name: str, body: Body, membership: str, roles: list[Role]
    ) -> None:
        user = user_create(username=username, password="x-Lösen-123", roles=roles)
        email = f"{username}@exempel.invalid"
        person = f.person(name=name, user=user, email=email)
        f.membership(person=person, body=body, role=membership, start=START)
        users[role], persons[role] = user, person
        emails[email] = role

    holder(SEC, "sekr", "Sara Sekreterare", rsr, Membership.Role.SECRETARY, [Role.SECRETARY])
    holder(
        SEC_OTHER,
        "sekr2",
        "Otto Annansekreterare",
        other,
        Membership.Role.SECRETARY,
        [Role.SECRETARY],
    )
    holder(CHAIR, "ordf", "Olga Ordförande", rsr, Membership.Role.CHAIR, [Role.MEMBER])
    holder(MEMBER, "ledamot", "Lars Ledamot", rsr, Membership.Role.MEMBER, [Role.MEMBER])
    holder(SUBSTITUTE, "ersattare", "Eva Ersättare", rsr, Membership.Role.SUBSTITUTE, [Role.MEMBER])
    holder(
        MEMBER_OTHER, "ledamot2", "Anna Annanledamot", other, Membership.Role.MEMBER, [Role.MEMBER]
    )
    holder(
        OFFICIAL,
        "tjp",
        "Tove Tjänsteperson",
        rsr,
        Membership.Role.COLLABORATION_LEAD,
        [Role.OFFICIAL],
    )
    # A member without an account, absent at both meetings; the substitute serves for him.
    absent = f.person(name="Frans Frånvarande", email="frans@exempel.invalid")
    f.membership(person=absent, body=rsr, role=Membership.Role.MEMBER, start=START)
    f.membership(
        person=f.person(name="Berit Barnledamot"),
        body=other,
        role=Membership.Role.CHAIR,
        start=START,
    )

    # --- Series, case, documents --------------------------------------------------------
    series = CaseSeries.objects.create(code="RS", name="Regionstyrelsen", organisation=party)
    series.registrars.add(users[REGISTRAR])
    case_type = cases.case_type_save(CaseType(name="Samverkansfråga", series=series))
    cases.case_type_flow_set(case_type, [(rsr, "Beslut")])
    case = cases.case_register(
        series=series, title="Samverkan om barns hälsa", registered_on=datetime.date(2026, 9, 1)
    )
    confidential_document = document_create(
        title=m(CONFIDENTIAL, "document title"),
        data=f"Uppgifter om enskild. {m(CONFIDENTIAL, 'document text')}".encode(),
        filename="bilaga.txt",
        confidentiality_ground="OSL 25 kap. 1 §",
    )
    cases.registry_entry_add(
        case,
        date=datetime.date(2026, 9, 2),
        direction="received",
        description=m(CONFIDENTIAL, "registry description"),
        counterpart=m(CONFIDENTIAL, "registry counterpart"),
        document=confidential_document,
        counterpart_protected=True,
        description_protected=True,
        confidentiality_ground="OSL 25 kap. 1 §",
    )
    public_document = document_create(
        title="Skrivelse om samverkan",
        data=b"Offentlig skrivelse om samverkan kring barns halsa.",
        filename="skrivelse.txt",
    )
    cases.registry_entry_add(
        case,
        date=datetime.date(2026, 9, 3),
        direction="received",
        description="Skrivelse om samverkan",
        counterpart="Testkommun",
        document=public_document,
    )
    recommendation = cases.recommendation_issue(
        case,
        title="Rekommendation om samverkan",
        text="Parterna rekommenderas att samverka.",
        parties=[party],
        issued_on=datetime.date(2026, 10, 6),
    )

    # --- The sealed meeting -------------------------------------------------------------
    sealed = meetings.meeting_create(
        body=rsr, date=SEALED_DAY, start_time=datetime.time(10), place="Regionens hus"
    )
    open_item = _item(
        sealed,
        title="Öppen punkt om samverkan",
        description="Beskrivning av den öppna punkten.",
        proposed_decision="Att notera informationen.",
        dispatch_to="Testkommun",
    )
    closed_item = _item(
        sealed,
        title=m(CLOSED, "item title"),
        description=m(CLOSED, "item description"),
        proposed_decision=m(CLOSED, "item proposed decision"),
        presenters=m(CLOSED, "item presenters"),
        dispatch_to=m(CLOSED, "item dispatch list"),
    )
    closed_item = _close(closed_item)
    open_doc = _doc(
        open_item, "Öppet beslutsunderlag", "Offentligt underlag om samverkan.", "oppet.pdf"
    )
    closed_doc = _doc(
        closed_item,
        m(CLOSED, "supporting document title"),
        m(CLOSED, "supporting document text"),
        "stangt.pdf",
    )
    handling = cases.handling_add(
        case, body=rsr, kind=Handling.Kind.DECISION, date=SEALED_DAY, agenda_item=closed_item
    )
    _attend(sealed, persons, absent)
    meetings.sections_create_from_agenda(sealed)
    open_section = Section.objects.get(agenda_item=open_item)
    closed_section = Section.objects.get(agenda_item=closed_item)
    meetings.section_update(open_section, decision="Informationen noteras.")
    meetings.section_update(
        closed_section, title=m(CLOSED, "§ title"), decision=m(CLOSED, "§ decision")
    )
    meetings.motion_add(closed_section, persons[MEMBER], m(CLOSED, "motion"))
    meetings.statement_add(closed_section, persons[CHAIR], m(CLOSED, "statement"))
    meetings.dissent_add(closed_section, persons[MEMBER], m(CLOSED, "dissent"))
    cases.decision_record(
        case,
        body=rsr,
        date=SEALED_DAY,
        text=m(CLOSED, "case decision"),
        handling=handling,
        section=closed_section,
    )
    meetings.attesters_choose(sealed, [persons[MEMBER]], place="Regionens hus")
    _attest(sealed, users[CHAIR])
    _attest(sealed, users[MEMBER])
    sealed.refresh_from_db()
    assert sealed.sealed_at, "the sealed meeting did not seal"
    # A correction of an obvious error in the closed §, attested: it is as closed as the §.
    correction = meetings.minutes_correction_propose(
        sealed,
        section_number=closed_section.number,
        wrong_text=m(CLOSED, "§ decision"),
        corrected_text=m(CLOSED, "minutes correction"),
        reason="Felskrivning.",
    )
    for signer in (users[CHAIR], users[MEMBER]):
        meetings.minutes_correction_attest(
            correction, signer, content_sha256=meetings.correction_content_sha256(correction)
        )

    # --- The held, unattested meeting ---------------------------------------------------
    draft = meetings.meeting_create(
        body=rsr, date=DRAFT_DAY, start_time=datetime.time(10), place="Regionens hus"
    )
    draft_open_item = _item(
        draft,
        title="Öppen punkt i utkastet",
        description="Beskrivning av en öppen punkt.",
        proposed_decision="Att godkänna rapporten.",
    )
    upcoming_item = _item(
        draft,
        title=m(UPCOMING, "item title"),
        description=m(UPCOMING, "item description"),
        proposed_decision=m(UPCOMING, "item proposed decision"),
        presenters=m(UPCOMING, "item presenters"),
        dispatch_to=m(UPCOMING, "item dispatch list"),
    )
    upcoming_item = _close(upcoming_item)
    upcoming_doc = _doc(
        upcoming_item,
        m(UPCOMING, "supporting document title"),
        m(UPCOMING, "supporting document text"),
        "kommande.pdf",
    )
    guest_email = "gast@exempel.invalid"
    Guest.objects.create(meeting=draft, name="Gustav Gäst", email=guest_email, role="Föredragande")
    _attend(draft, persons, absent)
    Guest.objects.create(meeting=draft, name=m(ATTENDANCE, "guest present"), present=True)
    draft_section = meetings.section_create(draft, agenda_item=draft_open_item)
    meetings.section_update(
        draft_section, title=m(DRAFT, "§ title"), decision=m(DRAFT, "§ decision")
    )
    meetings.motion_add(draft_section, persons[MEMBER], m(DRAFT, "motion"))
    meetings.statement_add(draft_section, persons[CHAIR], m(DRAFT, "statement"))
    meetings.attesters_choose(draft, [persons[MEMBER]], place="Regionens hus")

    # --- The other body's meeting -------------------------------------------------------
    other_meeting = meetings.meeting_create(
        body=other, date=OTHER_DAY, start_time=datetime.time(13), place="Barnens hus"
    )

    world = World(
        rsr=rsr,
        other=other,
        users=users,
        persons=persons,
        party=party,
        sealed=sealed,
        draft=draft,
        other_meeting=other_meeting,
        open_item=open_item,
        closed_item=closed_item,
        draft_open_item=draft_open_item,
        upcoming_item=upcoming_item,
        open_section=open_section,
        closed_section=closed_section,
        draft_section=draft_section,
        open_doc=open_doc,
        closed_doc=closed_doc,
        upcoming_doc=upcoming_doc,
        series=series,
        case=case,
        confidential_document=confidential_document,
        public_document=public_document,
        recommendation=recommendation,
        guest_email=guest_email,
        emails=emails,
        correction=correction,
        case_type=case_type,
    )
    _prepare(world)
    # Before the exports, the feeds and the API tokens: the notes must be nowhere there.
    from samverkan.reading.tests.world_reading import reading_build

    world.reading = reading_build(world)
    from samverkan.costs.tests.world_costs import costs_build

    world.costs = costs_build(world)
    from samverkan.followup.tests.world_followup import followup_build

    world.followup = followup_build(world)
    from samverkan.retention.tests.world_retention import retention_build

    world.retention = retention_build(world)
    from samverkan.archive.services import archive_export_request, archive_export_run

    world.archive_job = archive_export_run(
        archive_export_request(kind="case", by=users[ADMIN], case_number=case.case_number)
    )
    from samverkan.live.tests.world_live import live_build

    world.live = live_build(world)
    from samverkan.api.services import token_create

    for role, user in users.items():
        if user is not None:
            token_party = world.party if role == REGISTRAR else None
            world.api_tokens[role] = token_create(
                name=f"System för {role}", user=user, party=token_party, by=users[ADMIN]
            )[1]
    from samverkan.api.services import webhook_subscriber_create

    world.webhook = webhook_subscriber_create(
        name="Partens ärendesystem",
        url="https://mottagare.exempel.invalid/notis",
        events=["minutes.attested"],
    )
    from samverkan.publishing.tests.world_publishing import publishing_build

    world.publishing = publishing_build(world)
    return world


def _prepare(world: World) -> None:
    """RSR's items in preparation: the chair is named reviewer; the official drafts a
    closed item with a document, the chair sends it back with a comment, and it is
    submitted again; an open item is approved and waits for the secretariat."""
    from samverkan.preparation import services as preparation

    users = world.users
    preparation.reviewer_add(
        world.rsr, world.persons[CHAIR], role_label="ordförande", by=users[SEC]
    )
    closed = preparation.preparation_create(
        body=world.rsr,
        author=users[OFFICIAL],
        title=m(PREPARATION, "title"),
        background=m(PREPARATION, "background"),
        assessment=m(PREPARATION, "assessment"),
        proposed_decision=m(PREPARATION, "proposed decision"),
        consequences_children=m(PREPARATION, "consequences for children"),
        consequences_parties=m(PREPARATION, "consequences for parties"),
        contact=m(PREPARATION, "contact"),
        is_public=False,
        confidentiality_ground=LEGAL_GROUND,
    )
    preparation.preparation_document_add(
        closed,
        title=m(PREPARATION, "document title"),
        data=text_pdf(m(PREPARATION, "document text")),
        filename="beredning.pdf",
        by=users[OFFICIAL],
    )
    preparation.preparation_submit(closed, by=users[OFFICIAL])
    preparation.preparation_return(
        closed, by=users[CHAIR], comment=m(PREPARATION, "return comment")
    )
    world.preparation = preparation.preparation_submit(closed, by=users[OFFICIAL])
    approved = preparation.preparation_create(
        body=world.rsr,
        author=users[OFFICIAL],
        title="Öppet ärende i beredning",
        background="Bakgrund till det öppna ärendet.",
        proposed_decision="Att godkänna.",
    )
    preparation.preparation_submit(approved, by=users[OFFICIAL])
    world.approved_preparation = preparation.preparation_approve(approved, by=users[CHAIR])


def _attend(meeting: Meeting, persons: dict[str, Person], absent: Person) -> None:
    meetings.attendance_record(meeting, persons[CHAIR], capacity=Attendance.Capacity.MEMBER)
    meetings.attendance_record(meeting, persons[MEMBER], capacity=Attendance.Capacity.MEMBER)
    meetings.attendance_record(meeting, absent, capacity=Attendance.Capacity.MEMBER, present=False)
    meetings.attendance_record(
        meeting, persons[SUBSTITUTE], capacity=Attendance.Capacity.SUBSTITUTE, replaces=absent
    )


def client_as(client: Any, world: World, role: str) -> Any:
    """The test client logged in as the role (or logged out for the anonymous)."""
    client.logout()
    user = world.users.get(role)
    if user is not None:
        client.force_login(user)
    return client


API_PREFIX = "/api/v1/"


def api_headers(world: World, role: str, path: str) -> dict[str, str]:
    """A request to the REST API carries the role's token (an anonymous caller none)."""
    token = world.api_tokens.get(role)
    if path.startswith(API_PREFIX) and token:
        return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    return {}
