"""OParl 1.1, read-only: the System, one Body per collaboration, and its lists.

Everything is read as the public reads it (the PUBLIC audience), whoever asks: the
interface is the same for a logged-in member as for anyone."""

from __future__ import annotations

import datetime
import functools
import hashlib
import math
from collections.abc import Callable
from typing import Any, NamedTuple
from urllib.parse import urlencode

import orjson
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models
from django.db.models import Count, Exists, Max, Min, OuterRef
from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from samverkan.access.policy import PUBLIC
from samverkan.audit.models import AuditEntry
from samverkan.audit.selectors import chain_head
from samverkan.meetings.render import notice_pdf
from samverkan.meetings.selectors import meeting_with_agenda
from samverkan.statements import Value, compiled_once
from samverkan.structure.models import Collaboration, Term

from . import selectors as s
from . import serializers as ser

PAGE_SIZE = 100
# A meeting embeds its agenda items, and each item its files: a page of a hundred
# meetings of forty items was 5 MB and took 2 s at national scale. Ten a page.
SMALLER_PAGES = {"meeting": 10}
# Lists whose objects embed nothing and cost little each: twice as many a page. Half of
# such a page of a hundred was the page's own cost (its queries built and compiled, the
# request); measured in-process at national scale, a page of two hundred files takes
# 17 ms on SQLite and 26 ms on PostgreSQL, one of consultations 12 and 19 ms, within a
# list page's 50 ms. (Papers embed their consultations and files: 51 ms at two hundred.)
LARGER_PAGES = {"file": 2, "consultation": 2}
# At most how many keys onward from a page's cursor are tried one by one for its rows
# before the rest of the list is read as a set (_window)...
KEY_WINDOW = 10_000
# ...and how many pages' worth of keys the window holds at the list's density.
WINDOW_ROOMS = 2
# Agenda items removed after being public, from the audit log (keyed by its entries).
GONE_ITEMS = "agendaitem-gone"
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
# The lists of a Body, in the order a client walks them; "file" holds documents first,
# then the public minutes.
LIST_SOURCES: dict[str, tuple[str, ...]] = {
    "organization": ("organization",),
    "person": ("person",),
    "membership": ("membership",),
    "meeting": ("meeting",),
    "agendaitem": ("agendaitem", GONE_ITEMS),
    "paper": ("paper",),
    "consultation": ("consultation",),
    "file": ("file", "protocol", "invitation"),
    "legislativeterm": ("legislativeterm",),
    "location": ("location",),
}
RELATED: dict[str, tuple[str, ...]] = {
    "meeting": ("body",),
    # A File of minutes or a notice is named after its meeting's body.
    "protocol": ("body",),
    "invitation": ("body",),
    "paper": ("series", "case_type"),
}


class BadRequest(Exception):
    pass


class Extent(NamedTuple):
    """A list's number of rows and its first and last key (0 when it has none)."""

    size: int
    first: int
    last: int


