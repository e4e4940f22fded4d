"""Reads for cases. Everything that can hold confidential content is filtered or masked
here, by the user's right to see it, so no page can forget."""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

from samverkan.access.pii import personnummer_mask
from samverkan.access.policy import audience_for
from samverkan.documents.models import Document
from samverkan.meetings.models import SupportingDocument
from samverkan.structure.models import Body, Collaboration, Participation, Party, Person
from samverkan.structure.periods import in_force_on

from .models import (
    Case,
    CaseSeries,
    CaseType,
    Decision,
    FlowStep,
    Handling,
    PartyResponse,
    Recommendation,
    RegistryEntry,
    confidential_reader_exists,
)

MASK = "[Sekretess]"


def series_of(collaboration: Collaboration) -> "QuerySet[CaseSeries, Any]":
    """The keys of a collaboration's case series, for lists to filter on with
    `series_id__in`: a join to the series instead makes SQLite's planner start from the
    few series and sort every case or entry, where the list's order index reads only
    one page (measured at 200 000 entries: 170 ms against 2 ms)."""
    return CaseSeries.objects.filter(collaboration=collaboration).values("pk")


def case_by_number(
    code: str, number: int, year: int, collaboration: Collaboration | None = None
) -> Case:
    """A case by its number; series codes are unique within a collaboration."""
    cases = Case.objects.select_related("series", "case_type", "case_officer")
    if collaboration is not None:
        cases = cases.filter(series__collaboration=collaboration)
    return cases.get(series__code=code.upper(), number=number, year=year)


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


# A free-text filter of the registry needs this many characters (the substring index is
# made of three-character pieces), and counts its matches up to REGISTRY_TEXT_CAP.
REGISTRY_TEXT_MIN = 3
REGISTRY_TEXT_CAP = 1_000
# On SQLite, the newest registered entries holding the text that a filter looks at, per
# field (a common word is in every other entry).
REGISTRY_TEXT_CANDIDATES = 2_000


CASE_NUMBER = re.compile(r"^\s*(?:([A-Za-zÅÄÖåäö]{1,12})\s*/\s*)?(\d{1,9})(?:\s*/\s*(\d{4}))?\s*$")


def registry_entries_for(
    user: object,
    *,
    year: int | None = None,
    query: str = "",
    collaboration: Collaboration | None = None,
) -> QuerySet[RegistryEntry]:
    """The registry, newest first, filtered in the database: by year (a date range, so the
    (date, id) index serves it) and by text. The text matches a case number, or a
    description or counterpart the user reads unmasked: a protected part never matches
    for someone who sees it masked (the match would tell what the mask hides)."""
    qs = RegistryEntry.objects.for_listing().visible_to(audience_for(user)).order_by("-date", "-id")
    if collaboration is not None:
        qs = qs.filter(case__series_id__in=series_of(collaboration))
    if year:
        qs = qs.filter(date__gte=datetime.date(year, 1, 1), date__lt=datetime.date(year + 1, 1, 1))
    if query:
        number = CASE_NUMBER.match(query)
        if number:
            code, no, in_year = number.groups()
            by_number = Q(case__number=int(no))
            if code:
                by_number &= Q(case__series__code=code.upper())
            if in_year:
                by_number &= Q(case__year=int(in_year))
            return qs.filter(by_number)
        # Which fields hold the text (through the substring index), and whether the
        # user may match each: a protected field only for those who read it unmasked.
        in_description, in_counterpart = _holding_text(query, year)
        readable = confidential_reader_exists(audience_for(user), "case_id")
        qs = qs.filter(
            (in_description & (Q(description_protected=False) | readable))
            | (in_counterpart & (Q(counterpart_protected=False) | readable))
        )
    return qs


