"""Reads for the e-archive export: what a package holds (a case, or a body's meetings of
one calendar year), built as plain data (package.py) for the writers.

The export is for the archive (policy.may_archive): every record is included, the
confidential ones too, each marked with a restriction that names its legal ground."""

import datetime
import mimetypes
import re
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils import timezone

from samverkan.cases.models import Case, Decision, RegistryEntry
from samverkan.documents.models import Document, DocumentVersion
from samverkan.meetings.models import AgendaItem, Meeting, MinutesCorrection
from samverkan.retention.selectors import disposal_info
from samverkan.structure.models import Body, Collaboration

from .package import (
    Agent,
    Aggregation,
    Disposal,
    Package,
    PackageFile,
    Record,
    Restriction,
)

UTC = datetime.UTC
CASE_NUMBER_RE = re.compile(r"^\s*([A-Za-zÅÄÖåäö]+)\s*/\s*(\d+)\s*/\s*(\d{4})\s*$")

DIRECTIONS: dict[str, str] = {
    RegistryEntry.Direction.RECEIVED: "incoming",
    RegistryEntry.Direction.SENT: "outgoing",
    RegistryEntry.Direction.DRAWN_UP: "internal_memo_without_follow-up",
}


class NotFound(Exception):
    """Nothing to export under that name (the message is Swedish, for the user)."""


# --- Finding what to export -----------------------------------------------------------------


def case_for_number(number: str, collaboration: Collaboration | None = None) -> Case:
    match = CASE_NUMBER_RE.match(number)
    if not match:
        raise NotFound(f"”{number}” är inget diarienummer (som RS/418/2025).")
    code, running, year = match.groups()
    cases = Case.objects.select_related("series__collaboration", "case_type", "case_officer")
    cases = cases.filter(series__code=code.upper(), number=int(running), year=int(year))
    if collaboration is not None:
        cases = cases.filter(series__collaboration=collaboration)
    found = list(cases[:2])
    if not found:
        raise NotFound(f"Ärendet {number} finns inte.")
    if len(found) > 1:
        raise NotFound(f"Diarienumret {number} finns i flera samverkningar; ange --collaboration.")
    return found[0]


def body_for_name(name: str, collaboration: Collaboration | None = None) -> Body:
    """A body by its short name (RSR) or its slug (rsr), case-insensitively."""
    bodies = Body.objects.select_related("collaboration").filter(
        Q(short_name__iexact=name.strip()) | Q(slug__iexact=name.strip())
    )
    if collaboration is not None:
        bodies = bodies.filter(collaboration=collaboration)
    found = list(bodies[:2])
    if not found:
        raise NotFound(f"Organet ”{name}” finns inte.")
    if len(found) > 1:
        raise NotFound(f"Organet ”{name}” finns i flera samverkningar; ange --collaboration.")
    return found[0]


def collaboration_for_slug(slug: str) -> Collaboration:
    try:
        return Collaboration.objects.get(slug=slug)
    except Collaboration.DoesNotExist:
        raise NotFound(f"Samverkan ”{slug}” finns inte.") from None


def body_year_meetings(body: Body, year: int) -> QuerySet[Meeting]:
    return Meeting.objects.filter(body=body, date__year=year, cancelled_at__isnull=True).order_by(
        "date", "start_time", "pk"
    )


def closed_cases(collaboration: Collaboration | None = None) -> list[Case]:
    """Every closed case (avslutat), oldest first."""
    cases = Case.objects.filter(closed_on__isnull=False).select_related("series")
    if collaboration is not None:
        cases = cases.filter(series__collaboration=collaboration)
    return list(cases.order_by("year", "series__code", "number", "pk"))


def closed_body_years(
    today: datetime.date, collaboration: Collaboration | None = None
) -> list[tuple[Body, int]]:
    """Body-years ready for the archive: the calendar year is over and every meeting
    held that year has sealed minutes (a year with an unsealed meeting waits)."""
    meetings = Meeting.objects.filter(date__year__lt=today.year, cancelled_at__isnull=True)
    if collaboration is not None:
        meetings = meetings.filter(body__collaboration=collaboration)
    state: dict[tuple[int, int], bool] = {}
    for body_id, date, sealed_at in meetings.values_list("body_id", "date", "sealed_at"):
        key = (body_id, date.year)
        state[key] = state.get(key, True) and sealed_at is not None
    bodies = Body.objects.in_bulk({b for b, _ in state})
    ready = [(bodies[b], y) for (b, y), ok in state.items() if ok]
    return sorted(ready, key=lambda by: (by[1], by[0].short_name, by[0].pk))


