"""Search reads through the access policy: an entry is found only when the object it
stands for may be read in full by the user, checked on the object itself at query time,
so a stale index row can never show more than the object allows."""

from django.db.models import QuerySet
from django.utils.safestring import mark_safe

from samverkan.access.pii import personnummer_mask
from samverkan.access.policy import audience_for
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


def _readable(hits: list[backends.Hit], user: object) -> list[backends.Hit]:
    audience = audience_for(user)
    ids: dict[str, set[int]] = {}
    for h in hits:
        ids.setdefault(h.entry.kind, set()).add(h.entry.object_id)
    K = SearchEntry.Kind
    allowed: dict[str, set[int]] = {
        K.CASE: set(
            Case.objects.filter(pk__in=ids.get(K.CASE, ()))
            .visible_to(audience)
            .values_list("pk", flat=True)
        ),
        K.ENTRY: set(
            RegistryEntry.objects.filter(pk__in=ids.get(K.ENTRY, ()))
            .unmasked_for(audience)
            .values_list("pk", flat=True)
        ),
        K.DOCUMENT: set(
            DocumentVersion.objects.filter(
                pk__in=ids.get(K.DOCUMENT, ()),
                document__in=Document.objects.visible_to(audience),
            ).values_list("pk", flat=True)
        ),
        K.AGENDA_ITEM: set(
            AgendaItem.objects.filter(pk__in=ids.get(K.AGENDA_ITEM, ()))
            .visible_to(audience)
            .values_list("pk", flat=True)
        ),
        K.SECTION: set(
            Section.objects.filter(pk__in=ids.get(K.SECTION, ()))
            .visible_to(audience)
            .values_list("pk", flat=True)
        ),
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