def _holding_text(text: str, year: int | None = None) -> tuple[Q, Q]:
    """Conditions for "the description holds the text" and "the counterpart holds the
    text", case-insensitive for every letter (å, ä and ö too), served by the substring
    index of migration 0006: on PostgreSQL `icontains` (UPPER … LIKE) uses the trigram
    indexes; on SQLite, whose LIKE folds only ASCII letters, a phrase query on one
    column of the FTS5 trigram table is the substring match, over the newest
    REGISTRY_TEXT_CANDIDATES matching entries (of the year, if one is given)."""
    if connection.vendor != "sqlite":
        return Q(description__icontains=text), Q(counterpart__icontains=text)
    phrase = '"' + text.replace('"', '""') + '"'
    sql = "SELECT rowid FROM registry_trgm WHERE registry_trgm MATCH %s"
    params: list[object] = []
    if year:
        sql += " AND date >= %s AND date < %s"
        params = [f"{year:04d}-01-01", f"{year + 1:04d}-01-01"]
    sql += f" ORDER BY rowid DESC LIMIT {REGISTRY_TEXT_CANDIDATES}"
    return (
        Q(pk__in=RawSQL(sql, [f"description : {phrase}", *params])),  # noqa: S611 (parameters)
        Q(pk__in=RawSQL(sql, [f"counterpart : {phrase}", *params])),  # noqa: S611 (parameters)
    )


def registry_entries_shown(
    user: object, entries: list[RegistryEntry], query: str = ""
) -> list[EntryView]:
    """A page of entries as the user may see them (three queries however long the page).
    With a text filter, only entries whose shown text holds it: a personnummer masked
    on display is no match either."""
    readable = readable_case_ids(user, {e.case_id for e in entries})
    documents = readable_document_ids(user, entries)
    views = [entry_view(e, user, readable, documents) for e in entries]
    if query and not CASE_NUMBER.match(query):
        q = query.lower()
        views = [v for v in views if q in v.description.lower() or q in v.counterpart.lower()]
    return views


def registry_entries(user: object, *, year: int | None = None, query: str = "") -> list[EntryView]:
    """The first page of the registry as the user may see it."""
    entries = list(registry_entries_for(user, year=year, query=query)[:50])
    return registry_entries_shown(user, entries, query)


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


def cases_list(
    officer: object = None, collaboration: Collaboration | None = None
) -> QuerySet[Case]:
    """The cases (of a collaboration); with `officer` (a user), those the user handles
    as case officer."""
    cases = Case.objects.select_related("series", "case_officer").prefetch_related(
        "recommendations__responses", "handlings__body"
    )
    if collaboration is not None:
        cases = cases.filter(series_id__in=series_of(collaboration))
    if officer is not None:
        cases = cases.filter(pk__in=cases_of_officer(officer).values("pk"))
    return cases


def cases_ordered(
    cases: QuerySet[Case], *, year: int | None = None, series_code: str = ""
) -> QuerySet[Case]:
    """Cases newest first, by year and number (the (year, number, id) index serves it),
    filtered by year and series."""
    cases = cases.order_by("-year", "-number", "-id")
    if year:
        cases = cases.filter(year=year)
    if series_code:
        cases = cases.filter(series__code=series_code)
    return cases


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


def recommendations_newest_first(
    collaboration: Collaboration | None = None,
) -> QuerySet[Recommendation]:
    recs = recommendations_with_responses().order_by("-issued_on", "-id")
    if collaboration is not None:
        recs = recs.filter(case__series_id__in=series_of(collaboration))
    return recs


def recommendation_matrix(
    recs: list[Recommendation] | None = None, collaboration: Collaboration | None = None
) -> Matrix:
    """The recommendations (all, or a page of them) against the parties that answer any
    recommendation, and the totals over all responses (one grouped count)."""
    if recs is None:
        recs = list(recommendations_newest_first(collaboration))
    responses = PartyResponse.objects.all()
    if collaboration is not None:
        responses = responses.filter(recommendation__case__series_id__in=series_of(collaboration))
    parties = list(
        Party.objects.filter(pk__in=responses.values("party_id")).order_by("sort_order", "name")
    )
    rows = []
    for rec in recs:
        by_party = {r.party_id: r for r in rec.responses.all()}
        cells = [by_party.get(p.pk) for p in parties]
        rows.append(MatrixRow(rec, cells, recommendation_state(rec)))
    totals = Counter[str](
        {
            row["status"]: row["n"]
            for row in responses.order_by().values("status").annotate(n=Count("id"))
        }
    )
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


# --- The planned flow and where the case is --------------------------------------------