# --- Helpers ----------------------------------------------------------------------------


def _at(value: datetime.date | datetime.datetime | None) -> datetime.datetime | None:
    """A date or time as an aware UTC datetime without microseconds (dates at 00:00 UTC)."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, UTC)
        return value.astimezone(UTC).replace(microsecond=0)
    return datetime.datetime(value.year, value.month, value.day, tzinfo=UTC)


def _dates(*pairs: tuple[str, datetime.date | datetime.datetime | None]) -> list:
    out = []
    for kind, value in pairs:
        at = _at(value)
        if at is not None:
            out.append((kind, at))
    return out


def _safe(name: str) -> str:
    """A file or folder name that every file system and archive takes."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", name.replace("å", "a").replace("ä", "a"))
    base = base.replace("ö", "o").strip("-.")
    return base[:80] or "fil"


def _mimetype(version: DocumentVersion) -> str:
    if version.content_type:
        return version.content_type
    return mimetypes.guess_type(version.original_name)[0] or "application/octet-stream"


def _read(field: object) -> bytes:
    f = field  # a FieldFile
    f.open("rb")  # type: ignore[attr-defined]
    try:
        return f.read()  # type: ignore[attr-defined]
    finally:
        f.close()  # type: ignore[attr-defined]


def _document_file(document: Document, folder: str) -> tuple[list[PackageFile], str]:
    """The current version's file, or a note why there is none."""
    if document.disposed_at is not None:
        return [], f"Gallrad {document.disposed_at:%Y-%m-%d}: {document.disposal_note}".strip()
    version = max(document.versions.all(), key=lambda v: v.number, default=None)
    if version is None:
        return [], "Handlingen har ingen fil."
    stem, dot, ext = version.original_name.rpartition(".")
    name = f"{document.pk:06d}-v{version.number}-{_safe(stem or ext)}"
    if dot:
        name += "." + _safe(ext).lower()
    content = _read(version.file)
    return [
        PackageFile(
            path=f"{folder}/{name}",
            content=content,
            mimetype=_mimetype(version),
            original_name=version.original_name,
            created=_at(version.created_at),
        )
    ], ""


def _disposals(documents: Iterable[Document]) -> dict[int, Disposal]:
    return {
        doc_id: Disposal(
            rule_code=info.rule_code,
            rule_name=info.rule_name,
            action=info.action,
            years=info.years,
            disposal_on=info.disposal_on,
            period_start=info.closed_on,
        )
        for doc_id, info in disposal_info(list(documents)).items()
    }


def _latest(values: Iterable[datetime.datetime | None]) -> datetime.datetime:
    known = [v for v in values if v is not None]
    return max(known) if known else datetime.datetime(1970, 1, 1, tzinfo=UTC)


def _document_restriction(document: Document) -> list[Restriction]:
    if not document.confidentiality_ground:
        return []
    return [
        Restriction(
            ground=document.confidentiality_ground,
            explanation=(
                "Handlingen innehåller uppgifter som omfattas av sekretess enligt "
                f"{document.confidentiality_ground}."
            ),
        )
    ]


def _closed_item_restriction(item: AgendaItem) -> list[Restriction]:
    if item.is_public:
        return []
    ground = item.confidentiality_ground or "Sekretessgrund ej angiven"
    return [
        Restriction(
            ground=ground,
            explanation=f"Stängd punkt på föredragningslistan ({ground}).",
        )
    ]


# --- A case ---------------------------------------------------------------------------------