def _json(data: Any, status: int = 200) -> HttpResponse:
    response = HttpResponse(
        # Compact UTF-8 by orjson: the standard library's C encoder took 1.0 ms for a
        # page of a hundred papers and 7.1 ms for one of ten meetings at national scale,
        # then the text was encoded again; orjson 0.08 and 0.5 ms, the same JSON.
        orjson.dumps(data),
        status=status,
        content_type="application/json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(status: int, message: str) -> HttpResponse:
    return _json({"error": {"status": status, "message": message}}, status)


def _urls(request: HttpRequest) -> ser.Urls:
    return ser.Urls(request.build_absolute_uri)


def _parse_time(name: str, value: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(value.replace(" ", "+"))
    except ValueError:
        raise BadRequest(f"{name}: ange tiden som yyyy-mm-ddThh:mm:ss±hh:mm.") from None
    if moment.tzinfo is None:
        raise BadRequest(f"{name}: tiden saknar tidszon (±hh:mm).")
    if not 1900 <= moment.year <= 2999:
        raise BadRequest(f"{name}: ange en tid mellan år 1900 och 2999.")
    try:
        moment.astimezone(datetime.UTC)
    except OverflowError:
        raise BadRequest(f"{name}: ange en tid mellan år 1900 och 2999.") from None
    return moment


def _filters(request: HttpRequest) -> dict[str, datetime.datetime]:
    return {n: _parse_time(n, request.GET[n]) for n in FILTERS if request.GET.get(n)}


def _apply(qs: models.QuerySet, filters: dict[str, datetime.datetime]) -> models.QuerySet:
    lookups = {
        "created_since": "oparl_created__gte",
        "created_until": "oparl_created__lte",
        "modified_since": "oparl_modified__gte",
        "modified_until": "oparl_modified__lte",
    }
    return qs.filter(**{lookups[n]: v for n, v in filters.items()})


def _omit_internal(data: dict[str, Any]) -> dict[str, Any]:
    type_name = data["type"].rsplit("/", 1)[-1]
    return {k: v for k, v in data.items() if k not in ser.EMBEDDED_BY_TYPE.get(type_name, ())}


@require_safe
def system(request: HttpRequest) -> HttpResponse:
    times = s.collaborations().aggregate(first=Min("oparl_created"), last=Max("oparl_modified"))
    first = times["first"] or s.UNKNOWN_TIME
    last = times["last"] or s.UNKNOWN_TIME
    return _json(ser.system(_urls(request), s.local(first), s.local(last)))


def _body_json(c: Collaboration, urls: ser.Urls) -> dict[str, Any]:
    terms = s.with_times(Term.objects.filter(collaboration=c).order_by("start", "pk"))
    return ser.body(c, terms, urls)


@require_safe
def bodies(request: HttpRequest) -> HttpResponse:
    try:
        filters = _filters(request)
    except BadRequest as error:
        return _error(400, str(error))
    urls = _urls(request)
    rows = list(_apply(s.collaborations(), filters))
    data = [_body_json(c, urls) for c in rows]
    if "omit_internal" in request.GET:
        data = [_omit_internal(d) for d in data]
    query = {n: request.GET[n] for n in FILTERS if request.GET.get(n)}
    first = request.build_absolute_uri(reverse("oparl:bodies"))
    return _json(
        {
            "data": data,
            "pagination": {
                "totalElements": len(data),
                "elementsPerPage": max(len(data), 1),
                "currentPage": 1,
                "totalPages": 1,
            },
            "links": {"first": first + ("?" + urlencode(query) if query else "")},
        }
    )


@require_safe
def body(request: HttpRequest, pk: int) -> HttpResponse:
    c = s.collaborations().filter(pk=pk).first()
    if c is None:
        return _error(404, "Det finns ingen sådan samverkan.")
    return _json(_body_json(c, _urls(request)))


def _cursor(value: str, sources: tuple[str, ...]) -> tuple[int, int]:
    """`after=<source>.<pk>`: the last row seen, as the position of its source in the
    list and its key."""
    if not value:
        return 0, 0
    try:
        index, pk = (int(x) for x in value.split(".", 1))
    except ValueError:
        raise BadRequest("after: okänd position i listan.") from None
    if not 0 <= index < len(sources) or pk < 0:
        raise BadRequest("after: okänd position i listan.")
    return index, pk


def _page_number(value: str) -> int | None:
    return int(value) if value.isdigit() and 1 <= int(value) <= 10**9 else None


def _extent(
    rows: Callable[[], models.QuerySet], head: str, c: Collaboration, source: str, query: Any
) -> Extent:
    """The number of rows of a list and its first and last key, kept while the records
    stay as they are (the audit log's head is in the key): a client walking a list page
    by page has them read once every SAMVERKAN_KEPT_SECONDS, not on every page. A page
    reads no key past the last one kept, so a row written without an audit entry (a bulk
    load) is listed after at most those seconds, as other things kept while nothing is
    logged (audit.selectors.KeptWhileUnchanged)."""
    filters = sorted((n, query[n]) for n in FILTERS if query.get(n))
    key = "oparl-omfang:" + hashlib.sha256(repr((head, c.pk, source, filters)).encode()).hexdigest()
    seconds = settings.SAMVERKAN_KEPT_SECONDS
    kept = cache.get(key) if seconds > 0 else None
    if kept is None:
        found = rows().aggregate(n=Count("pk"), first=Min("pk"), last=Max("pk"))
        kept = (found["n"], found["first"] or 0, found["last"] or 0)
        if seconds > 0:
            cache.set(key, kept, seconds)
    return Extent(*kept)


def _page_rows(
    src: _Source, after: int, extent: Extent, room: int, size: int
) -> list[models.Model]:
    """The next `room` rows (room ≤ `size`, a whole page's rows and one) after the key
    `after`, in key order, within the list's extent (past its last key no row is tried:
    without that bound a list's last page tried every row of the collaborations after
    it, 1.2–1.8 s at national scale).

    Their keys are chosen by the source's key queries (`_Source.page_queries`): first
    through a window of KEY_WINDOW keys, by a query that tries each row of the window
    (quick where the list's rows lie close); what the window lacks is read from the rest
    of the extent by the list's rows as a set (a gap of other collaborations' rows is
    read past once, not tried row by row). Each part is one statement: the keys in a
    subquery and the rows they choose read with them, so a row is shown as it was when
    the test that shows it ran (read apart, a row was tried against the public rows a
    second time; one statement costs a page 0.3–3.5 ms less, measured in-process on
    both databases at national scale)."""
    start = max(after, extent.first - 1)
    end = min(start + _window(extent, room), extent.last)
    if start >= extent.last:
        return []

    def read(part: int, since: int, until: int, n: int) -> list[models.Model]:
        if src.public is not None:
            # Unfiltered: compiled once per list, part and page size (_page_statement),
            # for the page's `size` rows and cut here where the page has less room (a
            # page that spans two sources): a statement for every number of rows left
            # would be compiled again and again.
            model = src.public[1].model
            ct = ContentType.objects.get_for_model(model).pk
            statement = _page_statement(src.name, src.c, ct, part, size, Value(since), Value(until))
            return statement[:n]
        return list(_page_query(src.page_queries(), part, n, since, until))

    rows = read(0, start, end, room)
    if len(rows) < room and end < extent.last:
        rows += read(1, end, extent.last, room - len(rows))
    return rows


def _window(extent: Extent, room: int) -> int:
    """How many keys onward from the cursor a page's rows are tried one by one: twice as
    many as hold `room` rows where the list's rows lie as densely as over its extent, at
    most KEY_WINDOW. A planner that cannot know a collaboration's rows lie close reads
    every row of the window before it picks the first (PostgreSQL, a tenth of national
    scale: all 4 400 agenda items of a window for each page of a hundred)."""
    span = extent.last - extent.first + 1
    return min(KEY_WINDOW, max(1, -(-room * span * WINDOW_ROOMS // max(extent.size, 1))))


def _page_query(
    queries: tuple[models.QuerySet, models.QuerySet, models.QuerySet],
    part: int,
    n: int,
    since: int,
    until: int,
) -> models.QuerySet:
    """The next `n` rows with keys in (since, until], chosen by one of the key queries of
    `_Source.page_queries` (0: one by one, 1: as a set), read with the keys that choose
    them."""
    keys, shown = queries[part], queries[2]
    chosen = keys.filter(pk__gt=since, pk__lte=until).order_by("pk").values("pk")[:n]
    return shown.filter(pk__in=chosen)


@compiled_once
def _page_statement(
    name: str, c: Collaboration, content_type: int, part: int, n: int, since: int, until: int
) -> models.QuerySet:
    """`_page_query` of an unfiltered source, compiled once for the source, its
    collaboration and content type (the key its times are read by), the part and the
    number of rows; the keys it reads between are the statement's values."""
    return _page_query(_Source(name, c, {}).page_queries(), part, n, since, until)


def _rows(kind: str, c: Collaboration, filters: dict[str, datetime.datetime]) -> models.QuerySet:
    """The list's rows: the public ones and, under modified_since, those withdrawn from
    the public (flagged `oparl_public` false), newest filters applied, in key order."""
    if kind == GONE_ITEMS:
        if "modified_since" not in filters:
            return AuditEntry.objects.none()
        gone = s.agenda_items_gone(c).annotate(oparl_public=models.Value(False))
        return _apply(gone, filters).order_by("pk")
    spec = s.KINDS[kind]
    public = spec.public(c)
    model = public.model
    since = filters.get("modified_since")
    if since is not None and since > s.UNKNOWN_TIME:
        # Only rows changed since can qualify: found through the log first, each then
        # tried against the public rows and the withdrawn ones by its key.
        qs = model.objects.filter(pk__in=s.changed_since(model, since)).annotate(
            oparl_public=Exists(public.filter(pk=OuterRef("pk")))
        )
        shown = models.Q(oparl_public=True)
        if spec.withdrawn is not None:
            shown |= models.Q(Exists(spec.withdrawn(c).filter(pk=OuterRef("pk"))))
        qs = qs.filter(shown)
    elif spec.withdrawn is not None and "modified_since" in filters:
        keys = models.Q(pk__in=spec.all_public(c).values("pk")) | models.Q(
            pk__in=spec.withdrawn(c).values("pk")
        )
        qs = model.objects.filter(keys).annotate(
            oparl_public=Exists(public.filter(pk=OuterRef("pk")))
        )
    else:
        # Each row tried by its key (a page reads its hundred rows onward from the
        # cursor, not the whole public set first).
        qs = model.objects.filter(Exists(public.filter(pk=OuterRef("pk")))).annotate(
            oparl_public=models.Value(True)
        )
    return _apply(_shown(s.with_times(qs, model), kind), filters).order_by("pk")


def _shown(qs: models.QuerySet, kind: str) -> models.QuerySet:
    """The rows read as their objects show them: with the related rows named in RELATED
    and no others (`select_related()` with no names follows every foreign key: an agenda
    item's page read each item's meeting, body and collaboration with it), without the
    columns in UNSHOWN."""
    names = RELATED.get(kind)
    qs = qs.select_related(*names) if names else qs
    return qs.defer(*ser.UNSHOWN.get(kind, ()))


@s.built_once
def _rows_unfiltered(kind: str, c: Collaboration, content_type: int) -> models.QuerySet:
    """`_rows` without filters (what a walk reads), built once per collaboration and kind
    (`content_type`: the key its times are read by, part of the queryset)."""
    return _rows(kind, c, {})


@s.built_once
def _by_key(kind: str, model: type[models.Model], content_type: int) -> models.QuerySet:
    """Every row of the model, as a public list's objects show them: not filtered by the
    access policy, so only ever read for keys the policy chose, beside those key queries
    (`_Source.page_queries`). Built once per kind (`content_type`: the key its times are
    read by)."""
    public = model._default_manager.annotate(oparl_public=models.Value(True))
    return _shown(s.with_times(public, model), kind).order_by("pk")


@s.built_once
def _public(name: str, c: Collaboration) -> models.QuerySet:
    return s.KINDS[name].public(c)


@s.built_once
def _all_public(name: str, c: Collaboration) -> models.QuerySet:
    return s.KINDS[name].all_public(c)


class _Source:
    """One source of a list, its queries built when first read: a file list's page of
    documents spent half its time building those of the minutes and notices, whose
    extent was kept."""

    def __init__(self, name: str, c: Collaboration, filters: dict[str, datetime.datetime]):
        self.name, self.c, self.filters = name, c, filters

    @functools.cached_property
    def rows(self) -> models.QuerySet:
        if self.filters or self.name == GONE_ITEMS:
            return _rows(self.name, self.c, self.filters)
        model = _public(self.name, self.c).model
        return _rows_unfiltered(self.name, self.c, ContentType.objects.get_for_model(model).pk)

    @functools.cached_property
    def public(self) -> tuple[models.QuerySet, models.QuerySet] | None:
        """The list's rows as the public rows of the collaboration, where they are the
        same set (no filter: the rows of `_rows` are those, tried one by one), as a query
        that tests each row and one that reads them as a set."""
        if self.filters or self.name == GONE_ITEMS:
            return None
        return _public(self.name, self.c), _all_public(self.name, self.c)

    def counted(self) -> models.QuerySet:
        """The rows to count and find the first and last key of."""
        return self.rows if self.public is None else self.public[1]

    def page_queries(self) -> tuple[models.QuerySet, models.QuerySet, models.QuerySet]:
        """The queries a page is read by (`_page_rows`): two that choose its keys, one
        that tries each row of a window of keys and one that reads the rows as a set;
        and the rows shown for the keys they choose.

        The keys are chosen by the access policy, always: the rows shown are read by key
        alone only here, beside key queries that are the public rows' own. Under a filter
        all three are the list's own rows. The public rows' own queries go through the
        collaboration's rows (the list's own query tried the table's rows in key order,
        and the planners chose worse for it: papers 37 → 1 ms on PostgreSQL), but where
        the public rows are a test of each row's links (files) the list's own query
        tries them quicker (PostgreSQL 242 → 7 ms)."""
        if self.public is None:
            return self.rows, self.rows, self.rows
        one_by_one, whole = self.public
        if s.KINDS[self.name].whole is not None:
            one_by_one = self.rows
        model = whole.model
        by_key = _by_key(self.name, model, ContentType.objects.get_for_model(model).pk)
        return one_by_one, whole, by_key


@require_safe
def object_list(request: HttpRequest, body: int, kind: str) -> HttpResponse:
    sources = LIST_SOURCES.get(kind)
    c = Collaboration.objects.filter(pk=body).first()
    if sources is None or c is None:
        return _error(404, "Det finns ingen sådan lista.")
    try:
        filters = _filters(request)
        index, after = _cursor(request.GET.get("after", ""), sources)
    except BadRequest as error:
        return _error(400, str(error))
    urls = _urls(request)
    # The page number the next link carries (a client's own value only misnumbers its
    # page); without it, the rows before the cursor are counted.
    number = _page_number(request.GET.get("page", "")) if request.GET.get("after") else 1
    # Walk the sources in order from the cursor; a page may span the end of one and the
    # start of the next.
    picked: list[tuple[int, models.Model]] = []
    total = 0
    per_page = min(PAGE_SIZE, SMALLER_PAGES.get(kind, PAGE_SIZE)) * LARGER_PAGES.get(kind, 1)
    before = 0 if number is None else (number - 1) * per_page
    head = chain_head()
    for i, source in enumerate(sources):
        src = _Source(source, c, filters)
        extent = _extent(src.counted, head, c, source, request.GET)
        total += extent.size
        if i < index:
            if number is None:
                before += extent.size
            continue
        cursor = after if i == index else 0
        if i == index and number is None:
            before += src.rows.filter(pk__lte=after).count()
        room = per_page + 1 - len(picked)
        if room > 0 and extent.size:
            rows = _page_rows(src, cursor, extent, room, per_page + 1)
            picked.extend((i, row) for row in rows)
    more = len(picked) > per_page
    picked = picked[:per_page]
    data: list[dict[str, Any]] = []
    for i, source in enumerate(sources):
        rows = [row for j, row in picked if j == i]
        public_rows = [r for r in rows if r.oparl_public]  # type: ignore[attr-defined]
        if source == GONE_ITEMS:
            data.extend(ser.gone("agendaitem", "AgendaItem", row, urls) for row in rows)
            continue
        page = ser.Page(source, public_rows, urls)
        type_name = ser.TYPE_NAMES[source]
        for row in rows:
            if row.oparl_public:  # type: ignore[attr-defined]
                data.append(page.render(row))
            else:
                data.append(ser.deleted(source, type_name, row, urls))
    if "omit_internal" in request.GET:
        data = [_omit_internal(d) for d in data]
    query = {n: request.GET[n] for n in FILTERS if request.GET.get(n)}
    if "omit_internal" in request.GET:
        query["omit_internal"] = request.GET["omit_internal"]
    base = request.build_absolute_uri(reverse("oparl:list", args=[c.pk, kind]))

    def link(**extra: str) -> str:
        params = query | extra
        return base + ("?" + urlencode(params) if params else "")

    links = {"first": link()}
    if more:
        i, last = picked[-1]
        links["next"] = link(after=f"{i}.{last.pk}", page=str(before // per_page + 2))
    return _json(
        {
            "data": data,
            "pagination": {
                "totalElements": total,
                "elementsPerPage": per_page,
                "currentPage": before // per_page + 1,
                "totalPages": max(1, math.ceil(total / per_page)),
            },
            "links": links,
        }
    )


def _find(kind: str, pk: int) -> tuple[models.Model | None, bool]:
    """The object, and whether it is public (False: withdrawn, shown as deleted)."""
    spec = s.KINDS[kind]
    for c in Collaboration.objects.order_by("pk"):
        public = spec.public(c)
        row = s.with_times(public.filter(pk=pk), public.model).first()
        if row is not None:
            return row, True
        if spec.withdrawn is not None:
            gone = spec.withdrawn(c).filter(pk=pk)
            row = s.with_times(gone, public.model).first()
            if row is not None:
                return row, False
    return None, False


@require_safe
def object_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in s.KINDS:
        return _error(404, "Det finns ingen sådan objekttyp.")
    row, public = _find(kind, pk)
    urls = _urls(request)
    if row is None and kind == "agendaitem":
        entry = s.agenda_items_gone().filter(object_id=str(pk)).first()
        if entry is not None:
            return _json(ser.gone(kind, "AgendaItem", entry, urls))
    if row is None:
        return _error(404, "Det finns inget sådant objekt.")
    if not public:
        return _json(ser.deleted(kind, ser.TYPE_NAMES[kind], row, urls))
    model: Any = type(row)
    row = _shown(s.with_times(model.objects.filter(pk=pk), model), kind).get()
    return _json(ser.Page(kind, [row], urls).render(row))


@require_safe
def download(request: HttpRequest, kind: str, pk: int) -> HttpResponse | FileResponse:
    """A public file as an attachment (its accessUrl shows it inline)."""
    response: HttpResponse | FileResponse
    if kind == "file":
        document = s.public_documents().filter(pk=pk).first()
        version = document.current if document else None
        if version is None:
            return _error(404, "Det finns ingen sådan fil.")
        response = FileResponse(
            version.file.open("rb"),
            as_attachment=True,
            content_type=version.content_type,
            filename=version.original_name,
        )
    elif kind == "protocol":
        meeting = s.meetings_with_public_minutes().select_related("body").filter(pk=pk).first()
        if meeting is None:
            return _error(404, "Det finns ingen sådan fil.")
        stored = meeting.public_minutes_pdf or meeting.minutes_pdf
        response = FileResponse(
            stored.open("rb"),
            as_attachment=True,
            content_type="application/pdf",
            filename=f"protokoll-{meeting.body.slug}-{meeting.date}.pdf",
        )
    elif kind == "invitation":
        meeting = s.meetings_with_notice().filter(pk=pk).first()
        if meeting is None:
            return _error(404, "Det finns ingen sådan fil.")
        meeting = meeting_with_agenda(pk)
        response = HttpResponse(notice_pdf(meeting, PUBLIC), content_type="application/pdf")
        name = f"kallelse-{meeting.body.slug}-{meeting.date}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        return _error(404, "Det finns ingen sådan fil.")
    response["Access-Control-Allow-Origin"] = "*"
    return response
