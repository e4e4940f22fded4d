"""Which search entries an audience may find: those whose object it reads in full, each
kind through its own model's access method (the one access policy)."""

from collections.abc import Callable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from samverkan.access.policy import Audience, audience_for
from samverkan.cases.models import Case, RegistryEntry
from samverkan.documents.models import Document, DocumentVersion
from samverkan.meetings.models import AgendaItem, Section

_READABLE: dict[str, Callable[[Audience], QuerySet[Any]]] = {
    "case": lambda a: Case.objects.visible_to(a),
    "entry": lambda a: RegistryEntry.objects.unmasked_for(a),
    "document": lambda a: DocumentVersion.objects.filter(
        document__in=Document.objects.visible_to(a)
    ),
    "agenda_item": lambda a: AgendaItem.objects.visible_to(a),
    "section": lambda a: Section.objects.visible_to(a),
}


def readable_condition(user: object) -> Q:
    audience = audience_for(user)
    condition = Q(pk__in=[])
    for kind, readable in _READABLE.items():
        # Correlated (EXISTS … WHERE pk = object_id): checked per candidate entry, so the
        # cost follows the hits looked at, not the size of the object tables.
        condition |= Q(kind=kind) & Q(Exists(readable(audience).filter(pk=OuterRef("object_id"))))
    # The public's candidates are the public entries (an indexed flag); the object check
    # still decides, so a stale flag never shows more than the object allows.
    return condition & Q(is_public=True) if audience.is_anonymous else condition


READABLE_SLICE = 2000


def readable_among(user: object, entries: QuerySet[Any], ids: list[int]) -> set[int]:
    """Which of the entries `ids` (among `entries`) the user may find: the same rule as
    `readable_condition`, asked per kind with the objects' keys listed (a query per kind
    present). For a page of candidates this keeps every check an index lookup; the
    correlated form let PostgreSQL's planner hash the whole registry instead (50-300 ms
    at 200 000 entries, measured)."""
    if not ids:
        return set()
    audience = audience_for(user)
    if audience.is_anonymous:
        entries = entries.filter(is_public=True)
    by_kind: dict[str, dict[int, list[int]]] = {}
    for pk, kind, object_id in entries.filter(pk__in=ids).values_list("pk", "kind", "object_id"):
        by_kind.setdefault(kind, {}).setdefault(object_id, []).append(pk)
    allowed: set[int] = set()
    for kind, objects in by_kind.items():
        readable = _READABLE.get(kind)
        if readable is None:
            continue
        keys = list(objects)
        # In slices, to bound each statement (a round now holds at most 1 250 candidates).
        for i in range(0, len(keys), READABLE_SLICE):
            for object_id in (
                readable(audience)
                .filter(pk__in=keys[i : i + READABLE_SLICE])
                .order_by()
                .values_list("pk", flat=True)
            ):
                allowed.update(objects[object_id])
    return allowed
