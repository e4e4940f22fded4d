"""REST API v1 for the parties' case systems and the secretariat's tools (django-ninja:
the OpenAPI 3 schema at /api/v1/openapi.json, interactive docs at /api/v1/docs).

A token acts with its account's rights, read through the same access policy and the
same querysets as the web pages; errors are RFC 9457 problem documents in Swedish; lists
are paged by an opaque cursor; each token has a rate limit; every use is logged."""

import base64
import binascii
import datetime
from typing import Annotated, Any, Literal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer
from pydantic import AfterValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from samverkan.access.policy import audience_for, may_manage_body, may_register_party_response
from samverkan.addresses import Addresses
from samverkan.audit.context import acting_as
from samverkan.cases import services as cases_services
from samverkan.cases.models import Case, PartyResponse, Recommendation, RegistryEntry
from samverkan.cases.selectors import entry_view, readable_case_ids, readable_document_ids
from samverkan.documents.models import Document
from samverkan.documents.services import document_create
from samverkan.meetings import services as meetings_services
from samverkan.meetings.models import AgendaItem, Meeting, Section
from samverkan.structure.models import Body

from . import services
from .models import ApiToken

PAGE = 50
PAGE_MAX = 200
PROBLEM = "application/problem+json"


class Throttled(Exception):
    def __init__(self, wait: int) -> None:
        self.wait = wait


class TokenAuth(HttpBearer):
    """`Authorization: Bearer sv_…`. The request then acts as the token's account."""

    openapi_description = "En API-nyckel från administratören: Authorization: Bearer sv_…"

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = services.token_for(token)
        if found is None:
            return None
        return admit(request, found)


def admit(request: HttpRequest, token: ApiToken) -> ApiToken:
    """A live token admitted for the request (Throttled over its rate): the request then
    acts as the token's account."""
    rate_check(token)
    request.user = token.user
    request.api_token = token  # type: ignore[attr-defined]
    return token


def rate_check(token: ApiToken) -> None:
    """At most SAMVERKAN_API_RATE requests a minute per token (per app server)."""
    limit = settings.SAMVERKAN_API_RATE
    window = int(datetime.datetime.now(datetime.UTC).timestamp() // 60)
    key = f"api-rate:{token.pk}:{window}"
    count = cache.get_or_set(key, 0, 70) or 0
    if count >= limit:
        raise Throttled(60 - int(datetime.datetime.now(datetime.UTC).timestamp()) % 60)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, 70)


# Every error is an RFC 9457 problem document; the schema names, per operation, the
# statuses it can answer with (test_api_fuzz holds the API to it).
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string"},
                    "messages": {"type": "array", "items": {"type": "string"}},
                },
                "required": ["field", "messages"],
            },
        },
    },
    "required": ["type", "title", "status", "detail", "instance"],
}
PROBLEMS = {
    400: "Felaktig fråga: en ogiltig cursor, eller innehåll som inte är JSON.",
    401: "Ingen eller ogiltig API-nyckel.",
    403: "Nyckelns konto får inte göra detta.",
    404: "Finns inte, eller får nyckeln inte läsa.",
    422: "Felaktiga uppgifter; errors anger fälten.",
    429: "För många anrop; Retry-After anger sekunder att vänta.",
}
PAGING_PARAMETERS = {"cursor", "since"}


def problem_statuses(method: str, operation: dict[str, Any]) -> set[int]:
    """The error statuses an operation can answer with, read off its shape: every call
    can lack a valid token or pass the rate limit; any input can be malformed; paging
    can be given a bad cursor, a body can be no JSON at all; an id can name
    nothing; a write can be refused."""
    parameters = operation.get("parameters", [])
    statuses = {401, 429}
    if parameters or "requestBody" in operation:
        statuses.add(422)
    if PAGING_PARAMETERS & {p["name"] for p in parameters} or "requestBody" in operation:
        statuses.add(400)
    if any(p["in"] == "path" for p in parameters) or method == "post":
        statuses.add(404)
    if method == "post":
        statuses.add(403)
    return statuses


class SamverkanAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        schema["components"]["schemas"]["Problem"] = PROBLEM_SCHEMA
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                for status in sorted(problem_statuses(method, operation)):
                    response: dict[str, Any] = {
                        "description": PROBLEMS[status],
                        "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
                    }
                    if status == 429:
                        response["headers"] = {
                            "Retry-After": {"schema": {"type": "integer", "minimum": 1}}
                        }
                    operation["responses"].setdefault(status, response)
        return schema


api = SamverkanAPI(
    title="Samverkan API",
    version="1",
    description=(
        "API för parternas ärendesystem och sekretariatets verktyg. En nyckel har samma "
        "rättigheter som sitt konto har i webbgränssnittet. Fel beskrivs som RFC 9457-"
        "dokument (application/problem+json) på svenska. Listor bläddras med `cursor`."
    ),
    auth=TokenAuth(),
    urls_namespace="api_v1",
    # The interactive documentation is the project's own page (api:docs): accessible,
    # in Swedish, with no outside scripts.
    docs_url=None,
)


# --- Errors: RFC 9457 problem details --------------------------------------------------


def problem(
    request: HttpRequest, status: int, title: str, detail: str = "", **extra: Any
) -> HttpResponse:
    body = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail or title,
        "instance": request.get_full_path(),
        **extra,
    }
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = PROBLEM
    return response


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = problem(
        request, 401, "Inte inloggad", "Ange en giltig API-nyckel: Authorization: Bearer sv_…"
    )
    response["WWW-Authenticate"] = 'Bearer realm="samverkan"'
    return response


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = problem(request, 429, "För många anrop", "Nyckelns gräns per minut är nådd.")
    response["Retry-After"] = str(max(exc.wait, 1))
    return response


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(
        request, 404, "Finns inte", "Det du frågar efter finns inte, eller får nyckeln inte läsa."
    )