def case_package(case: Case, created: datetime.datetime | None = None) -> Package:
    """A case file (akt): the case, its registry entries with the documents' current
    versions, its decisions and recommendations, and the bodies that handled it."""
    number = case.case_number
    entries = list(
        RegistryEntry.objects.filter(case=case)
        .select_related("document")
        .prefetch_related("document__versions")
        .order_by("date", "pk")
    )
    documents = [e.document for e in entries if e.document is not None]
    disposals = _disposals(documents)
    times: list[datetime.datetime | None] = [
        _at(case.registered_on),
        _at(case.closed_on),
    ]

    records: list[Record] = []
    for n, entry in enumerate(entries, 1):
        doc = entry.document
        restrictions: list[Restriction] = []
        if (
            entry.confidentiality_ground
            or entry.description_protected
            or entry.counterpart_protected
        ):
            ground = entry.confidentiality_ground or (doc.confidentiality_ground if doc else "")
            ground = ground or "Sekretessgrund ej angiven"
            restrictions.append(
                Restriction(
                    ground=ground,
                    explanation=f"Uppgifter i diarieföringen omfattas av sekretess ({ground}).",
                )
            )
        files: list[PackageFile] = []
        note = ""
        title = entry.description
        if doc is not None:
            for r in _document_restriction(doc):
                if r not in restrictions:
                    restrictions.append(r)
            files, note = _document_file(doc, "handlingar")
            title = doc.title or entry.description
            times += [f.created for f in files]
        date_kind = {"incoming": "received", "outgoing": "sent"}.get(
            DIRECTIONS[entry.direction], "created"
        )
        agents = []
        if entry.counterpart:
            agent_type = (
                "sender" if entry.direction == RegistryEntry.Direction.RECEIVED else ("recipient")
            )
            agents.append(Agent(agent_type=agent_type, name=entry.counterpart))
        disposal = disposals.get(doc.pk) if doc is not None else None
        records.append(
            Record(
                system_id=f"diariepost-{entry.pk}",
                record_type="Handling",
                title=title,
                identifications=[("diarienummer", number)],
                extra_ids=[("dokument", str(doc.pk))] if doc is not None else [],
                running_number=n,
                direction=DIRECTIONS[entry.direction],
                agents=agents,
                description=entry.description,
                dates=_dates((date_kind, entry.date)),
                restrictions=restrictions,
                disposal=disposal,
                disposal_note="" if disposal or doc is None else "Ingen gallringsregel.",
                notes=[("gallring", note)] if note else [],
                files=files,
            )
        )
        times.append(_at(entry.date))

    decisions = list(
        Decision.objects.filter(case=case)
        .select_related("body", "section__agenda_item", "section__meeting")
        .order_by("date", "pk")
    )
    for decision in decisions:
        restrictions = []
        section = decision.section
        if section is not None and section.agenda_item is not None:
            restrictions = _closed_item_restriction(section.agenda_item)
        ids = [("diarienummer", number)]
        if section is not None:
            ids.append(
                ("paragraf", f"{decision.body.short_name} § {section.number}/{section.year}")
            )
        records.append(
            Record(
                system_id=f"beslut-{decision.pk}",
                record_type="Beslut",
                title=f"Beslut i {decision.body.name}",
                identifications=ids,
                direction="internal_memo_without_follow-up",
                agents=[Agent(agent_type="creator", name=decision.body.name)],
                description=decision.text,
                dates=_dates(("decision", decision.date)),
                restrictions=restrictions,
            )
        )
        times.append(_at(decision.date))

    for rec in case.recommendations.order_by("issued_on", "pk").prefetch_related(
        "responses__party", "responses__document__versions"
    ):
        files = []
        notes = []
        secret: list[Record] = []
        for response in sorted(rec.responses.all(), key=lambda r: (r.party.name, r.pk)):
            line = f"{response.party.name}: {response.get_status_display()}"
            if response.decided_on:
                line += f" ({response.decided_on:%Y-%m-%d})"
            if response.decision_reference:
                line += f", {response.decision_reference}"
            notes.append(("partens beslut", line))
            if response.document is not None and not response.document.confidentiality_ground:
                got, _ = _document_file(response.document, "partssvar")
                files += got
            elif response.document is not None:
                # A confidential decision document goes in as its own record, marked.
                got, why = _document_file(response.document, "partssvar")
                secret.append(
                    Record(
                        system_id=f"partssvar-{response.pk}",
                        record_type="Partens beslut",
                        title=response.document.title,
                        identifications=[("diarienummer", number)],
                        direction="incoming",
                        agents=[Agent(agent_type="sender", name=response.party.name)],
                        dates=_dates(("decision", response.decided_on)),
                        restrictions=_document_restriction(response.document),
                        disposal_note=why,
                        files=got,
                    )
                )
        records.append(
            Record(
                system_id=f"rekommendation-{rec.pk}",
                record_type="Rekommendation",
                title=rec.title,
                identifications=[("diarienummer", number)],
                direction="outgoing",
                agents=[Agent(agent_type="creator", name=rec.proposed_by)]
                if rec.proposed_by
                else [],
                description=rec.text,
                dates=_dates(("sent", rec.issued_on), ("decision_deadline", rec.answer_by)),
                notes=notes,
                files=files,
            )
        )
        records.extend(secret)
        times.append(_at(rec.issued_on))

    actions = []
    for h in case.handlings.select_related("body").order_by("date", "pk"):
        actions.append(
            (f"{h.get_kind_display()} i {h.body.name}", h.get_kind_display(), _at(h.date))
        )
    agents = []
    if case.case_officer is not None:
        agents.append(Agent(agent_type="responsible_person", name=case.case_officer.name))
    organisation = case.series.organisation.name if case.series.organisation_id else ""
    first = min((e.date for e in entries), default=None)
    aggregation = Aggregation(
        system_id=f"arende-{case.pk}",
        aggregation_type="caseFile",
        title=case.title,
        identifications=[("diarienummer", number)],
        classification=(
            (case.series.code, case.case_type.name if case.case_type else case.series.name)
        ),
        level_name="Ärende",
        status="closed" if case.closed_on else "in_progress",
        agents=agents,
        description=case.description,
        dates=_dates(("created", case.registered_on or first), ("closed", case.closed_on)),
        actions=actions,
        records=records,
    )
    return Package(
        key=f"case:{case.series.collaboration.slug}:{number}",
        name=f"arende-{_safe(case.series.collaboration.slug)}-{_safe(case.series.code)}-{case.number}-{case.year}",
        label=f"Ärende {number} {case.title}",
        kind="case",
        created=created or _latest(times),
        agency=organisation or case.series.collaboration.name,
        aggregation=aggregation,
    )


