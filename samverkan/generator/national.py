"""National scale: `samverkan generate --scale sverige` (or `tiondel`, a tenth of it).

Twenty-one fictional collaborations, one per county with its real number of
municipalities (290 in all), each with twelve bodies meeting ten times a year for ten
years. At full scale that is about 1 M cases, 1 M agenda items (one case each), 2 M
document records (two per item) of which 10 % (200 k) carry text, a handling and a
registry entry per case, and a search entry per case and per text.

This is a load, not a story: it writes rows straight into the tables in bulk
(executemany on SQLite, COPY on PostgreSQL), without the services, signals or audit log,
so that the benchmarks have national volumes in minutes. Everything it writes is
marked as demo data and its names are fictional ("Skalregion 01", "Skalkommun 01-03").
The same seed gives the same rows; a second run with the collaborations in place
writes nothing."""

from __future__ import annotations

import datetime
import json
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from samverkan.cases.models import Case, CaseSeries, Handling, RegistryEntry
from samverkan.documents.models import Document, DocumentVersion
from samverkan.meetings.models import AgendaItem, Meeting, SupportingDocument
from samverkan.search import backends
from samverkan.search.models import SearchEntry
from samverkan.structure.models import (
    Body,
    Collaboration,
    Membership,
    Participation,
    Party,
    Person,
    Term,
)

# Municipalities per county (the 21 regions), as in Sweden: 290 in all.
MUNICIPALITIES_PER_REGION = (
    26,
    8,
    9,
    13,
    13,
    8,
    12,
    1,
    5,
    33,
    6,
    49,
    16,
    12,
    10,
    15,
    10,
    7,
    8,
    15,
    14,
)
BODIES_PER_COLLABORATION = 12
MEETINGS_PER_BODY_YEAR = 10
YEARS = 10
ITEMS_PER_MEETING = 40  # at full scale: 21 × 12 × 10 × 10 × 40 ≈ 1 M
DOCUMENTS_PER_ITEM = 2
TEXT_SHARE = 0.10  # of the documents, those with extracted text
CLOSED_ITEM_SHARE = 0.05
CONFIDENTIAL_DOCUMENT_SHARE = 0.03
SCALES = {"sverige": 1.0, "tiondel": 0.1}
DEMO_NOTE = "Påhittad data för prestandamätning (samverkan generate --scale)."
SLUG_PREFIX = "skala-"

WORDS = (  # noqa: SIM905 (read as prose)
    "skola skolan skolor elevhälsa hälsa hälsan ohälsa vård vården omsorg omsorgen kommun "
    "kommunen kommunerna region regionen barn barnen barnens utredning utredningen rapport "
    "rapporten avtal avtalet överenskommelse överenskommelsen plan planen uppföljning "
    "uppföljningen beslut beslutet rekommendation socialtjänst socialtjänsten psykiatri "
    "missbruk beroende samordning samordnad individuell insats insatser äldre äldreomsorg "
    "hemsjukvård digital digitala vårdplanering utskrivning ekonomi kostnad kostnader budget "
    "länets kommunernas gemensam gemensamma riktlinje riktlinjer handlingsplan ansvar"
).split()
COMMON = "samverkan"
BODY_NAMES = (
    ("Politisk samverkansarena", "PSA", Body.Kind.POLITICAL_ARENA),
    ("Tjänstepersonsarena", "TSA", Body.Kind.OFFICIALS_ARENA),
    ("Beredningsgrupp skola", "BGS", Body.Kind.WORKING_GROUP),
    ("Beredningsgrupp socialtjänst", "BGSO", Body.Kind.WORKING_GROUP),
    ("Beredningsgrupp hälso- och sjukvård", "BGH", Body.Kind.WORKING_GROUP),
    ("Barn och unga", "BU", Body.Kind.WORKING_GROUP),
    ("Psykisk hälsa", "PH", Body.Kind.WORKING_GROUP),
    ("Äldre", "ÄLD", Body.Kind.WORKING_GROUP),
    ("Missbruk och beroende", "MB", Body.Kind.WORKING_GROUP),
    ("Digital samverkan", "DIG", Body.Kind.WORKING_GROUP),
    ("Vårdsamverkansråd", "VSR", Body.Kind.COUNCIL),
    ("Elevhälsa", "EH", Body.Kind.WORKING_GROUP),
)


