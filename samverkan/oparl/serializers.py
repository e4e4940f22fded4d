"""OParl 1.1 objects as dicts, from rows already filtered to what the public reads
(selectors.py). Embedded objects carry created/modified like the others (the spec text).

`Page` loads what a page of rows embeds in a fixed number of queries, whatever the page
size."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from samverkan.addresses import Addresses
from samverkan.cases.models import Case, Handling, RegistryEntry
from samverkan.documents.models import Document, DocumentVersion
from samverkan.meetings.models import AgendaItem, Meeting, Section
from samverkan.statements import Keys, compiled_once
from samverkan.structure.models import Membership, Term

from . import selectors as s

SCHEMA = "https://schema.oparl.org/1.1/"
Json = dict[str, Any]


class Urls:
    """Absolute ids, built from the request."""

    def __init__(self, absolute: Callable[[str], str]) -> None:
        self.absolute = absolute
        self._addresses = Addresses(absolute)

    def system(self) -> str:
        return self.absolute(reverse("oparl:system"))

    def body(self, pk: int) -> str:
        return self._addresses.of_key("oparl:body", pk)

    def list(self, body: int, kind: str) -> str:
        return self.absolute(reverse("oparl:list", args=[body, kind]))

    def object(self, kind: str, pk: int) -> str:
        return self._addresses.of_key("oparl:object", pk, (kind,))

    def download(self, kind: str, pk: int) -> str:
        return self._addresses.of_key("oparl:download", pk, (kind,))

    def access(self, document_pk: int) -> str:
        """The document's own download on the site (a File's accessUrl)."""
        return self._addresses.of_key("documents:download", document_pk)

    def web(self, path: str) -> str:
        return self.absolute(path)

    def page(self, obj: Meeting | Case) -> str:
        """A meeting's or case's own page on the site."""
        return self._addresses.fill(obj.URL_NAME, obj.url_args())


def _sorted(qs: models.QuerySet | list[Any], key: Callable[[Any], Any]) -> list[Any]:
    """A page's embedded rows (a bounded set, found by the page's keys) sorted here, not
    by the database: asked to sort by its primary key, SQLite walks the whole table in
    that order instead of the index on the page's keys (101 ms → 0.2 ms for the
    consultations of 100 agenda items at national scale)."""
    return sorted(qs.order_by() if isinstance(qs, models.QuerySet) else qs, key=key)


class _Version(NamedTuple):
    """What a File shows of a document's current version (read as values: a version's
    row holds its extracted text too)."""

    number: int
    original_name: str
    content_type: str
    size: int


class _Doc(NamedTuple):
    """What a File shows of a document (an embedded File's document read as values: a
    model instance and its three other times cost more than the File's JSON)."""

    pk: int
    title: str
    created_at: datetime.datetime | None
    oparl_created: datetime.datetime
    oparl_modified: datetime.datetime


class _Item(NamedTuple):
    """What an embedded AgendaItem shows of its row (a meeting's forty items read as
    values, without their texts)."""

    pk: int
    meeting_id: int
    position: int
    title: str
    oparl_created: datetime.datetime
    oparl_modified: datetime.datetime


def _read(
    query: str, keys: Iterable[int], row: Any, key: Callable[[Any], Any] | None = None
) -> list[Any]:
    """A page's embedded rows by one of the EMBEDDED queries, as `row` (a NamedTuple of
    the columns the query reads); sorted here by `key`, not by the database, as
    `_sorted`."""
    rows = [row._make(values) for values in _of_keys(query, keys)]
    return sorted(rows, key=key) if key else rows


class _Handling(NamedTuple):
    """What an embedded Consultation shows of its handling (a paper's handlings read as
    values)."""

    pk: int
    case_id: int
    body_id: int
    kind: str
    agenda_item_id: int | None
    oparl_created: datetime.datetime
    oparl_modified: datetime.datetime


class _Section(NamedTuple):
    number: int
    decision: str


_MEETING_UNSHOWN = ("sealed_content",)

# The queries a page's embedded rows are read by, each given the page's keys (or the
# keys its rows link to): the model whose times it reads, and the query. Each is
# compiled once (`_of_keys`), not built again on every page.
EMBEDDED: dict[str, tuple[type[models.Model], Callable[[Any], models.QuerySet]]] = {
    "items of meetings": (
        AgendaItem,
        lambda keys: (
            s.timed(s.public_agenda_items)
            .filter(meeting_id__keys_in=keys)
            .order_by()
            .values_list(*_Item._fields)
        ),
    ),
    "minutes of meetings": (
        Meeting,
        lambda keys: (
            s.timed(s.meetings_with_public_minutes)
            .filter(pk__keys_in=keys)
            .defer(*_MEETING_UNSHOWN)
        ),
    ),
    "notices of meetings": (
        Meeting,
        lambda keys: (
            s.timed(s.meetings_with_notice).filter(pk__keys_in=keys).defer(*_MEETING_UNSHOWN)
        ),
    ),
    "meetings": (
        Meeting,
        lambda keys: s.with_times(Meeting.objects.filter(pk__keys_in=keys)).defer(
            *_MEETING_UNSHOWN
        ),
    ),
    "sections of items": (
        Section,
        lambda keys: (
            s.public_sections()
            .filter(agenda_item_id__keys_in=keys)
            .order_by()
            .values_list("agenda_item_id", "number", "decision")
        ),
    ),
    "handlings of items": (
        Handling,
        lambda keys: (
            s.public_handlings()
            .filter(agenda_item_id__keys_in=keys)
            .order_by()
            .values_list("agenda_item_id", "pk")
        ),
    ),
    # An item's supporting documents the public reads, each with what its File shows of
    # the document, in one statement: read apart, each document was tried against the
    # public documents a second time (8.6 of a national meeting page's 56 ms on
    # PostgreSQL). A link is read when its item and its document are public
    # (SupportingDocument.visible_to), as `public_documents` less a disposed document.
    "supporting documents of items": (
        Document,
        lambda keys: (
            s.with_times(
                s.public_supporting_documents().filter(
                    agenda_item_id__keys_in=keys, document__disposed_at__isnull=True
                ),
                Document,
                key="document_id",
            )
            .order_by()
            .values_list(
                "agenda_item_id",
                "position",
                "pk",
                "document_id",
                "document__title",
                "document__created_at",
                "oparl_created",
                "oparl_modified",
            )
        ),
    ),
    # The meeting of each public agenda item (read as values: the items with their
    # texts were a consultation page's costliest rows).
    "meetings of public items": (
        AgendaItem,
        lambda keys: (
            AgendaItem.objects.filter(pk__keys_in=keys, is_public=True)
            .order_by()
            .values_list("pk", "meeting_id")
        ),
    ),
    "handlings of papers": (
        Handling,
        lambda keys: (
            s.timed(s.public_handlings)
            .filter(case_id__keys_in=keys)
            .order_by()
            .values_list(*_Handling._fields)
        ),
    ),
    "documents of papers": (
        Document,
        lambda keys: (
            s.timed(s.public_documents)
            .filter(registry_entries__case_id__keys_in=keys)
            .order_by()
            .values_list("registry_entries__case_id", *_Doc._fields)
        ),
    ),
    "versions of documents": (
        DocumentVersion,
        lambda keys: (
            DocumentVersion.objects.filter(document_id__keys_in=keys)
            .order_by()
            .values_list("document_id", "number", "original_name", "content_type", "size")
        ),
    ),
    # From the registry's own table: joined from the documents, SQLite scans the whole
    # registry (110 ms → 0.2 ms at national scale).
    "papers of documents": (
        RegistryEntry,
        lambda keys: (
            RegistryEntry.objects.filter(document_id__keys_in=keys)
            .order_by()
            .values_list("document_id", "case_id")
            .distinct()
        ),
    ),
}


@compiled_once
def _embedded_statement(query: str, content_type: int, keys: Any) -> models.QuerySet:
    """One of the EMBEDDED queries compiled once (for the content type its times are
    read by, as `selectors.built_once`)."""
    return EMBEDDED[query][1](keys)


def _of_keys(query: str, keys: Iterable[int]) -> list[Any]:
    """The rows of one of the EMBEDDED queries for these keys."""
    model = EMBEDDED[query][0]
    return _embedded_statement(query, ContentType.objects.get_for_model(model).pk, Keys(keys))


def _base(kind: str, type_name: str, obj: models.Model, urls: Urls) -> Json:
    return {
        "id": urls.object(kind, obj.pk),
        "type": SCHEMA + type_name,
    }


def _times(data: Json, obj: models.Model) -> Json:
    data["created"] = s.local(obj.oparl_created)  # type: ignore[attr-defined]
    data["modified"] = s.local(obj.oparl_modified)  # type: ignore[attr-defined]
    return data


def deleted(kind: str, type_name: str, obj: models.Model, urls: Urls) -> Json:
    return _times({**_base(kind, type_name, obj, urls), "deleted": True}, obj)


def gone(kind: str, type_name: str, entry: Any, urls: Urls) -> Json:
    """A row removed after being public, from its audit entry."""
    return {
        "id": urls.object(kind, int(entry.object_id)),
        "type": SCHEMA + type_name,
        "created": s.local(entry.oparl_created or entry.occurred_at),
        "modified": s.local(entry.oparl_modified),
        "deleted": True,
    }


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def _clean(data: Json) -> Json:
    return {k: v for k, v in data.items() if v is not None and v != []}


TYPE_NAMES = {
    "organization": "Organization",
    "person": "Person",
    "membership": "Membership",
    "meeting": "Meeting",
    "agendaitem": "AgendaItem",
    "paper": "Paper",
    "consultation": "Consultation",
    "file": "File",
    "protocol": "File",
    "invitation": "File",
    "legislativeterm": "LegislativeTerm",
    "location": "Location",
}

# What no OParl object shows and is costly to read: a meeting's sealed minutes (its whole
# content as JSON), read and decoded for every meeting of a page, its minutes and its
# notice.
UNSHOWN: dict[str, tuple[str, ...]] = {
    "meeting": _MEETING_UNSHOWN,
    "protocol": _MEETING_UNSHOWN,
    "invitation": _MEETING_UNSHOWN,
    "location": _MEETING_UNSHOWN,
}

# Embedded (internal) objects per type: left out under omit_internal.
EMBEDDED_BY_TYPE = {
    "Body": {"legislativeTerm"},
    "Person": {"membership"},
    "Meeting": {"location", "agendaItem", "resultsProtocol", "invitation"},
    "AgendaItem": {"auxiliaryFile"},
    "Paper": {"consultation", "auxiliaryFile"},
}


def system(urls: Urls, created: str, modified: str) -> Json:
    return {
        "id": urls.system(),
        "type": SCHEMA + "System",
        "oparlVersion": SCHEMA,
        "name": "Samverkan",
        "body": urls.absolute(reverse("oparl:bodies")),
        "website": urls.web("/"),
        "created": created,
        "modified": modified,
    }


def body(c: Any, terms: Iterable[Term], urls: Urls) -> Json:
    data: Json = {
        "id": urls.body(c.pk),
        "type": SCHEMA + "Body",
        "system": urls.system(),
        "name": c.name,
        "shortName": c.short_name or None,
        "website": urls.web("/"),
        "contactEmail": c.contact_email or None,
        "organization": urls.list(c.pk, "organization"),
        "person": urls.list(c.pk, "person"),
        "meeting": urls.list(c.pk, "meeting"),
        "paper": urls.list(c.pk, "paper"),
        "agendaItem": urls.list(c.pk, "agendaitem"),
        "consultation": urls.list(c.pk, "consultation"),
        "file": urls.list(c.pk, "file"),
        "membership": urls.list(c.pk, "membership"),
        "locationList": urls.list(c.pk, "location"),
        "legislativeTermList": urls.list(c.pk, "legislativeterm"),
        "legislativeTerm": [legislative_term(t, urls, embedded=True) for t in terms],
    }
    return _times(_clean(data) | {"legislativeTerm": data["legislativeTerm"]}, c)


def legislative_term(t: Term, urls: Urls, embedded: bool = False) -> Json:
    data = _base("legislativeterm", "LegislativeTerm", t, urls) | {
        "body": None if embedded else urls.body(t.collaboration_id),  # type: ignore[arg-type]
        "name": t.name,
        "startDate": _date(t.start),
        "endDate": _date(t.end),
    }
    return _times(_clean(data), t)


# The back reference an embedded object leaves out (it is read inside its parent); it is
# shown when the object is fetched on its own or listed.
BACK_REFERENCE = {
    "membership": "person",
    "agendaitem": "meeting",
    "consultation": "paper",
    "file": "paper",
}


class Page:
    """A page of rows of one kind and what they embed, loaded in a fixed number of
    queries. `embedded`: the rows are objects embedded in others, without their back
    reference (BACK_REFERENCE), which is then not read."""

    def __init__(self, kind: str, rows: Sequence[Any], urls: Urls, embedded: bool = False) -> None:
        self.kind, self.rows, self.urls, self.embedded = kind, rows, urls, embedded
        # A consultation's role in the request's language, translated once a page.
        self.kind_labels = {k: str(label) for k, label in Handling.Kind.choices}
        # The rows' keys as a set: what the loaders' queries take (a list would be walked
        # value by value by Django's lookup resolution).
        self.pks = frozenset(r.pk for r in rows)
        getattr(self, f"_load_{kind}", lambda: None)()

    def render(self, row: Any) -> Json:
        data: Json = getattr(self, f"_{self.kind}")(row)
        if self.embedded:
            del data[BACK_REFERENCE[self.kind]]
        return _times(_clean(data), row)

    # --- loaders -----------------------------------------------------------------------

    def _load_organization(self) -> None:
        self.memberships: dict[int, list[int]] = defaultdict(list)
        for body_id, pk in Membership.objects.filter(body_id__keys_in=self.pks).values_list(
            "body_id", "pk"
        ):
            self.memberships[body_id].append(pk)

    def _load_person(self) -> None:
        self.collaboration: dict[int, int] = {}
        for person_id, c in _sorted(
            Membership.objects.filter(person_id__keys_in=self.pks).values_list(
                "person_id", "body__collaboration_id"
            ),
            lambda row: row[1],
        ):
            self.collaboration.setdefault(person_id, c)
        rows = _sorted(
            s.with_times(Membership.objects.filter(person_id__keys_in=self.pks)), lambda m: m.pk
        )
        sub = Page("membership", rows, self.urls, embedded=True)
        self.memberships_of: dict[int, list[Json]] = defaultdict(list)
        for m in rows:
            self.memberships_of[m.person_id].append(sub.render(m))

    def _load_meeting(self) -> None:
        u = self.urls
        meetings: dict[int, Any] = {m.pk: m for m in self.rows}
        self.items: dict[int, list[Json]] = defaultdict(list)
        item_rows = _read("items of meetings", self.pks, _Item, lambda i: (i.position, i.pk))
        sub = Page("agendaitem", item_rows, u, embedded=True)
        for item in item_rows:
            self.items[item.meeting_id].append(sub.render(item))
        # The minutes and the notice are named after the meeting (its body's short name).
        protocols = _of_keys("minutes of meetings", self.pks)
        self.protocols = {
            m.pk: protocol_file(_with_body(m, meetings), u, embedded=True) for m in protocols
        }
        notices = _of_keys("notices of meetings", self.pks)
        self.invitations = {
            m.pk: invitation_file(_with_body(m, meetings), u, embedded=True) for m in notices
        }
        places = {m.place for m in meetings.values() if m.place}
        collabs = {m.body.collaboration_id for m in meetings.values()}
        firsts = {
            (row["body__collaboration_id"], row["place"]): row["first"]
            for row in Meeting.objects.filter(place__in=places, body__collaboration_id__in=collabs)
            .values("place", "body__collaboration_id")
            .annotate(first=models.Min("pk"))
            .values("place", "body__collaboration_id", "first")
        }
        reps = {m.pk: m for m in _of_keys("meetings", firsts.values())}
        self.locations = {key: location(reps[pk], u) for key, pk in firsts.items()}

    def _load_agendaitem(self) -> None:
        self.sections = {
            item_id: _Section(number, decision)
            for item_id, number, decision in _of_keys("sections of items", self.pks)
        }
        self.handlings: dict[int, int] = {}
        for item_id, pk in _sorted(_of_keys("handlings of items", self.pks), lambda row: row[1]):
            self.handlings.setdefault(item_id, pk)
        # The item's supporting documents the public reads (the item open, the document
        # not confidential), embedded as Files, in the item's order.
        links: list[tuple[int, int]] = []
        docs: dict[int, _Doc] = {}
        for item_id, _position, _pk, *document in _sorted(
            _of_keys("supporting documents of items", self.pks), lambda row: row[:3]
        ):
            d = docs.setdefault(document[0], _Doc._make(document))
            links.append((item_id, d.pk))
        files = Page("file", list(docs.values()), self.urls, embedded=True)
        self.aux: dict[int, list[Json]] = defaultdict(list)
        for item_id, doc_id in links:
            self.aux[item_id].append(files.render(docs[doc_id]))

    def _load_consultation(self) -> None:
        # The meeting of each public agenda item the page's handlings are on.
        items = {h.agenda_item_id for h in self.rows if h.agenda_item_id}
        self.public_items = dict(_of_keys("meetings of public items", items))

    def _load_paper(self) -> None:
        u = self.urls
        self.consultations: dict[int, list[Json]] = defaultdict(list)
        handlings = _read("handlings of papers", self.pks, _Handling, lambda h: h.pk)
        sub = Page("consultation", handlings, u, embedded=True)
        for h in handlings:
            self.consultations[h.case_id].append(sub.render(h))
        linked = _sorted(_of_keys("documents of papers", self.pks), lambda row: row[1])
        docs = [_Doc._make(row[1:]) for row in linked]
        files = Page("file", docs, u, embedded=True)
        self.files: dict[int, list[Json]] = defaultdict(list)
        seen: set[tuple[int, int]] = set()
        for (case_id, *_), d in zip(linked, docs, strict=True):
            key = (case_id, d.pk)
            if key not in seen:
                seen.add(key)
                self.files[case_id].append(files.render(d))

    def _load_file(self) -> None:
        self.versions: dict[int, _Version] = {}
        for document_id, number, name, content_type, size in _sorted(
            _of_keys("versions of documents", self.pks), lambda row: row[1]
        ):
            # The last is the current one.
            self.versions[document_id] = _Version(number, name, content_type, size)
        self.papers: dict[int, list[int]] = defaultdict(list)
        if self.embedded:
            return  # an embedded File does not name its papers
        for doc_id, case_id in _sorted(_of_keys("papers of documents", self.pks), lambda row: row):
            self.papers[doc_id].append(case_id)

    # --- renderers ---------------------------------------------------------------------

    def _organization(self, b: Any) -> Json:
        u = self.urls
        return _base("organization", "Organization", b, u) | {
            "body": u.body(b.collaboration_id),
            "name": b.name,
            "shortName": b.short_name or None,
            "organizationType": "Gremium",
            "classification": b.get_kind_display(),
            "startDate": _date(b.founded_on),
            "endDate": _date(b.dissolved_on),
            "membership": [u.object("membership", pk) for pk in self.memberships.get(b.pk, [])],
            "web": u.web(b.get_absolute_url()),
        }

    def _person(self, p: Any) -> Json:
        u = self.urls
        c = self.collaboration.get(p.pk)
        # No e-mail, phone or address: a person's contact details are not published here.
        return _base("person", "Person", p, u) | {
            "body": u.body(c) if c else None,
            "name": p.name,
            "status": [p.title] if p.title else None,
            "membership": self.memberships_of.get(p.pk, []),
            "web": u.web(p.get_absolute_url()),
        }

    def _membership(self, m: Any) -> Json:
        u = self.urls
        return _base("membership", "Membership", m, u) | {
            "person": u.object("person", m.person_id),
            "organization": u.object("organization", m.body_id),
            "role": m.get_role_display(),
            "votingRight": m.role in Membership.VOTING_ROLES,
            "startDate": _date(m.start),
            "endDate": _date(m.end),
        }

    def _meeting(self, m: Any) -> Json:
        u = self.urls
        return _base("meeting", "Meeting", m, u) | {
            "name": str(m),
            "meetingState": "terminated" if m.sealed_at else None,
            "cancelled": m.cancelled_at is not None,
            "start": s.local(_at(m.date, m.start_time)),
            "end": s.local(_at(m.date, m.end_time)) if m.end_time else None,
            "organization": [u.object("organization", m.body_id)],
            "location": self.locations.get((m.body.collaboration_id, m.place)),
            "invitation": self.invitations.get(m.pk),
            "resultsProtocol": self.protocols.get(m.pk),
            "agendaItem": self.items.get(m.pk, []),
            "web": u.page(m),
        }

    def _agendaitem(self, i: Any) -> Json:
        u = self.urls
        section = self.sections.get(i.pk)
        handling = self.handlings.get(i.pk)
        return _base("agendaitem", "AgendaItem", i, u) | {
            "meeting": u.object("meeting", i.meeting_id),
            "number": f"§ {section.number}" if section else str(i.position),
            "order": i.position,
            "name": i.title,
            "public": True,
            "consultation": u.object("consultation", handling) if handling else None,
            # Only an attested § of an open item says what was decided.
            "result": "Beslutat" if section and section.decision else None,
            "resolutionText": section.decision if section and section.decision else None,
            "auxiliaryFile": self.aux.get(i.pk, []),
        }

    def _paper(self, c: Any) -> Json:
        u = self.urls
        return _base("paper", "Paper", c, u) | {
            "body": u.body(c.series.collaboration_id),
            "name": c.title,
            "reference": c.case_number,
            "date": _date(c.registered_on),
            "paperType": c.case_type.name if c.case_type_id else None,
            "consultation": self.consultations.get(c.pk, []),
            "auxiliaryFile": self.files.get(c.pk, []),
            "web": u.page(c),
        }

    def _consultation(self, h: Any) -> Json:
        u = self.urls
        meeting = self.public_items.get(h.agenda_item_id)
        return _base("consultation", "Consultation", h, u) | {
            "paper": u.object("paper", h.case_id),
            "agendaItem": u.object("agendaitem", h.agenda_item_id) if meeting else None,
            "meeting": u.object("meeting", meeting) if meeting else None,
            "organization": [u.object("organization", h.body_id)],
            "authoritative": h.kind == Handling.Kind.DECISION,
            "role": self.kind_labels[h.kind],
        }

    def _file(self, d: Any) -> Json:
        u = self.urls
        v = self.versions.get(d.pk)
        return _base("file", "File", d, u) | {
            "name": d.title,
            "fileName": v.original_name if v else None,
            "mimeType": v.content_type if v else None,
            "size": v.size if v else None,
            "date": s.local(d.created_at)[:10] if d.created_at else None,
            "accessUrl": u.access(d.pk),
            "downloadUrl": u.download("file", d.pk),
            "paper": [u.object("paper", pk) for pk in self.papers.get(d.pk, [])],
        }

    def _protocol(self, m: Any) -> Json:
        return protocol_file(m, self.urls)

    def _invitation(self, m: Any) -> Json:
        return invitation_file(m, self.urls)

    def _legislativeterm(self, t: Any) -> Json:
        return legislative_term(t, self.urls)

    def _location(self, m: Any) -> Json:
        return location(m, self.urls)


def _with_body(m: Meeting, pages: dict[int, Any]) -> Meeting:
    """The meeting with the body its page's row already holds (read once a page)."""
    m.body = pages[m.pk].body
    return m


def _at(day: Any, time: Any) -> Any:
    import datetime

    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, time))