# --- A body-year ----------------------------------------------------------------------------


def body_year_package(body: Body, year: int, created: datetime.datetime | None = None) -> Package:
    """A body's meetings of one calendar year: per meeting the agenda (as metadata), the
    sealed minutes (the original file, byte for byte), their public version and the
    attested corrections."""
    meetings = list(
        body_year_meetings(body, year).prefetch_related("items__case__series", "items__section")
    )
    if not meetings:
        raise NotFound(f"{body.short_name} har inga sammanträden {year}.")
    times: list[datetime.datetime | None] = []
    subs: list[Aggregation] = []
    for meeting in meetings:
        items = sorted(meeting.items.all(), key=lambda i: (i.position, i.pk))
        closed = [i for i in items if not i.is_public]
        grounds = sorted({i.confidentiality_ground or "Sekretessgrund ej angiven" for i in closed})
        records: list[Record] = []
        day = f"{meeting.date:%Y-%m-%d}"
        folder = f"{day}-{meeting.pk}"
        if meeting.notice_sent_at:
            records.append(
                Record(
                    system_id=f"kallelse-{meeting.pk}",
                    record_type="Kallelse",
                    title=f"Kallelse till {body.name} {day}",
                    direction="outgoing",
                    agents=[Agent(agent_type="sender", name=body.name)],
                    description=(
                        f"Kallelse med föredragningslista ({len(items)} punkter); "
                        "punkterna finns som egna poster i sammanträdets akt."
                    ),
                    dates=_dates(("sent", meeting.notice_sent_at)),
                )
            )
            times.append(_at(meeting.notice_sent_at))
        for item in items:
            section = getattr(item, "section", None)
            notes: list[tuple[str, str]] = []
            if item.proposed_decision:
                notes.append(("förslag till beslut", item.proposed_decision))
            if section is not None and section.decision:
                notes.append(("beslut", section.decision))
            if item.dispatch_to:
                notes.append(("expedieras till", item.dispatch_to))
            ids = [("punkt", str(item.position))]
            if item.case is not None:
                ids.append(("diarienummer", item.case.case_number))
            extra = []
            if section is not None:
                extra.append(("paragraf", f"§ {section.number}/{section.year}"))
            records.append(
                Record(
                    system_id=f"punkt-{item.pk}",
                    record_type="Punkt på föredragningslistan",
                    title=item.title,
                    identifications=ids,
                    extra_ids=extra,
                    running_number=item.position,
                    agents=(
                        [Agent(agent_type="other", name=item.presenters, role="föredragande")]
                        if item.presenters
                        else []
                    ),
                    description=item.description,
                    restrictions=_closed_item_restriction(item),
                    notes=notes,
                )
            )
        if meeting.sealed_at and meeting.minutes_pdf:
            minutes_restrictions = (
                [
                    Restriction(
                        ground=", ".join(grounds),
                        explanation=(
                            "Det justerade protokollet innehåller paragrafer från stängda "
                            f"punkter ({', '.join(grounds)})."
                        ),
                    )
                ]
                if closed
                else []
            )
            records.append(
                Record(
                    system_id=f"protokoll-{meeting.pk}",
                    record_type="Protokoll",
                    title=f"Protokoll {body.name} {day}",
                    extra_ids=[("sha256", meeting.minutes_sha256)]
                    if meeting.minutes_sha256
                    else [],
                    direction="internal_memo_without_follow-up",
                    agents=[Agent(agent_type="creator", name=body.name)]
                    + (
                        [Agent(agent_type="main_signatory", name=meeting.chair.name)]
                        if meeting.chair
                        else []
                    ),
                    description="Det justerade protokollet, den låsta filen som den justerades.",
                    dates=_dates(("created", meeting.date), ("finished", meeting.sealed_at)),
                    restrictions=minutes_restrictions,
                    relations=(
                        [("has_redacted_version", f"protokoll-offentlig-{meeting.pk}")]
                        if meeting.public_minutes_pdf
                        else []
                    ),
                    files=[
                        PackageFile(
                            path=f"{folder}/protokoll-{day}.pdf",
                            content=_read(meeting.minutes_pdf),
                            mimetype="application/pdf",
                            original_name=meeting.minutes_pdf.name.rsplit("/", 1)[-1],
                            created=_at(meeting.sealed_at),
                        )
                    ],
                )
            )
            times.append(_at(meeting.sealed_at))
            if meeting.public_minutes_pdf:
                records.append(
                    Record(
                        system_id=f"protokoll-offentlig-{meeting.pk}",
                        record_type="Protokoll, offentlig version",
                        title=f"Protokoll {body.name} {day} (offentlig version)",
                        direction="internal_memo_without_follow-up",
                        agents=[Agent(agent_type="creator", name=body.name)],
                        description="Protokollet utan paragrafer från stängda punkter.",
                        dates=_dates(("created", meeting.sealed_at)),
                        relations=[("is_redacted_version_of", f"protokoll-{meeting.pk}")],
                        files=[
                            PackageFile(
                                path=f"{folder}/protokoll-{day}-offentlig.pdf",
                                content=_read(meeting.public_minutes_pdf),
                                mimetype="application/pdf",
                                original_name=meeting.public_minutes_pdf.name.rsplit("/", 1)[-1],
                                created=_at(meeting.sealed_at),
                            )
                        ],
                    )
                )
        closed_numbers = {
            i.section.number for i in closed if getattr(i, "section", None) is not None
        }
        corrections = MinutesCorrection.objects.filter(
            meeting=meeting, attested_at__isnull=False
        ).order_by("attested_at", "pk")
        for c in corrections:
            where = f"§ {c.section_number}" if c.section_number else "protokollets huvud"
            restricted = c.section_number in closed_numbers
            records.append(
                Record(
                    system_id=f"rattelse-{c.pk}",
                    record_type="Protokollsrättelse",
                    title=f"Rättelse av {where}, protokoll {body.short_name} {day}",
                    direction="internal_memo_without_follow-up",
                    description=c.reason,
                    dates=_dates(("created", c.proposed_at), ("finished", c.attested_at)),
                    restrictions=(
                        [
                            Restriction(
                                ground=", ".join(grounds),
                                explanation="Rättelsen gäller en paragraf från en stängd punkt.",
                            )
                        ]
                        if restricted
                        else []
                    ),
                    notes=[("står i protokollet", c.wrong_text), ("ska vara", c.corrected_text)],
                    relations=[("reference", f"protokoll-{meeting.pk}")],
                )
            )
            times.append(_at(c.attested_at))
        times.append(_at(meeting.date))
        subs.append(
            Aggregation(
                system_id=f"sammantrade-{meeting.pk}",
                aggregation_type="subfile",
                title=f"Sammanträde {body.name} {day}",
                identifications=[("sammanträde", f"{body.short_name} {day}")],
                level_name="Sammanträde",
                status="closed" if meeting.sealed_at else "in_progress",
                agents=[
                    Agent(
                        agent_type="responsible_person", name=meeting.chair.name, role="ordförande"
                    )
                ]
                if meeting.chair
                else [],
                description=meeting.place,
                dates=_dates(("start", meeting.date), ("closed", meeting.sealed_at)),
                records=records,
            )
        )
    aggregation = Aggregation(
        system_id=f"organ-{body.pk}-{year}",
        aggregation_type="file",
        title=f"{body.name}: sammanträden {year}",
        identifications=[("organ", body.short_name), ("år", str(year))],
        level_name="Organ och år",
        status="closed" if all(m.sealed_at for m in meetings) else "in_progress",
        agents=[Agent(agent_type="creator", name=body.name)],
        description=body.mandate,
        dates=_dates(("start", meetings[0].date), ("end", meetings[-1].date)),
        aggregations=subs,
    )
    return Package(
        key=f"body-year:{body.collaboration.slug}:{body.slug}:{year}",
        name=f"organ-{_safe(body.collaboration.slug)}-{_safe(body.slug)}-{year}",
        label=f"{body.name} {year}",
        kind="body_year",
        created=created or _latest(times),
        agency=body.collaboration.name,
        aggregation=aggregation,
    )