@dataclass
class NationalResult:
    scale: str
    seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    existing: bool = False


def scale_factor(scale: str) -> float:
    if scale not in SCALES:
        raise ValueError(f"Okänd skala: {scale!r} (välj {', '.join(SCALES)}).")
    return SCALES[scale]


def items_per_meeting(scale: str) -> int:
    return max(1, round(ITEMS_PER_MEETING * scale_factor(scale)))


def expected_counts(scale: str, regions: int | None = None) -> dict[str, int]:
    """What a load of `scale` writes, before it runs (for the progress bar and tests)."""
    counties = MUNICIPALITIES_PER_REGION[:regions]
    meetings = len(counties) * BODIES_PER_COLLABORATION
    meetings *= MEETINGS_PER_BODY_YEAR * YEARS
    items = meetings * items_per_meeting(scale)
    return {
        "collaborations": len(counties),
        "parties": len(counties) + sum(counties),
        "meetings": meetings,
        "items": items,
        "cases": items,
        "documents": items * DOCUMENTS_PER_ITEM,
    }


class _Bulk:
    """Rows straight into a model's table: every concrete column, defaults filled in,
    values prepared as Django would; ids given by the caller (so that rows can point at
    each other without reading them back)."""

    def __init__(self) -> None:
        self.now = timezone.now()
        self.touched: set[str] = set()

    def next_id(self, model: type[models.Model]) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {model._meta.db_table}")  # noqa: S608
            (found,) = cursor.fetchone()
        return int(found or 0) + 1

    def insert(self, model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
        fields = list(model._meta.concrete_fields)
        defaults: list[Any] = []
        prepare: list[Callable[[Any], Any] | None] = []
        for f in fields:
            if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
                defaults.append(self.now)
            elif f.attname == "collaboration_id":
                defaults.append(None)  # always named by the caller
            elif f.has_default():
                defaults.append(f.get_default())
            elif f.null:
                defaults.append(None)
            else:
                defaults.append("" if f.empty_strings_allowed else None)
            prepare.append(self._preparer(f))
        names = [f.attname for f in fields]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = model._meta.db_table
        self.touched.add(table)

        def values(row: dict[str, Any]) -> tuple[Any, ...]:
            out = []
            for name, default, prep in zip(names, defaults, prepare, strict=True):
                value = row.get(name, default)
                out.append(prep(value) if prep is not None and value is not None else value)
            return tuple(out)

        count = 0
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                raw = cursor.cursor  # psycopg's own cursor: COPY
                with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(values(row))
                        count += 1
            return count
        placeholders = ", ".join("?" for _ in fields)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        raw_connection = connection.connection
        chunk: list[tuple[Any, ...]] = []
        for row in rows:
            chunk.append(values(row))
            if len(chunk) == 20000:
                raw_connection.executemany(sql, chunk)
                count, chunk = count + len(chunk), []
        if chunk:
            raw_connection.executemany(sql, chunk)
            count += len(chunk)
        return count

    @staticmethod
    def _preparer(f: models.Field) -> Callable[[Any], Any] | None:
        kind = f.get_internal_type()
        if kind == "JSONField":
            return json.dumps
        if kind in ("DateTimeField", "DateField", "TimeField") and connection.vendor == "sqlite":

            def prepared(value: Any) -> Any:
                return f.get_db_prep_save(value, connection)

            return prepared
        return None

    def sequences_reset(self) -> None:
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for table in sorted(self.touched):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
                )


def _text(rng: random.Random, words: int) -> str:
    out = rng.choices(WORDS, k=words)
    if rng.random() < 0.5:
        out.insert(rng.randrange(len(out) + 1), COMMON)
    return " ".join(out)