def protocol_file(m: Meeting, urls: Urls, embedded: bool = False) -> Json:
    """The sealed minutes as the public reads them (meetings' minutes_pdf decides which
    version that is)."""
    data = _base("protocol", "File", m, urls) | {
        "name": f"Protokoll {m}",
        "fileName": f"protokoll-{m.date}.pdf",
        "mimeType": "application/pdf",
        "date": _date(m.date),
        "accessUrl": urls.absolute(reverse("meetings:minutes_pdf", args=[m.pk])),
        "downloadUrl": urls.download("protocol", m.pk),
        "meeting": None if embedded else [urls.object("meeting", m.pk)],
    }
    return _times(_clean(data), m)


def invitation_file(m: Meeting, urls: Urls, embedded: bool = False) -> Json:
    """The notice (kallelse) as the public reads it: closed items without their titles
    (meetings' notice_pdf renders it for the audience)."""
    data = _base("invitation", "File", m, urls) | {
        "name": f"Kallelse {m}",
        "fileName": f"kallelse-{m.date}.pdf",
        "mimeType": "application/pdf",
        "accessUrl": urls.absolute(reverse("meetings:notice_pdf", args=[m.pk])),
        "downloadUrl": urls.download("invitation", m.pk),
        "meeting": None if embedded else [urls.object("meeting", m.pk)],
    }
    return _times(_clean(data), m)


def location(m: Meeting, urls: Urls) -> Json:
    data = _base("location", "Location", m, urls) | {"description": m.place}
    return _times(_clean(data), m)
