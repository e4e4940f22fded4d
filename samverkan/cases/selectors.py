"""Reads for cases. Everything that can hold confidential content is filtered or masked
here, by the user's right to see it, so no page can forget."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from samverkan.access.pii import personnummer_mask
from samverkan.access.policy import audience_for
from samverkan.documents.models import Document
from samverkan.meetings.models import SupportingDocument
from samverkan.structure.models import Party

from .models import (
    Case,
    CaseSeries,
    Decision,
    Handling,
    PartyResponse,
    Recommendation,
    RegistryEntry,
)

MASK = "[Sekretess]"


def case_by_number(code: str, number: int, year: int) -> Case:
    return Case.objects.select_related("series", "case_type").get(
        series__code=code.upper(), number=number, year=year
    )


@dataclass
class EntryView:
    """A registry entry as the viewer may see it."""

    entry: RegistryEntry
    counterpart: str
    description: str
    masked: bool
    document: Document | None


def readable_case_ids(user: object, case_ids: set[int]) -> set[int]:
    """Of these cases, those whose confidential parts the user reads."""
    return set(
        Case.objects.filter(pk__in=case_ids)
        .confidential_readable_by(audience_for(user))
        .values_list("pk", flat=True)
    )


def readable_document_ids(user: object, entries: list[RegistryEntry]) -> set[int]:
    ids = {e.document_id for e in entries if e.document_id}
    return set(Document.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def entry_view(
    entry: RegistryEntry,
    user: object,
    readable: set[int] | None = None,
    documents: set[int] | None = None,
) -> EntryView:
    """The entry as the user may see it: protected parts masked, and a personnummer
    typed into free text masked for everyone who may not read the case's secrets
    (OSL and GDPR)."""
    if readable is None:
        readable = readable_case_ids(user, {entry.case_id})
    if documents is None:
        documents = readable_document_ids(user, [entry])
    allowed = entry.case_id in readable
    ground = entry.confidentiality_ground
    hide_counterpart = entry.counterpart_protected and not allowed
    hide_description = entry.description_protected and not allowed
    document = entry.document
    if document is not None and (
        (document.is_confidential and not allowed) or document.pk not in documents
    ):
        document = None
    mask = f"{MASK} ({ground})" if ground else MASK
    shown = (lambda text: text) if allowed else personnummer_mask
    return EntryView(
        entry=entry,
        counterpart=mask if hide_counterpart else shown(entry.counterpart),
        description=mask if hide_description else shown(entry.description),
        masked=hide_counterpart or hide_description,
        document=document,
    )


def registry_entries(user: object, *, year: int | None = None, query: str = "") -> list[EntryView]:
    qs = RegistryEntry.objects.for_listing().visible_to(audience_for(user)).order_by("-date", "-id")
    if year:
        qs = qs.filter(date__year=year)
    page = list(qs[:500])
    readable = readable_case_ids(user, {e.case_id for e in page})
    documents = readable_document_ids(user, page)
    views = [entry_view(e, user, readable, documents) for e in page]
    if query:
        q = query.lower()
        views = [
            v
            for v in views
            if q in v.description.lower()
            or q in v.counterpart.lower()
            or q in v.entry.case.case_number.lower()
        ]
    return views


def case_status(case: Case) -> str:
    """What the case's handlings say about where it stands."""
    recs = list(case.recommendations.all())
    if case.closed_on:
        return f"Avslutat {case.closed_on:%Y-%m-%d}"
    if recs:
        return f"Rekommendation till parterna: {recommendation_state(recs[-1])}"
    handlings = sorted(case.handlings.all(), key=lambda h: (h.date or datetime.date.min, h.pk))
    if not handlings:
        return "Registrerat"
    last = handlings[-1]
    label = {
        Handling.Kind.PREPARATION: "Under beredning i",
        Handling.Kind.PROPOSAL: "Förslag till",
        Handling.Kind.DECISION: "Beslutat i",
        Handling.Kind.INFORMATION: "Information i",
        Handling.Kind.FOLLOW_UP: "Uppföljning i",
    }[Handling.Kind(last.kind)]
    return f"{label} {last.body.short_name}"


def recommendation_state(rec: Recommendation) -> str:
    """The overall state of a recommendation across the parties it was sent to."""
    counts = Counter(r.status for r in rec.responses.all())
    total = sum(counts.values())
    answered = total - counts[PartyResponse.Status.NOT_HANDLED]
    adopted = (
        counts[PartyResponse.Status.ADOPTED] + counts[PartyResponse.Status.ADOPTED_WITH_CHANGES]
    )
    if total and adopted == total:
        return "antagen av alla parter"
    if answered == 0:
        return f"ingen av {total} parter har svarat"
    if answered == total:
        return (
            f"besvarad av alla: {adopted} antagit, {counts[PartyResponse.Status.REJECTED]} avslagit"
        )
    return f"{answered} av {total} parter har svarat ({adopted} antagit, {counts[PartyResponse.Status.REJECTED]} avslagit)"