def national_load(
    scale: str,
    *,
    seed: int = 1,
    as_of: datetime.date | None = None,
    regions: int | None = None,
    say: Callable[[str], None] = lambda _text: None,
) -> NationalResult:
    """Load `scale` ("sverige" or "tiondel"); nothing when its collaborations exist.
    `regions` keeps only the first regions (for tests)."""
    factor = scale_factor(scale)
    result = NationalResult(scale=scale)
    if Collaboration.objects.filter(slug__startswith=SLUG_PREFIX).exists():
        result.existing = True
        return result
    as_of = as_of or timezone.localdate()
    first_year = as_of.year - YEARS + 1
    per_meeting = items_per_meeting(scale)
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    bulk = _Bulk()

    def stage(name: str, started: float) -> None:
        result.seconds[name] = round(time.perf_counter() - started, 1)
        say(f"  {name}: {result.seconds[name]} s")

    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")  # a load: rebuilt if it fails

    # Structure: collaborations, parties, bodies, participation, terms, persons.
    started = time.perf_counter()
    with transaction.atomic():
        ids: dict[type[models.Model], int] = {
            m: bulk.next_id(m)
            for m in (
                Collaboration,
                Party,
                Body,
                Participation,
                Term,
                Person,
                Membership,
                CaseSeries,
            )
        }
        collaborations: list[dict[str, Any]] = []
        parties: list[dict[str, Any]] = []
        bodies: list[dict[str, Any]] = []
        participations: list[dict[str, Any]] = []
        terms: list[dict[str, Any]] = []
        persons: list[dict[str, Any]] = []
        memberships: list[dict[str, Any]] = []
        series: list[dict[str, Any]] = []
        demo = {"is_demo": True, "demo_note": DEMO_NOTE}
        for r, n_municipalities in enumerate(MUNICIPALITIES_PER_REGION[:regions], start=1):
            cid = ids[Collaboration] + r - 1
            collaborations.append(
                {
                    "id": cid,
                    "name": f"Nationell skala {r:02d}",
                    "short_name": f"Skala {r:02d}",
                    "slug": f"{SLUG_PREFIX}{r:02d}",
                    "description": DEMO_NOTE,
                    "is_demo": True,
                    "demo_note": DEMO_NOTE,
                    "sort_order": 900 + r,
                }
            )
            own_parties = []
            for m in range(n_municipalities + 1):
                pid = ids[Party] + len(parties)
                name = f"Skalregion {r:02d}" if m == 0 else f"Skalkommun {r:02d}-{m:02d}"
                parties.append(
                    {
                        "id": pid,
                        "collaboration_id": cid,
                        "name": name,
                        "short_name": name,
                        "slug": f"region-{r:02d}" if m == 0 else f"kommun-{r:02d}-{m:02d}",
                        "kind": Party.Kind.REGION if m == 0 else Party.Kind.MUNICIPALITY,
                        "sort_order": m,
                        **demo,
                    }
                )
                own_parties.append(pid)
            series.append(
                {
                    "id": ids[CaseSeries] + r - 1,
                    "collaboration_id": cid,
                    "code": f"S{r:02d}",
                    "name": f"Skala {r:02d}",
                    "organisation_id": own_parties[0],
                }
            )
            for t in range(4):
                start = datetime.date(first_year - 2 + 4 * t, 1, 1)
                terms.append(
                    {
                        "id": ids[Term] + len(terms),
                        "collaboration_id": cid,
                        "name": f"{start.year}–{start.year + 3}",
                        "start": start,
                        "end": datetime.date(start.year + 3, 12, 31),
                        **demo,
                    }
                )
            for b, (name, short, kind) in enumerate(BODY_NAMES):
                bid = ids[Body] + len(bodies)
                bodies.append(
                    {
                        "id": bid,
                        "collaboration_id": cid,
                        "name": name,
                        "short_name": short,
                        "slug": short.lower().replace("ä", "a"),
                        "kind": kind,
                        "decision_power": Body.DecisionPower.INFORMATION,
                        "meetings_per_year": MEETINGS_PER_BODY_YEAR,
                        "founded_on": datetime.date(first_year, 1, 1),
                        "sort_order": b,
                        **demo,
                    }
                )
                seated = own_parties if kind == Body.Kind.POLITICAL_ARENA else own_parties[:6]
                for p, party_id in enumerate(seated):
                    participations.append(
                        {
                            "id": ids[Participation] + len(participations),
                            "body_id": bid,
                            "party_id": party_id,
                            "seats": 1,
                            **demo,
                        }
                    )
                    person_id = ids[Person] + len(persons)
                    persons.append(
                        {
                            "id": person_id,
                            "name": f"Person {r:02d}-{b:02d}-{p:02d}",
                            "slug": f"skala-person-{r:02d}-{b:02d}-{p:02d}",
                            **demo,
                        }
                    )
                    memberships.append(
                        {
                            "id": ids[Membership] + len(memberships),
                            "person_id": person_id,
                            "body_id": bid,
                            "role": Membership.Role.CHAIR if p == 0 else Membership.Role.MEMBER,
                            "party_id": party_id,
                            "start": datetime.date(first_year, 1, 1),
                            "position": p,
                            **demo,
                        }
                    )
        for model, rows in (
            (Collaboration, collaborations),
            (Party, parties),
            (CaseSeries, series),
            (Term, terms),
            (Body, bodies),
            (Participation, participations),
            (Person, persons),
            (Membership, memberships),
        ):
            bulk.insert(model, rows)
    result.counts.update(
        collaborations=len(collaborations), parties=len(parties), bodies=len(bodies)
    )
    stage("struktur", started)

    # Meetings, items with their cases, documents: one collaboration per transaction.
    started = time.perf_counter()
    counts = dict.fromkeys(("meetings", "items", "cases", "documents", "texts", "search"), 0)
    next_ids: dict[type[models.Model], int] = {
        m: bulk.next_id(m)
        for m in (
            Meeting,
            AgendaItem,
            Case,
            Handling,
            RegistryEntry,
            Document,
            DocumentVersion,
            SupportingDocument,
            SearchEntry,
        )
    }
    by_collaboration: dict[int, list[dict[str, Any]]] = {}
    for body in bodies:
        by_collaboration.setdefault(body["collaboration_id"], []).append(body)
    series_of = {s["collaboration_id"]: s for s in series}
    parties_of: dict[int, list[str]] = {}
    for party in parties:
        parties_of.setdefault(party["collaboration_id"], []).append(party["name"])
    for cid, own_bodies in by_collaboration.items():
        with transaction.atomic():
            made = _collaboration_load(
                bulk,
                rng,
                next_ids,
                own_bodies,
                series_of[cid],
                parties_of[cid],
                first_year=first_year,
                as_of=as_of,
                per_meeting=per_meeting,
            )
        for key, n in made.items():
            counts[key] += n
        say(f"  {series_of[cid]['name']}: {made['items']} punkter, {made['documents']} handlingar")
    result.counts.update(counts)
    stage("sammanträden, ärenden, handlingar", started)

    started = time.perf_counter()
    with transaction.atomic():
        backends.index_rebuild()
    stage("sökindex", started)
    started = time.perf_counter()
    bulk.sequences_reset()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    stage("analyze", started)
    del factor
    return result


