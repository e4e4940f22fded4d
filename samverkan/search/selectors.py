from django.db.models import QuerySet

from samverkan.documents.access import may_see_confidential

from . import backends
from .models import SearchEntry


def search_visible_entries(user: object) -> QuerySet[SearchEntry]:
    """What the user may find: the public entries, and for the registry's staff all."""
    qs = SearchEntry.objects.select_related("body")
    return qs if may_see_confidential(user) else qs.filter(is_public=True)


def search(
    q: str, user: object, *, kind: str = "", body_id: int | None = None, year: int | None = None
) -> list[backends.Hit]:
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
    return [
        h for h in hits if query_stems <= set(backends.stems(f"{h.entry.title} {h.entry.text}"))
    ]
