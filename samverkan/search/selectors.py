"""Search reads through the access policy: an entry is found only when the object it
stands for may be read in full by the user, checked on the object itself at query time,
so a stale index row can never show more than the object allows."""

from django.db.models import Q, QuerySet
from django.utils.safestring import mark_safe

from samverkan.access.pii import personnummer_mask
from samverkan.access.policy import audience_for

from . import backends
from .models import SearchEntry
from .readable import readable_among

MAX_QUERY_CHARS = 200


def _masked(hits: list[backends.Hit], user: object) -> list[backends.Hit]:
    # Snippets come from every kind of object: only an administrator sees a number in
    # full here (the registrar does on the registry and the case page).
    if not audience_for(user).is_admin:
        # A personnummer typed into free text is not shown on a public surface.
        for h in hits:
            h.entry.title = personnummer_mask(h.entry.title)
            h.snippet = mark_safe(personnummer_mask(h.snippet))  # noqa: S308 - digits only
    return hits


def search_results(
    q: str,
    user: object,
    *,
    kind: str = "",
    body_id: int | None = None,
    year: int | None = None,
    collaboration: object = None,
    offset: int = 0,
    limit: int = 20,
) -> backends.Result:
    """A page of hits the user may find, ranked, and their capped count. The access
    condition is part of the candidates' query; only the page shown is fetched,
    snippeted and masked."""
    q = q[:MAX_QUERY_CHARS]
    # The plain filters first; the access policy is applied to the candidates they match.
    plain = SearchEntry.objects.all()
    if audience_for(user).is_anonymous:
        plain = plain.filter(is_public=True)
    if kind:
        plain = plain.filter(kind=kind)
    if body_id:
        plain = plain.filter(body_id=body_id)
    if year:
        plain = plain.filter(year=year)
    base = plain
    # The collaboration's own entries and those of no collaboration, each read in id
    # order on its own (an OR of the two made PostgreSQL read the whole collaboration).
    parts: list[QuerySet[SearchEntry]] | None = None
    if collaboration is not None:
        base = plain.filter(Q(collaboration=collaboration) | Q(collaboration__isnull=True))
        parts = [
            plain.filter(Q(collaboration=collaboration)),
            plain.filter(collaboration__isnull=True),
        ]
    result = backends.query(
        q,
        base,
        allowed=lambda ids: readable_among(user, base, ids),
        parts=parts,
        offset=offset,
        limit=limit,
    )
    query_stems = set(backends.stems(q))
    # Keep only hits whose stored text still holds every stem (guards a stale index row).
    result.hits = _masked(
        [
            h
            for h in result.hits
            if query_stems <= set(backends.stems(f"{h.entry.title} {h.entry.text}"))
        ],
        user,
    )
    return result


def search(
    q: str, user: object, *, kind: str = "", body_id: int | None = None, year: int | None = None
) -> list[backends.Hit]:
    """The first 50 hits."""
    return search_results(q, user, kind=kind, body_id=body_id, year=year, limit=50).hits