def _collaboration_load(
    bulk: _Bulk,
    rng: random.Random,
    next_ids: dict[type[models.Model], int],
    bodies: Sequence[dict[str, Any]],
    series: dict[str, Any],
    party_names: Sequence[str],
    *,
    first_year: int,
    as_of: datetime.date,
    per_meeting: int,
) -> dict[str, int]:
    meetings: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    cases: list[dict[str, Any]] = []
    handlings: list[dict[str, Any]] = []
    entries: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = []
    versions: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    search: list[dict[str, Any]] = []
    numbers: dict[int, int] = {}

    def take(model: type[models.Model]) -> int:
        next_ids[model] += 1
        return next_ids[model] - 1

    code, cid = series["code"], series["collaboration_id"]
    for body in bodies:
        for year in range(first_year, first_year + YEARS):
            for n in range(MEETINGS_PER_BODY_YEAR):
                date = datetime.date(year, 1 + n + (n >= 6), 10 + body["sort_order"])
                mid = take(Meeting)
                meetings.append(
                    {
                        "id": mid,
                        "body_id": body["id"],
                        "date": date,
                        "start_time": datetime.time(9, 0),
                        "end_time": datetime.time(12, 0),
                        "place": "Regionens hus",
                        "is_demo": True,
                        "source": DEMO_NOTE,
                    }
                )
                for position in range(1, per_meeting + 1):
                    number = numbers[year] = numbers.get(year, 0) + 1
                    case_id = take(Case)
                    title = _text(rng, 6).capitalize()
                    closed = rng.random() < CLOSED_ITEM_SHARE
                    cases.append(
                        {
                            "id": case_id,
                            "series_id": series["id"],
                            "number": number,
                            "year": year,
                            "title": title,
                            "description": _text(rng, 30),
                            "registered_on": date - datetime.timedelta(days=30),
                            "closed_on": date if date < as_of else None,
                            "is_demo": True,
                        }
                    )
                    handlings.append(
                        {
                            "id": take(Handling),
                            "case_id": case_id,
                            "body_id": body["id"],
                            "kind": Handling.Kind.values[0],
                            "date": date,
                            "summary": _text(rng, 8),
                            "is_demo": True,
                        }
                    )
                    protected = rng.random() < 0.03
                    entries.append(
                        {
                            "id": take(RegistryEntry),
                            "case_id": case_id,
                            "date": date - datetime.timedelta(days=30),
                            "direction": RegistryEntry.Direction.values[0],
                            "counterpart": rng.choice(party_names),
                            "description": _text(rng, 7).capitalize(),
                            "counterpart_protected": protected,
                            "description_protected": protected,
                            "confidentiality_ground": "OSL 26 kap. 1 §" if protected else "",
                            "is_demo": True,
                        }
                    )
                    item_id = take(AgendaItem)
                    items.append(
                        {
                            "id": item_id,
                            "meeting_id": mid,
                            "position": position,
                            "title": title,
                            "case_id": case_id,
                            "description": _text(rng, 20),
                            "proposed_decision": "Arenan beslutar att " + _text(rng, 8),
                            "is_public": not closed,
                            "confidentiality_ground": "OSL 26 kap. 1 §" if closed else "",
                        }
                    )
                    url = f"/arenden/{code}/{number}/{year}/"
                    search.append(
                        {
                            "id": take(SearchEntry),
                            "kind": SearchEntry.Kind.CASE,
                            "object_id": case_id,
                            "title": f"{code}/{number}/{year} {title}",
                            "text": cases[-1]["description"],
                            "url": url,
                            "body_id": body["id"],
                            "collaboration_id": cid,
                            "year": year,
                            "is_public": True,
                        }
                    )
                    for d in range(DOCUMENTS_PER_ITEM):
                        doc_id = take(Document)
                        secret = closed or rng.random() < CONFIDENTIAL_DOCUMENT_SHARE
                        doc_title = f"{'Tjänsteskrivelse' if d == 0 else 'Bilaga'}: {title}"
                        documents.append(
                            {
                                "id": doc_id,
                                "title": doc_title[:300],
                                "confidentiality_ground": "OSL 26 kap. 1 §" if secret else "",
                                "is_demo": True,
                            }
                        )
                        links.append(
                            {
                                "id": take(SupportingDocument),
                                "agenda_item_id": item_id,
                                "position": d,
                                "document_id": doc_id,
                            }
                        )
                        if rng.random() >= TEXT_SHARE:
                            continue
                        text = _text(rng, 150)
                        version_id = take(DocumentVersion)
                        versions.append(
                            {
                                "id": version_id,
                                "document_id": doc_id,
                                "number": 1,
                                "file": f"handlingar/skala/{doc_id}.txt",
                                "original_name": f"{doc_id}.txt",
                                "content_type": "text/plain",
                                "size": len(text.encode()),
                                "sha256": "0" * 64,
                                "text": text,
                            }
                        )
                        search.append(
                            {
                                "id": take(SearchEntry),
                                "kind": SearchEntry.Kind.DOCUMENT,
                                "object_id": version_id,
                                "title": doc_title[:500],
                                "text": text,
                                "url": f"/sammantraden/{mid}/#punkt-{position}",
                                "body_id": body["id"],
                                "collaboration_id": cid,
                                "year": year,
                                "is_public": not secret,
                            }
                        )
    for model, rows in (
        (Meeting, meetings),
        (Case, cases),
        (Handling, handlings),
        (RegistryEntry, entries),
        (AgendaItem, items),
        (Document, documents),
        (DocumentVersion, versions),
        (SupportingDocument, links),
        (SearchEntry, search),
    ):
        bulk.insert(model, rows)
    return {
        "meetings": len(meetings),
        "items": len(items),
        "cases": len(cases),
        "documents": len(documents),
        "texts": len(versions),
        "search": len(search),
    }