@dataclass
class TimelineEvent:
    date: datetime.date | None
    date_display: str
    kind: str
    title: str
    body: str = ""
    detail: str = ""
    url: str = ""
    documents: list[Document] = field(default_factory=list)
    masked: bool = False
    is_demo: bool = False


def case_timeline(case: Case, user: object) -> list[TimelineEvent]:
    """The case's life as the user may read it: handlings and decisions in full where the
    policy allows, masked otherwise; the supporting documents of its agenda items and its
    registered documents that the user may read."""
    audience = audience_for(user)
    events: list[TimelineEvent] = []
    full_handlings = set(case.handlings.visible_to(audience).values_list("pk", flat=True))
    documents_by_item: dict[int, list[Document]] = {}
    for link in (
        SupportingDocument.objects.filter(agenda_item__handlings__case=case)
        .visible_to(audience)
        .select_related("document")
        .order_by("position", "id")
    ):
        documents_by_item.setdefault(link.agenda_item_id, []).append(link.document)
    for h in case.handlings.select_related("body", "agenda_item__meeting", "section"):
        if h.pk not in full_handlings:
            h.summary = "[Punkten är inte offentlig.]"
        url = h.agenda_item.meeting.get_absolute_url() if h.agenda_item else ""
        title = f"{h.get_kind_display()} i {h.body.name}"
        if h.section:
            title += f", § {h.section.number}"
        elif h.agenda_item:
            title += f", punkt {h.agenda_item.position}"
        events.append(
            TimelineEvent(
                h.date,
                h.date_display,
                "handling",
                title,
                h.body.short_name,
                h.summary,
                url,
                documents=documents_by_item.get(h.agenda_item_id or 0, []),
                is_demo=h.is_demo,
            )
        )
    full_decisions = set(case.decisions.visible_to(audience).values_list("pk", flat=True))
    for d in case.decisions.select_related("body", "section__agenda_item"):
        if d.pk not in full_decisions:
            d.text = "[Beslutet fattades i en paragraf som inte är offentlig.]"
        events.append(
            TimelineEvent(
                d.date,
                d.date_display,
                "decision",
                f"Beslut i {d.body.name}",
                d.body.short_name,
                d.text,
                is_demo=d.is_demo,
            )
        )
    readable = readable_case_ids(user, {case.pk})
    entries = list(case.entries.select_related("document"))
    documents = readable_document_ids(user, entries)
    for e in entries:
        v = entry_view(e, user, readable, documents)
        docs = [v.document] if v.document else []
        events.append(
            TimelineEvent(
                e.date,
                e.date_display,
                "entry",
                f"{e.get_direction_display()}: {v.description}",
                detail=v.counterpart,
                documents=docs,
                masked=v.masked,
                is_demo=e.is_demo,
            )
        )
    for r in case.recommendations.all():
        events.append(
            TimelineEvent(
                r.issued_on,
                r.issued_on.isoformat() if r.issued_on else "odaterat",
                "recommendation",
                f"Rekommendation: {r.title}",
                detail=recommendation_state(r),
                url=r.get_absolute_url(),
                is_demo=r.is_demo,
            )
        )
    order = {"handling": 0, "decision": 1, "entry": 2, "recommendation": 3}
    return sorted(events, key=lambda ev: (ev.date or datetime.date.max, order[ev.kind]))


def cases_list() -> QuerySet[Case]:
    return Case.objects.select_related("series").prefetch_related(
        "recommendations__responses", "handlings__body"
    )


def recommendations_with_responses() -> QuerySet[Recommendation]:
    return Recommendation.objects.select_related("case__series").prefetch_related(
        Prefetch("responses", queryset=PartyResponse.objects.select_related("party", "document"))
    )


@dataclass
class MatrixRow:
    recommendation: Recommendation
    cells: list[PartyResponse | None]
    state: str


@dataclass
class Matrix:
    parties: list[Party]
    rows: list[MatrixRow]
    totals: Counter[str]


def recommendation_matrix() -> Matrix:
    recs = list(recommendations_with_responses())
    party_ids = {r.party_id for rec in recs for r in rec.responses.all()}
    parties = list(Party.objects.filter(pk__in=party_ids).order_by("sort_order", "name"))
    rows, totals = [], Counter[str]()
    for rec in recs:
        by_party = {r.party_id: r for r in rec.responses.all()}
        cells = [by_party.get(p.pk) for p in parties]
        totals.update(c.status for c in cells if c)
        rows.append(MatrixRow(rec, cells, recommendation_state(rec)))
    return Matrix(parties, rows, totals)


def decisions_for_case(case: Case) -> QuerySet[Decision]:
    return case.decisions.select_related("body", "section")


def series_for_registrar(user: object) -> QuerySet[CaseSeries]:
    """The series the user registers in: all for an administrator, else those where the
    user is a registrar."""
    audience = audience_for(user)
    if audience.is_admin:
        return CaseSeries.objects.all()
    if audience.user_id is None:
        return CaseSeries.objects.none()
    return CaseSeries.objects.filter(registrars=audience.user_id)


def int_or_none(value: object) -> int | None:
    """A whole number from a form value, or None: bad input is never a server error."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        return None
    return int(text)