@api.exception_handler(PermissionDenied)
def _denied(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(request, 403, "Inte tillåtet", str(exc) or "Nyckelns konto får inte göra detta.")


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    return problem(
        request,
        422,
        "Felaktiga uppgifter",
        " ".join(m for ms in errors.values() for m in ms),
        errors=[{"field": k, "messages": v} for k, v in errors.items()],
    )


@api.exception_handler(NinjaValidationError)
def _malformed(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields = []
    for e in exc.errors:
        loc = list(e.get("loc", ()))
        if loc and loc[0] in ("body", "query", "path"):
            loc = loc[1:]
        if loc and loc[0] == "payload":
            loc = loc[1:]
        where = ".".join(str(p) for p in loc)
        fields.append({"field": where, "messages": [_swedish(e)]})
    return problem(
        request,
        422,
        "Felaktiga uppgifter",
        " ".join(f"{f['field']}: {f['messages'][0]}" for f in fields),
        errors=fields,
    )


def _swedish(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    return {
        "missing": "Uppgiften saknas.",
        "int_parsing": "Ange ett heltal.",
        "int_type": "Ange ett heltal.",
        "date_from_datetime_parsing": "Ange ett datum som ÅÅÅÅ-MM-DD.",
        "date_parsing": "Ange ett datum som ÅÅÅÅ-MM-DD.",
        "date_type": "Ange ett datum som ÅÅÅÅ-MM-DD.",
        "time_parsing": "Ange en tid som TT:MM.",
        "time_type": "Ange en tid som TT:MM.",
        "time_zone": "Ange tiden utan tidszon, som TT:MM (svensk tid).",
        "string_type": "Ange en text.",
        "string_too_long": "Texten är för lång.",
        "literal_error": "Värdet är inte ett av de tillåtna.",
        "json_invalid": "Innehållet är inte giltig JSON.",
        "greater_than_equal": "Värdet är för litet.",
        "less_than_equal": "Värdet är för stort.",
    }.get(kind, "Ogiltigt värde.")


# django-ninja's own refusals, in Swedish.
NINJA_MESSAGES = {"Cannot parse request body": "Innehållet är inte giltig JSON."}


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc.message)
    for english, swedish in NINJA_MESSAGES.items():
        if message.startswith(english):
            message = swedish
    return problem(request, exc.status_code, message)


# --- Paging by cursor ------------------------------------------------------------------


# How many rows a page holds, as the schema tells it (a value outside is a 422).
Limit = Annotated[int, Field(ge=1, le=PAGE_MAX)]


def _cursor_decode(cursor: str) -> int:
    try:
        value = int(base64.urlsafe_b64decode(cursor.encode() + b"==").decode())
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise HttpError(400, "Ogiltig cursor: använd länken i svarets next.") from exc
    if not 0 <= value <= 2**62:
        raise HttpError(400, "Ogiltig cursor: använd länken i svarets next.")
    return value


ID_MAX = 2**62  # beyond any key the database holds (and within its integers)


def _id(value: int) -> int:
    """An id from the address or the query: one no row can have is a 404, not a
    database overflow."""
    if not 0 < value < ID_MAX:
        raise Http404
    return value


def _cursor_encode(pk: int) -> str:
    return base64.urlsafe_b64encode(str(pk).encode()).decode().rstrip("=")


def paged(
    request: HttpRequest, qs: QuerySet[Any], cursor: str, limit: int
) -> tuple[list[Any], str | None]:
    """Keyset paging by primary key: a stable order that neither skips nor repeats rows
    while rows are added or removed."""
    if cursor:
        qs = qs.filter(pk__gt=_cursor_decode(cursor))
    rows = list(qs.order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_url = None
    if more:
        query = request.GET.copy()
        query["cursor"] = _cursor_encode(rows[-1].pk)
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return rows, next_url


# --- Schemas -----------------------------------------------------------------------------


def _local_time(value: datetime.time) -> datetime.time:
    """Meetings keep the clock time of the place (a time field has no zone): a time
    with an offset is refused rather than stored as if it were local."""
    if value.tzinfo is not None:
        raise PydanticCustomError("time_zone", "Ange tiden utan tidszon.")
    return value


# A clock time as the API reads and writes it: 13:00 or 13:00:00, no zone (JSON
# Schema's format "time" would demand one).
LocalTime = Annotated[
    datetime.time,
    AfterValidator(_local_time),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
            "description": "Klockslag i svensk tid, TT:MM eller TT:MM:SS, utan tidszon.",
        }
    ),
]


class BodyOut(Schema):
    id: int
    collaboration: str
    name: str
    short_name: str
    kind: str
    founded_on: datetime.date | None
    dissolved_on: datetime.date | None


class MeetingOut(Schema):
    id: int
    body: int
    date: datetime.date
    start_time: LocalTime
    end_time: LocalTime | None
    place: str
    cancelled: bool
    notice_sent: bool
    minutes_sealed: bool
    url: str


class AgendaItemOut(Schema):
    id: int
    meeting: int
    position: int
    title: str
    case_number: str
    is_public: bool
    closed_ground: str
    description: str
    proposed_decision: str


class SectionOut(Schema):
    number: int
    year: int
    title: str
    decision: str
    attested: bool


class CaseOut(Schema):
    id: int
    case_number: str
    title: str
    registered_on: datetime.date | None
    closed_on: datetime.date | None
    url: str


class Page(Schema):
    """A page of a list: `next` is the address of the next page, null on the last."""

    next: str | None


class BodyPage(Page):
    results: list[BodyOut]


class MeetingPage(Page):
    results: list[MeetingOut]


class CasePage(Page):
    results: list[CaseOut]


class EntryOut(Schema):
    id: int
    date: datetime.date
    direction: str
    counterpart: str
    description: str
    masked: bool
    document: int | None


class EntryPage(Page):
    results: list[EntryOut]


class DocumentOut(Schema):
    id: int
    title: str
    download: str | None


class ResponseOut(Schema):
    party: str
    status: str
    decision_reference: str
    decided_on: datetime.date | None
    document: int | None


class RecommendationOut(Schema):
    id: int
    case_number: str
    title: str
    text: str
    issued_on: datetime.date | None
    answer_by: datetime.date | None
    responses: list[ResponseOut]


def _body(b: Body) -> dict[str, Any]:
    return {
        "id": b.pk,
        "collaboration": b.collaboration.slug,
        "name": b.name,
        "short_name": b.short_name,
        "kind": b.kind,
        "founded_on": b.founded_on,
        "dissolved_on": b.dissolved_on,
    }


def _page_url(request: HttpRequest, obj: Meeting | Case) -> str:
    """The absolute address of an object's page (see samverkan.addresses)."""
    addresses = getattr(request, "_addresses", None)
    if addresses is None:
        addresses = request._addresses = Addresses(request.build_absolute_uri)  # type: ignore[attr-defined]
    return addresses.fill(obj.URL_NAME, obj.url_args())


def _meeting(request: HttpRequest, m: Meeting) -> dict[str, Any]:
    return {
        "id": m.pk,
        "body": m.body_id,
        "date": m.date,
        "start_time": m.start_time,
        "end_time": m.end_time,
        "place": m.place,
        "cancelled": m.cancelled_at is not None,
        "notice_sent": m.notice_sent_at is not None,
        "minutes_sealed": m.sealed_at is not None,
        "url": _page_url(request, m),
    }


def _item(item: AgendaItem, readable: bool) -> dict[str, Any]:
    """An item the token may read in full; a closed one it may not read keeps only its
    number and ground (as on the public agenda)."""
    return {
        "id": item.pk,
        "meeting": item.meeting_id,
        "position": item.position,
        "title": item.title if readable else "",
        "case_number": item.case_number if readable else "",
        "is_public": item.is_public,
        "closed_ground": item.confidentiality_ground if not item.is_public else "",
        "description": item.description if readable else "",
        "proposed_decision": item.proposed_decision if readable else "",
    }


def _case(request: HttpRequest, c: Case) -> dict[str, Any]:
    return {
        "id": c.pk,
        "case_number": c.case_number,
        "title": c.title,
        "registered_on": c.registered_on,
        "closed_on": c.closed_on,
        "url": _page_url(request, c),
    }


# --- Reading -----------------------------------------------------------------------------


@api.get("/bodies/", response=BodyPage, summary="Organ", tags=["Struktur"])
def bodies(request: HttpRequest, cursor: str = "", limit: Limit = PAGE) -> dict[str, Any]:
    rows, nxt = paged(request, Body.objects.select_related("collaboration"), cursor, limit)
    return {"next": nxt, "results": [_body(b) for b in rows]}


@api.get("/bodies/{body_id}/", response=BodyOut, summary="Ett organ", tags=["Struktur"])
def body(request: HttpRequest, body_id: int) -> dict[str, Any]:
    b = Body.objects.select_related("collaboration").filter(pk=_id(body_id)).first()
    if b is None:
        raise Http404
    return _body(b)


@api.get("/meetings/", response=MeetingPage, summary="Sammanträden", tags=["Sammanträden"])
def meetings(
    request: HttpRequest, body: int | None = None, cursor: str = "", limit: Limit = PAGE
) -> dict[str, Any]:
    qs = Meeting.objects.visible_to(audience_for(request.user))
    if body is not None:
        # A filter naming no body finds no meetings (as an unknown body does).
        qs = qs.filter(body_id=body) if 0 < body < ID_MAX else qs.none()
    rows, nxt = paged(request, qs, cursor, limit)
    return {"next": nxt, "results": [_meeting(request, m) for m in rows]}


class MeetingDetail(MeetingOut):
    agenda: list[AgendaItemOut]


@api.get(
    "/meetings/{meeting_id}/",
    response=MeetingDetail,
    summary="Ett sammanträde med dagordning",
    tags=["Sammanträden"],
)
def meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    audience = audience_for(request.user)
    m = Meeting.objects.visible_to(audience).filter(pk=_id(meeting_id)).first()
    if m is None:
        raise Http404
    readable = set(
        AgendaItem.objects.visible_to(audience).filter(meeting=m).values_list("pk", flat=True)
    )
    items = m.items.select_related("case__series").order_by("position")
    return {**_meeting(request, m), "agenda": [_item(i, i.pk in readable) for i in items]}


@api.get(
    "/agenda-items/{item_id}/", response=AgendaItemOut, summary="En punkt", tags=["Sammanträden"]
)
def agenda_item(request: HttpRequest, item_id: int) -> dict[str, Any]:
    item = (
        AgendaItem.objects.visible_to(audience_for(request.user))
        .select_related("case__series")
        .filter(pk=_id(item_id))
        .first()
    )
    if item is None:
        raise Http404
    return _item(item, True)


@api.get(
    "/meetings/{meeting_id}/minutes/",
    response=list[SectionOut],
    summary="Protokollets paragrafer",
    tags=["Sammanträden"],
)
def minutes(request: HttpRequest, meeting_id: int) -> list[dict[str, Any]]:
    """The §§ the token may read: attested open §§ for everyone, closed ones for those
    inside the meeting, the draft for the secretariat and the signatories."""
    sections = Section.objects.visible_to(audience_for(request.user)).filter(
        meeting_id=_id(meeting_id)
    )
    return [
        {
            "number": s.number,
            "year": s.year,
            "title": s.title,
            "decision": s.decision,
            "attested": s.is_attested,
        }
        for s in sections.select_related("meeting").order_by("number")
    ]


@api.get("/cases/", response=CasePage, summary="Ärenden", tags=["Ärenden"])
def cases(request: HttpRequest, cursor: str = "", limit: Limit = PAGE) -> dict[str, Any]:
    qs = Case.objects.visible_to(audience_for(request.user)).select_related("series")
    rows, nxt = paged(request, qs, cursor, limit)
    return {"next": nxt, "results": [_case(request, c) for c in rows]}


@api.get("/cases/{case_id}/", response=CaseOut, summary="Ett ärende", tags=["Ärenden"])
def case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    c = (
        Case.objects.visible_to(audience_for(request.user))
        .select_related("series")
        .filter(pk=_id(case_id))
        .first()
    )
    if c is None:
        raise Http404
    return _case(request, c)


@api.get(
    "/cases/{case_id}/registry/",
    response=EntryPage,
    summary="Ärendets diarieposter",
    tags=["Ärenden"],
)
def case_registry(
    request: HttpRequest, case_id: int, cursor: str = "", limit: Limit = PAGE
) -> dict[str, Any]:
    """Entries with their protected parts masked, as in the registry on the web."""
    qs = (
        RegistryEntry.objects.for_listing()
        .visible_to(audience_for(request.user))
        .filter(case_id=_id(case_id))
    )
    rows, nxt = paged(request, qs, cursor, limit)
    readable = readable_case_ids(request.user, {e.case_id for e in rows})
    documents = readable_document_ids(request.user, rows)
    out = []
    for e in rows:
        view = entry_view(e, request.user, readable, documents)
        out.append(
            {
                "id": e.pk,
                "date": e.date,
                "direction": e.direction,
                "counterpart": view.counterpart,
                "description": view.description,
                "masked": view.masked,
                "document": view.document.pk if view.document else None,
            }
        )
    return {"next": nxt, "results": out}


@api.get("/documents/{document_id}/", response=DocumentOut, summary="En handling", tags=["Ärenden"])
def document(request: HttpRequest, document_id: int) -> dict[str, Any]:
    d = Document.objects.visible_to(audience_for(request.user)).filter(pk=_id(document_id)).first()
    if d is None:
        raise Http404
    url = reverse("api_v1:document_file", args=[d.pk]) if d.current else None
    return {
        "id": d.pk,
        "title": d.title,
        "download": request.build_absolute_uri(url) if url else None,
    }


@api.get(
    "/documents/{document_id}/file",
    summary="Handlingens fil",
    tags=["Ärenden"],
    url_name="document_file",
    response={200: None},
)
def document_file(request: HttpRequest, document_id: int) -> FileResponse:
    d = Document.objects.visible_to(audience_for(request.user)).filter(pk=_id(document_id)).first()
    version = d.current if d else None
    if version is None:
        raise Http404
    return FileResponse(
        version.file.open("rb"),
        content_type=version.content_type,
        filename=version.original_name,
        as_attachment=True,
    )


def _recommendation(r: Recommendation) -> dict[str, Any]:
    return {
        "id": r.pk,
        "case_number": r.case.case_number,
        "title": r.title,
        "text": r.text,
        "issued_on": r.issued_on,
        "answer_by": r.answer_by,
        "responses": [
            {
                "party": resp.party.short_name,
                "status": resp.status,
                "decision_reference": resp.decision_reference,
                "decided_on": resp.decided_on,
                "document": resp.document_id,
            }
            for resp in r.responses.select_related("party").order_by(
                "party__sort_order", "party__name"
            )
        ],
    }


@api.get(
    "/recommendations/{recommendation_id}/",
    response=RecommendationOut,
    summary="En rekommendation och parternas svar",
    tags=["Rekommendationer"],
)
def recommendation(request: HttpRequest, recommendation_id: int) -> dict[str, Any]:
    r = (
        Recommendation.objects.select_related("case__series")
        .filter(pk=_id(recommendation_id))
        .first()
    )
    if r is None:
        raise Http404
    return _recommendation(r)


# --- Writing -------------------------------------------------------------------------


class ResponseIn(Schema):
    status: Literal["adopted", "adopted_with_changes", "rejected", "not_handled"]
    decision_reference: str = ""
    decided_on: datetime.date | None = None
    note: str = ""
    document_title: str = ""
    document_filename: str = ""
    document_base64: str = ""


@api.post(
    "/recommendations/{recommendation_id}/response/",
    response=RecommendationOut,
    summary="Registrera partens svar",
    tags=["Rekommendationer"],
)
def response_register(
    request: HttpRequest, recommendation_id: int, payload: ResponseIn
) -> dict[str, Any]:
    """A party's system registers its own party's answer, with its decision document
    (base64)."""
    token: ApiToken = request.api_token  # type: ignore[attr-defined]
    r = (
        Recommendation.objects.select_related("case__series")
        .filter(pk=_id(recommendation_id))
        .first()
    )
    if r is None:
        raise Http404
    resp = (
        PartyResponse.objects.filter(recommendation=r, party_id=token.party_id).first()
        if token.party_id
        else None
    )
    if resp is None or not may_register_party_response(token.party_id, resp.party_id):
        raise PermissionDenied("Nyckeln hör inte till en part som rekommendationen ställs till.")
    data = None
    if payload.document_base64:
        try:
            data = base64.b64decode(payload.document_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValidationError({"document_base64": "Filen ska vara base64-kodad."}) from exc
        if not payload.document_filename:
            raise ValidationError({"document_filename": "Ange filens namn."})
    with transaction.atomic(), acting_as(request.user, f"api:{token.prefix}"):
        document = None
        if data is not None:
            document = document_create(
                title=payload.document_title or f"{resp.party.name}: beslut om {r.title}",
                data=data,
                filename=payload.document_filename,
                by=request.user,
            )
        cases_services.party_response_record(
            resp,
            status=payload.status,
            decision_reference=payload.decision_reference,
            decided_on=payload.decided_on,
            document=document,
            note=payload.note,
        )
    return _recommendation(r)


class MeetingIn(Schema):
    body: int
    date: datetime.date
    start_time: LocalTime
    end_time: LocalTime | None = None
    place: str = ""


@api.post(
    "/meetings/",
    response={201: MeetingOut},
    summary="Planera ett sammanträde",
    tags=["Sammanträden"],
)
def meeting_create(request: HttpRequest, payload: MeetingIn) -> Status[dict[str, Any]]:
    b = Body.objects.filter(pk=_id(payload.body)).first()
    if b is None:
        raise Http404
    if not may_manage_body(audience_for(request.user), b.pk):
        raise PermissionDenied("Nyckelns konto håller inte organets sammanträden.")
    token: ApiToken = request.api_token  # type: ignore[attr-defined]
    with acting_as(request.user, f"api:{token.prefix}"):
        m = meetings_services.meeting_create(
            body=b,
            date=payload.date,
            start_time=payload.start_time,
            end_time=payload.end_time,
            place=payload.place,
        )
    return Status(201, _meeting(request, m))


class AgendaItemIn(Schema):
    title: str
    description: str = ""
    presenters: str = ""
    proposed_decision: str = ""
    planned_start: LocalTime | None = None


@api.post(
    "/meetings/{meeting_id}/agenda-items/",
    response={201: AgendaItemOut},
    summary="Lägg till en punkt",
    tags=["Sammanträden"],
)
def agenda_item_create(
    request: HttpRequest, meeting_id: int, payload: AgendaItemIn
) -> Status[dict[str, Any]]:
    m = Meeting.objects.filter(pk=_id(meeting_id)).first()
    if m is None:
        raise Http404
    if not may_manage_body(audience_for(request.user), m.body_id):
        raise PermissionDenied("Nyckelns konto håller inte organets sammanträden.")
    token: ApiToken = request.api_token  # type: ignore[attr-defined]
    with acting_as(request.user, f"api:{token.prefix}"):
        item = meetings_services.agenda_item_add(m, **payload.dict())
    return Status(201, _item(item, True))


# --- Changes feed ------------------------------------------------------------------------


class ChangeOut(Schema):
    change: int
    at: datetime.datetime
    type: str
    id: int
    action: str
    url: str | None


class ChangesPage(Schema):
    since: str
    next: str | None
    results: list[ChangeOut]


# The object types a client can follow, with the queryset that says what it may read.
def _readable(model: str, ids: set[int], request: HttpRequest) -> set[int]:
    audience = audience_for(request.user)
    querysets: dict[str, Any] = {
        "body": Body.objects.all(),
        "meeting": Meeting.objects.visible_to(audience),
        "agendaitem": AgendaItem.objects.visible_to(audience),
        "section": Section.objects.visible_to(audience),
        "case": Case.objects.visible_to(audience),
        "registryentry": RegistryEntry.objects.visible_to(audience),
        "recommendation": Recommendation.objects.all(),
        "partyresponse": PartyResponse.objects.all(),
        "document": Document.objects.visible_to(audience),
    }
    return set(querysets[model].filter(pk__in=ids).values_list("pk", flat=True))


CHANGE_URLS = {
    "body": "api_v1:body",
    "meeting": "api_v1:meeting",
    "agendaitem": "api_v1:agenda_item",
    "case": "api_v1:case",
    "recommendation": "api_v1:recommendation",
    "document": "api_v1:document",
}
# A deletion is told only for types whose rows everyone may know of.
DELETIONS_TOLD = {"body", "meeting", "case", "recommendation"}


@api.get(
    "/changes/", response=ChangesPage, summary="Ändringar sedan förra gången", tags=["Ändringar"]
)
def changes(request: HttpRequest, since: str = "", limit: Limit = PAGE) -> dict[str, Any]:
    """The change log as far as the token may read it, oldest first: poll with the
    `since` of the last answer to stay in step. An object the token may not read is
    left out (a closed item, a confidential document)."""
    from samverkan.audit.models import AuditEntry

    after = _cursor_decode(since) if since else 0
    entries = list(
        AuditEntry.objects.filter(
            pk__gt=after,
            content_type__model__in=[*CHANGE_URLS, "section", "registryentry", "partyresponse"],
        )
        .select_related("content_type")
        .order_by("pk")[: limit + 1]
    )
    more = len(entries) > limit
    entries = entries[:limit]
    by_model: dict[str, set[int]] = {}
    for e in entries:
        if e.action != "delete" and e.object_id.isdigit():
            by_model.setdefault(e.content_type.model, set()).add(int(e.object_id))
    readable = {model: _readable(model, ids, request) for model, ids in by_model.items()}
    out = []
    for e in entries:
        model = e.content_type.model
        if not e.object_id.isdigit():
            continue
        pk = int(e.object_id)
        if e.action == "delete":
            if model not in DELETIONS_TOLD:
                continue
        elif pk not in readable.get(model, set()):
            continue
        name = CHANGE_URLS.get(model)
        url = (
            request.build_absolute_uri(reverse(name, args=[pk]))
            if name and e.action != "delete"
            else None
        )
        out.append(
            {
                "change": e.pk,
                "at": e.occurred_at,
                "type": model,
                "id": pk,
                "action": e.action,
                "url": url,
            }
        )
    last = entries[-1].pk if entries else after
    cursor = _cursor_encode(last)
    next_url = None
    if more:
        query = request.GET.copy()
        query["since"] = cursor
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {"since": cursor, "next": next_url, "results": out}
