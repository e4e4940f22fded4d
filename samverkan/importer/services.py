"""Store a parsed notice or minutes through the services of the apps that own the rows:
the structure's services make the body, persons and memberships, the meetings' services
the meeting, its items, attendance and §§, the cases' services the cases. Nothing is
written around them, so every rule holds and every row is audited. One transaction: a
broken rule saves nothing."""

from __future__ import annotations

import contextlib
import datetime
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from samverkan.access import policy
from samverkan.audit.context import acting_as, current_actor
from samverkan.cases import services as case_services
from samverkan.cases.models import Case, CaseSeries
from samverkan.cases.selectors import series_for_registrar
from samverkan.meetings import services as meeting_services
from samverkan.meetings.models import AgendaItem, Attendance, Meeting, Section
from samverkan.structure import services as structure_services
from samverkan.structure.models import Body, Collaboration, Membership, Person

from .parse import PERSON_PAREN, SERIES_CASE, ParsedItem, ParsedMeeting, ParsedPerson


@dataclass
class ImportResult:
    meeting: Meeting
    body_created: bool = False
    counts: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)  # what was not saved, and why


def _message(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


@contextlib.contextmanager
def _acting(user: object) -> Iterator[None]:
    if current_actor() is None:
        with acting_as(user, "import"):
            yield
    else:
        yield


# --- Finding what exists ---------------------------------------------------------------------


def import_collaboration(slug: str | None = None) -> Collaboration:
    """The collaboration to import into: the named one, the only one, or a new one in an
    empty installation (only when the import is saved: a look is no reason to create
    one). Several and none named is a question for the user."""
    found = import_collaboration_find(slug)
    if found is not None:
        return found
    return structure_services.collaboration_create(
        name="Samverkan", short_name="Samverkan", slug="samverkan"
    )


def import_collaboration_find(slug: str | None = None) -> Collaboration | None:
    """As import_collaboration, but None in an empty installation: nothing is created."""
    if slug:
        found = Collaboration.objects.filter(slug=slug).first()
        if found is None:
            raise ValidationError(f"Det finns ingen samverkan med webbadressen {slug}.")
        return found
    collaborations = list(Collaboration.objects.order_by("sort_order", "pk")[:2])
    if len(collaborations) == 1:
        return collaborations[0]
    if not collaborations:
        return None
    raise ValidationError(
        "Det finns flera samverkningar; ange vilken med --collaboration <webbadress> ("
        + ", ".join(Collaboration.objects.values_list("slug", flat=True))
        + ")."
    )


def body_find(collaboration: Collaboration, name: str, short_name: str = "") -> Body | None:
    """The body the document names, by name or short name (case does not matter)."""
    bodies = Body.objects.in_collaboration(collaboration)
    for value in filter(None, [short_name, name]):
        found = (
            bodies.filter(short_name__iexact=value).first()
            or bodies.filter(name__iexact=value).first()
        )
        if found is not None:
            return found
    return None


def may_import(audience: policy.Audience, body: Body | None) -> bool:
    return policy.may_import_meeting(audience, body.pk if body else None)


BODY_KINDS = (
    ("arbetsgrupp", Body.Kind.WORKING_GROUP),
    ("beredningsgrupp", Body.Kind.WORKING_GROUP),
    ("gemensam nämnd", Body.Kind.JOINT_COMMITTEE),
    ("nämnd", Body.Kind.PARTY_COMMITTEE),
    ("styrelse", Body.Kind.PARTY_COMMITTEE),
    ("utskott", Body.Kind.PARTY_COMMITTEE),
    ("grupp", Body.Kind.WORKING_GROUP),
    ("arena", Body.Kind.POLITICAL_ARENA),
    ("råd", Body.Kind.COUNCIL),
)


def _body_create(collaboration: Collaboration, parsed: ParsedMeeting, source: str) -> Body:
    lower = parsed.body_name.lower()
    kind = next((k for word, k in BODY_KINDS if word in lower), Body.Kind.COUNCIL)
    short = (parsed.body_short_name or parsed.body_name)[:40]
    base = slugify(short)[:70] or "organ"
    slug, n = base, 1
    while Body.objects.filter(collaboration=collaboration, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return structure_services.body_save(
        Body(
            collaboration=collaboration,
            name=parsed.body_name[:200],
            short_name=short,
            slug=slug,
            kind=kind,
            decision_power=Body.DecisionPower.UNKNOWN,
            source=source[:300],
        )
    )


# --- Persons and memberships ------------------------------------------------------------------


def person_match(
    collaboration: Collaboration, name: str, *, body: Body | None = None, email: str = ""
) -> Person | None:
    """The existing person an imported name (or e-mail) means, or None (a new person).
    By exact e-mail or by name, only among the persons with an assignment in the
    collaboration (the body's own first), and by name only when it is unambiguous there.
    A namesake elsewhere is another person: seating them would give them read rights; and
    who holds an address in another collaboration is not the importer's business."""
    if email:
        found = (
            Person.objects.filter(
                email__iexact=email, memberships__body__collaboration=collaboration
            )
            .distinct()
            .first()
        )
        if found is not None:
            return found
    if body is not None:
        found = Person.objects.filter(name=name, memberships__body=body).distinct().first()
        if found is not None:
            return found
    candidates = list(
        Person.objects.filter(name=name, memberships__body__collaboration=collaboration).distinct()[
            :2
        ]
    )
    return candidates[0] if len(candidates) == 1 else None


def parsed_names(parsed: ParsedMeeting) -> list[str]:
    """Every person the import would find or create, in the document's order."""
    names = [p.name for _, p in parsed.seated]
    names += [p.name for p in parsed.present_members + parsed.absent]
    for p in parsed.serving_substitutes:
        names += [p.name, p.replaces]
    seated = {p.name for _, p in parsed.seated}
    names += [p.name for p in parsed.others_present if p.name in seated]
    names += [p.name for p in parsed.attesters]
    for item in parsed.items:
        names += [d.name for d in item.dissents]
        names += [m["name"] for m in map(PERSON_PAREN.match, item.motions) if m]
    if parsed.chair:
        names.append(parsed.chair.name)
    return list(dict.fromkeys(n for n in names if n))


def person_label(person: Person) -> str:
    return f"{person.name} ({person.slug})"


def persons_matched(
    parsed: ParsedMeeting, *, collaboration: Collaboration, body: Body | None
) -> list[tuple[str, str]]:
    """For the preview: each name and the existing person it would be ("": created)."""
    out = []
    for name in parsed_names(parsed):
        person = person_match(collaboration, name, body=body)
        out.append((name, person_label(person) if person else ""))
    return out


class _People:
    """Persons of one import: found in the body, else by name, else created; each
    saved through the structure's services (the secretariat's scoped ones for a
    secretary)."""

    def __init__(self, body: Body, audience: policy.Audience, source: str) -> None:
        self.body = body
        self.audience = audience
        self.source = source[:300]
        self.cache: dict[str, Person] = {}
        self.counts: Counter[str] = Counter()

    def get(self, name: str) -> Person:
        if name in self.cache:
            return self.cache[name]
        person = person_match(self.body.collaboration, name, body=self.body)
        if person is None:
            person = self.create(name)
        self.cache[name] = person
        return person

    def create(self, name: str) -> Person:
        base = slugify(name)[:110] or "person"
        slug, n = base, 1
        while Person.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        person = Person(name=name[:200], slug=slug, source=self.source)
        if self.audience.is_admin:
            structure_services.person_save(person)
        else:
            structure_services.person_save_within(person, body_ids=self.audience.managed_body_ids)
        self.counts["personer (nya)"] += 1
        return person

    def seat(
        self, role: str, parsed: ParsedPerson, day: datetime.date, position: int
    ) -> Membership:
        """The person's seat on the day: an existing membership that covers it, or a new
        one for that day only. An existing membership is never stretched: an old notice
        must not silently move a seat's start back (or its end forward) by years."""
        person = self.get(parsed.name)
        seats = list(
            Membership.objects.filter(
                body=self.body, person=person, role__in=Membership.SEAT_ROLES
            ).select_related("term", "person", "body")
        )
        for m in seats:
            start, end = m.effective_start, m.effective_end
            if (start is None or start <= day) and (end is None or day <= end):
                self.counts["uppdrag (fanns redan)"] += 1
                return m
        m = Membership(
            person=person,
            body=self.body,
            role=role,
            party_letters=parsed.party_letters[:12],
            start=day,
            end=day,
            position=position,
            source=self.source,
        )
        self._save(m)
        self.counts["uppdrag (nya)"] += 1
        return m

    def _save(self, m: Membership) -> None:
        if self.audience.is_admin:
            structure_services.membership_save(m)
        else:
            structure_services.membership_save_within(
                m, body_ids=self.audience.managed_body_ids, by_person_id=self.audience.person_id
            )


# --- Cases ------------------------------------------------------------------------------------


def _series_for(
    collaboration: Collaboration, code: str, audience: policy.Audience, user: object
) -> tuple[CaseSeries | None, str]:
    series = CaseSeries.objects.filter(collaboration=collaboration, code=code).first()
    if series is not None:
        return series, ""
    if not audience.is_admin:
        return None, f"diarieserien {code} finns inte (en administratör lägger upp serier)"
    # The document does not say which organisation registers in the series: the cases'
    # service puts a placeholder party in until an administrator names the right one.
    series = case_services.case_series_create(
        collaboration=collaboration,
        code=code,
        source="Skapad vid import av kallelse; rätta namn och typ.",
    )
    return series, ""


def _case_for(
    number: str,
    title: str,
    collaboration: Collaboration,
    audience: policy.Audience,
    user: object,
    source: str,
) -> tuple[Case | None, str]:
    match = SERIES_CASE.fullmatch(number)
    if not match:
        return None, f"Diarienumret {number} anger ingen diarieserie och kopplades inte."
    code, running, year = match[1].upper(), int(match[2]), int(match[3])
    case = Case.objects.filter(
        series__collaboration=collaboration, series__code=code, number=running, year=year
    ).first()
    if case is not None:
        return case, ""
    series, problem = _series_for(collaboration, code, audience, user)
    if series is None:
        return None, f"Ärendet {number} skapades inte: {problem}."
    if not audience.is_admin and not series_for_registrar(user).filter(pk=series.pk).exists():
        return None, f"Ärendet {number} skapades inte: du registrerar inte i serien {code}."
    case = case_services.case_register(
        series=series,
        title=title[:400],
        registered_on=None,
        existing_number=f"{code}/{running}/{year}",
        source=source[:300],
    )
    return case, ""


# --- The import -------------------------------------------------------------------------------


def import_target(
    parsed: ParsedMeeting, *, collaboration: Collaboration, audience: policy.Audience
) -> tuple[Body | None, str]:
    """The body the import goes into (None: it will be created) and, when the import is
    refused, why: who may import, and that the meeting is not there already."""
    body = body_find(collaboration, parsed.body_name, parsed.body_short_name)
    if not may_import(audience, body):
        if body is None:
            return None, (
                f"Organet {parsed.body_name} finns inte i {collaboration.short_name}; "
                "bara en administratör kan skapa ett nytt organ vid import."
            )
        return body, f"Du får inte lägga in sammanträden för {body.short_name}."
    if (
        body is not None
        and parsed.date is not None
        and Meeting.objects.filter(body=body, date=parsed.date).exists()
    ):
        return body, (
            f"Det finns redan ett sammanträde för {body.short_name} "
            f"{parsed.date:%Y-%m-%d}; importen har redan gjorts eller sammanträdet "
            "har lagts in på annat sätt. Inget sparades."
        )
    if parsed.start_time is None:
        return body, "Sammanträdets starttid saknas i texten; inget kan sparas."
    return body, ""


@transaction.atomic
def notice_import(
    parsed: ParsedMeeting,
    *,
    collaboration: Collaboration,
    user: object,
    source: str = "",
    audience: policy.Audience | None = None,
) -> ImportResult:
    """Store a notice (or minutes) as a meeting. Refused (ValidationError) when the user
    may not import into the body, or the body already has a meeting that day. The
    command line passes the operator's audience (an administrator) and no user."""
    audience = audience or policy.audience_for(user)
    assert parsed.date is not None
    with _acting(user):
        body, problem = import_target(parsed, collaboration=collaboration, audience=audience)
        if problem:
            raise ValidationError(problem)
        body_created = body is None
        if body is None:
            body = _body_create(collaboration, parsed, source)
        # Lock the body so two imports of the same notice cannot both pass the check.
        Body.objects.select_for_update().filter(pk=body.pk).first()
        if Meeting.objects.filter(body=body, date=parsed.date).exists():
            raise ValidationError(
                f"Det finns redan ett sammanträde för {body.short_name} {parsed.date:%Y-%m-%d}."
            )
        result = _store(parsed, body, collaboration, audience, user, source)
        result.body_created = body_created
        return result


def _store(
    parsed: ParsedMeeting,
    body: Body,
    collaboration: Collaboration,
    audience: policy.Audience,
    user: object,
    source: str,
) -> ImportResult:
    assert parsed.date is not None and parsed.start_time is not None
    day = parsed.date
    people = _People(body, audience, source or f"Import: {parsed.kind_label} {day:%Y-%m-%d}")
    for position, (role, p) in enumerate(parsed.seated):
        people.seat(role, p, day, position)
    chair = people.get(parsed.chair.name) if parsed.chair else None
    meeting = meeting_services.meeting_create(
        body=body,
        date=day,
        start_time=parsed.start_time,
        end_time=parsed.end_time,
        place=parsed.place[:200],
        chair=chair,
        standard_items=False,
        source=(source or f"{parsed.kind_label} {body.short_name} {day:%Y-%m-%d}")[:300],
    )
    result = ImportResult(meeting=meeting)
    items: list[tuple[AgendaItem, ParsedItem]] = []
    for p_item in parsed.items:
        item = meeting_services.agenda_item_add(
            meeting,
            kind=p_item.kind,
            title=p_item.title[:300],
            presenters=p_item.presenters[:300],
            planned_start=p_item.planned_start,
            description=p_item.description,
            proposer=p_item.proposer[:300],
            proposed_decision="\n".join(p_item.proposed_decision),
            dispatch_to="\n".join(p_item.dispatch_to),
        )
        items.append((item, p_item))
    # agenda_item_add keeps closing items last; the document's order is the order.
    for position, (item, _) in enumerate(items, start=1):
        meeting_services.agenda_item_move(item, position)
    for item, p_item in items:
        if p_item.case_number:
            case, problem = _case_for(
                p_item.case_number, p_item.title, collaboration, audience, user, source
            )
            if case is not None:
                meeting_services.agenda_item_case_set(item, case)
                result.counts["ärenden kopplade"] += 1
            else:
                result.notes.append(f"Punkt {p_item.number}: {problem}")
        for title in p_item.documents:
            meeting_services.supporting_document_add(item, title=title[:300], by=user)
            result.counts["beslutsunderlag (utan fil)"] += 1
    result.counts["punkter"] = len(items)
    if parsed.kind == "minutes":
        _store_minutes(parsed, meeting, [i for i, _ in items], people, result)
    result.counts.update(people.counts)
    return result


def _try(result: ImportResult, what: str, func: object, *args: object, **kwargs: object) -> object:
    """A part of the minutes the meetings' rules may refuse: kept out (with the reason
    told) while the rest is saved."""
    try:
        with transaction.atomic():
            return func(*args, **kwargs)  # type: ignore[operator]
    except ValidationError as exc:
        result.notes.append(f"{what} sparades inte: {_message(exc)}")
        return None


def _store_minutes(
    parsed: ParsedMeeting,
    meeting: Meeting,
    items: list[AgendaItem],
    people: _People,
    result: ImportResult,
) -> None:
    """Attendance, §§ with decisions, motions and dissents, and the attesters, as far as
    the meetings' rules allow them for minutes that were not kept in this system."""
    capacity = Attendance.Capacity
    for p in parsed.present_members:
        if _try(
            result,
            f"Närvaro för {p.name}",
            meeting_services.attendance_record,
            meeting,
            people.get(p.name),
            capacity=capacity.MEMBER,
        ):
            result.counts["närvaro"] += 1
    for p in parsed.absent:
        if p.name in {s.name for s in parsed.present_members}:
            continue
        if _try(
            result,
            f"Frånvaro för {p.name}",
            meeting_services.attendance_record,
            meeting,
            people.get(p.name),
            capacity=capacity.MEMBER,
            present=False,
        ):
            result.counts["närvaro"] += 1
    for p in parsed.serving_substitutes:
        replaces = people.get(p.replaces) if p.replaces else None
        if _try(
            result,
            f"Tjänstgöring för {p.name}",
            meeting_services.attendance_record,
            meeting,
            people.get(p.name),
            capacity=capacity.SUBSTITUTE,
            replaces=replaces,
        ):
            result.counts["närvaro"] += 1
    seated = {p.name for _, p in parsed.seated}
    for p in parsed.others_present:
        if p.name in seated:
            if _try(
                result,
                f"Närvaro för {p.name}",
                meeting_services.attendance_record,
                meeting,
                people.get(p.name),
                capacity=capacity.OTHER,
                note=(p.note or "ersättare")[:200],
            ):
                result.counts["närvaro"] += 1
        elif _try(
            result,
            f"Övrig närvarande {p.name}",
            meeting_services.guest_add,
            meeting,
            name=p.name,
            role=p.note[:200],
            present=True,
        ):
            result.counts["övriga närvarande"] += 1
    _store_sections(parsed, meeting, items, people, result)
    attesters = [people.get(p.name) for p in parsed.attesters]
    if attesters and _try(
        result,
        "Justerarna",
        meeting_services.attesters_choose,
        meeting,
        attesters,
        place=parsed.attestation_place[:200],
        date=parsed.attestation_date,
    ):
        result.counts["justerare"] += len(attesters)
    result.notes.append(
        "Protokollet är inläst som ett ojusterat utkast: justering och låsning görs i "
        "systemet av ordföranden och justerarna."
    )


def _store_sections(
    parsed: ParsedMeeting,
    meeting: Meeting,
    items: list[AgendaItem],
    people: _People,
    result: ImportResult,
) -> None:
    """§ numbers run per body and year, and the meetings' services give the next one;
    the minutes' own numbers are kept only when they are the ones the body is at.
    Otherwise the §§ are left out rather than numbered differently from the record."""
    numbered = [(item, p) for item, p in zip(items, parsed.items, strict=True) if p.section_number]
    if not numbered:
        return
    next_number = meeting_services.section_number_next(meeting.body, meeting.date.year)
    first = numbered[0][1].section_number
    if first != next_number:
        result.notes.append(
            f"Paragraferna (§ {first}–{numbered[-1][1].section_number}) sparades inte: "
            f"{meeting.body.short_name}s numrering för {meeting.date.year} står på § "
            f"{next_number}, och en paragraf får inte ett annat nummer än i protokollet. "
            "Läs in årets tidigare protokoll först. Besluten syns i förhandsvisningen."
        )
        return
    for item, p in numbered:
        section = _try(
            result,
            f"§ {p.section_number}",
            meeting_services.section_create,
            meeting,
            agenda_item=item,
            decision=p.decision,
        )
        if not isinstance(section, Section):
            return
        if section.number != p.section_number:
            raise ValidationError(
                f"§ {p.section_number} fick numret {section.number}; inget sparades."
            )
        result.counts["paragrafer"] += 1
        for text in p.motions:
            match = PERSON_PAREN.match(text)
            if match and _try(
                result,
                f"Yrkande i § {section.number}",
                meeting_services.motion_add,
                section,
                people.get(match["name"]),
                text,
            ):
                result.counts["yrkanden"] += 1
        for dissent in p.dissents:
            if _try(
                result,
                f"Reservation av {dissent.name} i § {section.number}",
                meeting_services.dissent_add,
                section,
                people.get(dissent.name),
                dissent.text,
            ):
                result.counts["reservationer"] += 1


# --- Persons and memberships from CSV ------------------------------------------------------

CSV_COLUMNS = ("namn", "e-post", "parti", "organ", "roll", "från", "till")
CSV_ALIASES = {
    "name": "namn",
    "epost": "e-post",
    "e-postadress": "e-post",
    "email": "e-post",
    "mejl": "e-post",
    "partibeteckning": "parti",
    "body": "organ",
    "uppdrag": "roll",
    "fr.o.m.": "från",
    "from": "från",
    "startdatum": "från",
    "t.o.m.": "till",
    "tom": "till",
    "slutdatum": "till",
}
CSV_ROLES = {
    "ordförande": Membership.Role.CHAIR,
    "vice ordförande": Membership.Role.VICE_CHAIR,
    "ledamot": Membership.Role.MEMBER,
    "ersättare": Membership.Role.SUBSTITUTE,
    "sekreterare": Membership.Role.SECRETARY,
    "samverkansledare": Membership.Role.COLLABORATION_LEAD,
    "koordinator": Membership.Role.COORDINATOR,
    "adjungerad tjänsteperson": Membership.Role.ADJUNCT_OFFICIAL,
}
MAX_CSV_ROWS = 2000


@dataclass
class PersonRow:
    row: int  # as a spreadsheet numbers it: the header is row 1
    name: str
    email: str
    party_letters: str
    body: Body
    role: str
    start: datetime.date | None
    end: datetime.date | None
    existing: str = ""  # the existing person the row means ("" when one is created)

    @property
    def role_label(self) -> str:
        return str(Membership.Role(self.role).label)


@dataclass
class RowError:
    row: int
    column: str
    message: str


def _csv_date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value.strip())


def csv_delimiter(text: str) -> str:
    """The delimiter the header line uses (semicolon, tab or comma, the most frequent);
    the header names all columns, so it tells better than a sniff of the whole file."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_problem(exc: Exception) -> str:
    message = str(exc)
    if "field larger than field limit" in message:
        return "ett fält är för långt, kanske ett citattecken som inte avslutas"
    if "new-line character seen in unquoted field" in message:
        return "en radbrytning mitt i ett fält"
    if "NUL" in message or "NULL" in message:
        return "filen innehåller nolltecken"
    return "felaktig citering eller avgränsare"


def persons_csv_read(
    text: str, *, collaboration: Collaboration, audience: policy.Audience
) -> tuple[list[PersonRow], list[RowError]]:
    """Every row checked, every problem told with its row and column (in Swedish)."""
    import csv
    import io

    from django.core.validators import validate_email

    errors: list[RowError] = []
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text), delimiter=csv_delimiter(text))
    rows: list[list[str]] = []
    try:
        for cells in reader:
            rows.append(cells)
    except csv.Error as exc:
        return [], [
            RowError(
                reader.line_num,
                "",
                f"Raden kan inte läsas som CSV ({_csv_problem(exc)}); inget lästes in.",
            )
        ]
    if not rows or not any(c.strip() for c in rows[0]):
        return [], [RowError(1, "", "Filen är tom.")]
    header = [CSV_ALIASES.get(c.strip().lower(), c.strip().lower()) for c in rows[0]]
    missing = [c for c in ("namn", "organ", "roll") if c not in header]
    if missing:
        return [], [
            RowError(
                1,
                ", ".join(missing),
                "Rubrikraden saknar kolumnerna "
                + ", ".join(missing)
                + " (väntade: "
                + ", ".join(CSV_COLUMNS)
                + ").",
            )
        ]
    if len(rows) - 1 > MAX_CSV_ROWS:
        return [], [RowError(1, "", f"Högst {MAX_CSV_ROWS} rader per fil.")]
    bodies = Body.objects.in_collaboration(collaboration)
    parsed: list[PersonRow] = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        value = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
        row_errors: list[RowError] = []

        def err(column: str, message: str, number: int = number, bucket: list = row_errors) -> None:
            bucket.append(RowError(number, column, message))

        name = value.get("namn", "")
        if not name:
            err("namn", "Namn saknas.")
        elif len(name) > 200:
            err("namn", "Namnet är för långt (högst 200 tecken).")
        email = value.get("e-post", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                err("e-post", f"”{email}” är ingen giltig e-postadress.")
        letters = value.get("parti", "")
        if letters and not re.fullmatch(r"[A-Za-zÅÄÖåäö]{1,6}", letters):
            err("parti", f"”{letters}” är ingen partibeteckning (t.ex. S, M, C, KD).")
        body_value = value.get("organ", "")
        body = None
        if not body_value:
            err("organ", "Organ saknas.")
        else:
            body = (
                bodies.filter(short_name__iexact=body_value).first()
                or bodies.filter(name__iexact=body_value).first()
            )
            if body is None:
                err("organ", f"Organet ”{body_value}” finns inte i {collaboration.short_name}.")
            elif not policy.may_manage_body(audience, body.pk):
                err("organ", f"Du sköter inte {body.short_name} och kan inte lägga in uppdrag där.")
        role = CSV_ROLES.get(value.get("roll", "").lower())
        if role is None:
            err(
                "roll",
                f"Okänd roll ”{value.get('roll', '')}” (t.ex. ledamot, ersättare, ordförande).",
            )
        start = end = None
        for column in ("från", "till"):
            if value.get(column):
                try:
                    day = _csv_date(value[column])
                except ValueError:
                    err(column, f"”{value[column]}” är inget datum; skriv ÅÅÅÅ-MM-DD.")
                    continue
                if column == "från":
                    start = day
                else:
                    end = day
        if start and end and end < start:
            err("till", "Slutdatumet ligger före startdatumet.")
        if row_errors or body is None or role is None:
            errors.extend(row_errors)
            continue
        existing = person_match(collaboration, name, body=body, email=email)
        if (
            existing is not None
            and email
            and existing.email
            and existing.email.lower() != email.lower()
        ):
            existing = None
        parsed.append(
            PersonRow(
                number,
                name,
                email,
                letters.upper(),
                body,
                role,
                start,
                end,
                existing=person_label(existing) if existing else "",
            )
        )
    if not parsed and not errors:
        errors.append(RowError(2, "", "Filen har inga rader efter rubrikraden."))
    return parsed, errors


@transaction.atomic
def persons_import(
    rows: list[PersonRow], *, audience: policy.Audience, user: object = None
) -> tuple[Counter[str], list[RowError]]:
    """Save the rows, all or nothing: a row the structure's rules refuse is told with its
    row number and nothing is saved. A row already there (the same person, body, role
    and period) is left as it is, so a rerun saves nothing new."""
    counts: Counter[str] = Counter()
    errors: list[RowError] = []
    with _acting(user):
        sid = transaction.savepoint()
        for row in rows:
            try:
                with transaction.atomic():
                    _person_row_save(row, audience, counts)
            except ValidationError as exc:
                column = ""
                if hasattr(exc, "error_dict"):
                    names = {"person": "namn", "role": "roll", "start": "från", "end": "till"}
                    column = names.get(next(iter(exc.error_dict)), "")
                errors.append(RowError(row.row, column, _message(exc)))
        if errors:
            transaction.savepoint_rollback(sid)
            return Counter(), errors
        transaction.savepoint_commit(sid)
    return counts, errors


def _person_row_save(row: PersonRow, audience: policy.Audience, counts: Counter[str]) -> None:
    people = _People(row.body, audience, "Import av personer (CSV)")
    person = None
    if row.email:
        person = person_match(row.body.collaboration, "", email=row.email)
    person = person or people.get(row.name)
    if row.email and person.email and person.email.lower() != row.email.lower():
        # A namesake with another address is another person.
        people.cache.pop(row.name, None)
        person = people.create(row.name)
    if person.name != row.name:
        raise ValidationError(
            {
                "person": f"E-postadressen {row.email} hör till en annan person i samverkan "
                f"än {row.name}."
            }
        )
    if row.email and not person.email:
        person.email = row.email
        if audience.is_admin:
            structure_services.person_save(person)
        else:
            structure_services.person_save_within(person, body_ids=audience.managed_body_ids)
        counts["personer (e-post tillagd)"] += 1
    counts.update(people.counts)
    existing = Membership.objects.filter(
        person=person, body=row.body, role=row.role, start=row.start, end=row.end
    ).first()
    if existing is not None:
        counts["uppdrag (fanns redan)"] += 1
        return
    m = Membership(
        person=person,
        body=row.body,
        role=row.role,
        party_letters=row.party_letters,
        start=row.start,
        end=row.end,
        source="Import av personer (CSV)",
    )
    people._save(m)
    counts["uppdrag (nya)"] += 1