@dataclass
class FlowStepView:
    step: FlowStep
    state: str  # "passed", "current" or "planned"
    handled_on: str = ""

    @property
    def state_display(self) -> str:
        return {"passed": "passerat", "current": "här nu", "planned": "planerat"}[self.state]


def case_flow(case: Case) -> list[FlowStepView]:
    """The bodies the case's type plans for it, in order, and how far it has come: its
    handlings, in date order, move it along the flow (a handling in a body further on
    passes the steps between); the last step reached is where the case is now, unless
    the case is closed."""
    if case.case_type_id is None:
        return []
    steps = list(FlowStep.objects.filter(case_type_id=case.case_type_id).select_related("body"))
    handlings = sorted(case.handlings.all(), key=lambda h: (h.date or datetime.date.min, h.pk))
    reached = -1
    handled_on: dict[int, str] = {}
    for h in handlings:
        for j in range(max(reached, 0), len(steps)):
            if steps[j].body_id == h.body_id:
                reached = j
                handled_on[j] = h.date_display
                break
    views = []
    for j, step in enumerate(steps):
        if j < reached or (j == reached and case.closed_on):
            state = "passed"
        elif j == reached:
            state = "current"
        else:
            state = "planned"
        views.append(FlowStepView(step, state, handled_on.get(j, "")))
    return views


def case_types_for_series(series: CaseSeries) -> QuerySet[CaseType]:
    """The types a case of the series may take: the series' own and the shared ones."""
    return CaseType.objects.filter(Q(series=series) | Q(series__isnull=True)).order_by("name")


def case_types_editable_by(user: object) -> QuerySet[CaseType]:
    """The types whose flows the user keeps: those of the series the user registers in;
    every type (the shared ones too) for an administrator."""
    audience = audience_for(user)
    if audience.is_admin:
        return CaseType.objects.select_related("series").order_by("series__code", "name")
    return (
        CaseType.objects.filter(series__in=series_for_registrar(user))
        .select_related("series")
        .order_by("series__code", "name")
    )


def case_officer_candidates() -> QuerySet[Person]:
    """Who can be a case officer: persons with an active account (bounded by the number
    of accounts, not of persons)."""
    return Person.objects.filter(user__isnull=False, user__is_active=True).order_by("name")


def _in_collaboration(qs: QuerySet, series: CaseSeries | None) -> QuerySet:
    """Bodies and parties of the series' collaboration (all for a shared type)."""
    if series is None:
        return qs
    return qs.filter(collaboration_id=series.collaboration_id)


def bodies_for_flows(on: datetime.date, series: CaseSeries | None = None) -> QuerySet[Body]:
    """Bodies a flow, a handling or a decision may name: those not dissolved before the
    day, of the series' collaboration."""
    bodies = Body.objects.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=on))
    return _in_collaboration(bodies, series).order_by("sort_order", "name")


def bodies_to_found(series: CaseSeries | None = None) -> QuerySet[Body]:
    """Bodies a decision may found: those no decision has founded yet."""
    return _in_collaboration(Body.objects.filter(founded_by=""), series).order_by(
        "sort_order", "name"
    )


def bodies_to_dissolve(series: CaseSeries | None = None) -> QuerySet[Body]:
    """Bodies a decision may dissolve: those not dissolved."""
    return _in_collaboration(Body.objects.filter(dissolved_on__isnull=True), series).order_by(
        "sort_order", "name"
    )


def parties_for_recommendation(series: CaseSeries | None = None) -> QuerySet[Party]:
    return _in_collaboration(Party.objects.all(), series).order_by("sort_order", "name")


def parties_participating(body: Body, on: datetime.date) -> QuerySet[Party]:
    """The parties taking part in the body on the day (a recommendation goes to them)."""
    ids = Participation.objects.filter(in_force_on(on), body=body).values("party_id")
    return Party.objects.filter(pk__in=ids).order_by("sort_order", "name")


def cases_of_officer(user: object) -> QuerySet[Case]:
    """ "Mina ärenden": the cases whose officer is the user's person."""
    audience = audience_for(user)
    if audience.person_id is None:
        return Case.objects.none()
    return Case.objects.filter(case_officer_id=audience.person_id)
