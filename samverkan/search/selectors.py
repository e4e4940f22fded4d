"""Search reads through the access policy: an entry is found only when the object it
stands for may be read in full by the user, checked on the object itself at query time,
so a stale index row can never show more than the object allows."""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils.safestring import mark_safe

from samverkan.access.pii import personnummer_mask
from samverkan.access.policy import Audience, audience_for
from samverkan.cases.models import Case, RegistryEntry
from samverkan.documents.models import Document, DocumentVersion
from samverkan.meetings.models import AgendaItem, Section

from . import backends
from .models import SearchEntry

MAX_QUERY_CHARS = 200


def search_visible_entries(user: object) -> QuerySet[SearchEntry]:
    """The candidate entries: public ones for the public; every entry for a signed-in
    user, whose hits are then checked object by object (`_readable`)."""
    qs = SearchEntry.objects.select_related("body")
    return qs if audience_for(user).user_id is not None else qs.filter(is_public=True)


# For each kind of entry: the objects the audience reads in full, through the policy.
_READABLE: dict[str, Callable[[set[int], Audience], QuerySet[Any]]] = {
    SearchEntry.Kind.CASE: lambda ids, a: Case.objects.filter(pk__in=ids).visible_to(a),
    SearchEntry.Kind.ENTRY: lambda ids, a: RegistryEntry.objects.filter(pk__in=ids).unmasked_for(a),
    SearchEntry.Kind.DOCUMENT: lambda ids, a: DocumentVersion.objects.filter(
        pk__in=ids, document__in=Document.objects.visible_to(a)
    ),
    SearchEntry.Kind.AGENDA_ITEM: lambda ids, a: AgendaItem.objects.filter(pk__in=ids).visible_to(
        a
    ),
    SearchEntry.Kind.SECTION: lambda ids, a: Section.objects.filter(pk__in=ids).visible_to(a),
}


def _readable(hits: list[backends.Hit], user: object) -> list[backends.Hit]:
    audience = audience_for(user)
    ids: dict[str, set[int]] = {}
    for h in hits:
        ids.setdefault(h.entry.kind, set()).add(h.entry.object_id)
    allowed = {
        kind: set(_READABLE[kind](found, audience).values_list("pk", flat=True))
        for kind, found in ids.items()
        if kind in _READABLE
    }
    readable = [h for h in hits if h.entry.object_id in allowed.get(h.entry.kind, set())]
    if not audience.is_staff_anywhere:
        # A personnummer typed into free text is not shown on a public surface.
        for h in readable:
            h.entry.title = personnummer_mask(h.entry.title)
            h.snippet = mark_safe(personnummer_mask(h.snippet))  # noqa: S308 - digits only
    return readable


def search(
    q: str, user: object, *, kind: str = "", body_id: int | None = None, year: int | None = None
) -> list[backends.Hit]:
    q = q[:MAX_QUERY_CHARS]
    base = search_visible_entries(user)
    if kind:
        base = base.filter(kind=kind)
    if body_id:
        base = base.filter(body_id=body_id)
    if year:
        base = base.filter(year=year)
    hits = backends.query(q, base)
    query_stems = set(backends.stems(q))
    # Keep only hits whose stored text still holds every stem (guards a stale FTS row).
    fresh = [
        h for h in hits if query_stems <= set(backends.stems(f"{h.entry.title} {h.entry.text}"))
    ]
    return _readable(fresh, user)
