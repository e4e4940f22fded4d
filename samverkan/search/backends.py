"""Full-text search per database vendor, over the same stems (see stemming.py): SQLite
holds them in an FTS5 table, PostgreSQL in a 'simple' tsvector with a GIN index. Both
rank the newest candidates only, both give highlighted snippets."""

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, QuerySet
from django.utils.safestring import SafeString, mark_safe

from .models import SearchEntry
from .stemming import WORD, stem, stemmed, stems

VECTOR_OF_V = "setweight(to_tsvector('simple', v.title), 'A') || setweight(to_tsvector('simple', v.text), 'B')"

__all__ = ["Hit", "Result", "index_rebuild", "index_remove", "index_write", "query", "stems"]


def snippet(text: str, query_stems: set[str], width: int = 14) -> SafeString:
    """A window of the text around the first hit, hits marked."""
    words = list(WORD.finditer(text))
    hits = [i for i, m in enumerate(words) if stem(m.group()) in query_stems]
    if not words:
        return mark_safe("")
    first = hits[0] if hits else 0
    lo, hi = max(0, first - width), min(len(words), first + width)
    start, end = words[lo].start(), words[hi - 1].end()
    out, cursor = [], start
    for i in range(lo, hi):
        m = words[i]
        out.append(html.escape(text[cursor : m.start()]))
        token = html.escape(m.group())
        out.append(f"<mark>{token}</mark>" if i in hits else token)
        cursor = m.end()
    prefix = "… " if lo > 0 else ""
    suffix = " …" if hi < len(words) else ""
    return mark_safe(prefix + "".join(out) + html.escape(text[cursor:end]) + suffix)  # noqa: S308 (escaped above)


def index_write(entry: SearchEntry) -> None:
    title, text = stemmed(entry.title), stemmed(entry.text)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE search_searchentry SET vector = setweight(to_tsvector('simple', %s), 'A') "
                "|| setweight(to_tsvector('simple', %s), 'B') WHERE id = %s",
                [title, text, entry.pk],
            )
        elif connection.vendor == "sqlite":
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [entry.pk])
            cursor.execute(
                "INSERT INTO search_fts (rowid, title, text) VALUES (%s, %s, %s)",
                [entry.pk, title, text],
            )


def index_rebuild(batch: int = 2000) -> int:
    """Index every entry anew, in bulk (after a bulk load, or when the stemming changes)."""
    count = 0
    rows = SearchEntry.objects.order_by("pk").values_list("pk", "title", "text")
    chunk: list[tuple[int, str, str]] = []

    def flush(cursor: Any) -> None:
        if connection.vendor == "postgresql":
            # One UPDATE per chunk, from a VALUES list of placeholders only.
            values = ", ".join(["(%s::bigint, %s, %s)"] * len(chunk))
            sql = f"UPDATE search_searchentry AS e SET vector = {VECTOR_OF_V} FROM (VALUES {values}) AS v(id, title, text) WHERE e.id = v.id"  # noqa: S608
            cursor.execute(sql, [x for row in chunk for x in row])
        else:
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, text) VALUES (%s, %s, %s)", chunk
            )

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM search_fts")
        for pk, title, text in rows.iterator(chunk_size=batch):
            chunk.append((pk, stemmed(title), stemmed(text)))
            if len(chunk) == batch:
                flush(cursor)
                count, chunk = count + len(chunk), []
        if chunk:
            flush(cursor)
            count += len(chunk)
    return count


def index_remove(entry_id: int) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [entry_id])


@dataclass
class Hit:
    entry: SearchEntry
    snippet: SafeString
    rank: float


@dataclass
class Result:
    """A page of ranked hits, and how many hits there are (counted up to the cap)."""

    hits: list[Hit]
    count: int
    capped: bool


def best_snippet(entry: SearchEntry, query_stems: set[str]) -> SafeString:
    """From the text, around its first hit (or from its start where only the title
    holds one); nothing when there is no text, since the title is shown above it."""
    return snippet(entry.text, query_stems) if entry.text.strip() else mark_safe("")


# Ranking is done over at most CANDIDATES hits, the newest entries first (the highest
# ids): a common word matches half the index, and ranking 200 000 rows to show 20 costs
# seconds. Below the cap every hit is ranked and the count is exact.
CANDIDATES = 1000
CHUNKS = 5  # at most this many rounds of candidates for the access check


def _matching_postgresql(
    query_stems: set[str], parts: list[QuerySet[SearchEntry]], below: int, n: int
) -> list[int]:
    """The newest `n` entries below id `below` that match every stem, among the `parts`
    (slices of the plain column filters that together make them; the access check comes
    after). Each part is read newest first on its own: one collaboration's entries lie in
    a band of ids, and as one query PostgreSQL walked the whole primary key down to it,
    filtering 807 177 rows for a common word at national scale (9 s); per part it reads
    the (collaboration, id) index from the top of that band."""
    sq = SearchQuery(" ".join(sorted(query_stems)), config="simple", search_type="plain")
    found: list[int] = []
    for part in parts:
        found += (
            part.filter(vector=sq, pk__lt=below).order_by("-pk").values_list("pk", flat=True)[:n]
        )
    return sorted(set(found), reverse=True)[:n]


def _matching_sqlite(query_stems: set[str], below: int, n: int) -> list[int]:
    """The newest `n` entries below id `below` where every stem is in title or text.
    FTS5 walks its rowids newest first and stops at `n`; without bm25, whose document
    frequencies make it read every posting of a common word (0.8 ms for the newest
    1 000 rowids, 160-400 ms with bm25 over 200 000 postings, measured)."""
    match = " AND ".join(f'"{s}"' for s in sorted(query_stems))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid < %s "
            "ORDER BY rowid DESC LIMIT %s",
            [match, below, n],
        )
        return [r for (r,) in cursor.fetchall()]


def _ranks(query_stems: set[str], ids: list[int]) -> list[tuple[int, float]]:
    """The rank of each found entry: PostgreSQL's ts_rank (title weighs more); on SQLite
    two tiers, every stem in the title first, then the others."""
    if not ids:
        return []
    if connection.vendor == "postgresql":
        sq = SearchQuery(" ".join(sorted(query_stems)), config="simple", search_type="plain")
        ranked = (
            SearchEntry.objects.filter(pk__in=ids)
            .annotate(rank=SearchRank(F("vector"), sq))
            .values_list("pk", "rank")
        )
        return [(pk, float(rank)) for pk, rank in ranked]
    in_title = " AND ".join(f'title : "{s}"' for s in sorted(query_stems))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
            "AND rowid >= %s AND rowid <= %s",
            [in_title, min(ids), max(ids)],
        )
        titled = {r for (r,) in cursor.fetchall()}
    return [(r, 2.0 if r in titled else 1.0) for r in ids]


def query(
    q: str,
    base: QuerySet[SearchEntry],
    *,
    allowed: Callable[[list[int]], set[int]] | None = None,
    parts: list[QuerySet[SearchEntry]] | None = None,
    offset: int = 0,
    limit: int = 20,
    cap: int = 0,
) -> Result:
    """The hits from `offset` to `offset + limit` by rank, among the newest `cap` hits
    (CANDIDATES unless given) in `base` that `allowed` lets through (it answers which of
    the given entry ids the user may find; all unless given).

    The matching entries are taken newest first in rounds of `cap` from the index, with
    `base`'s plain filters (kind, body, year, collaboration) and no access condition,
    and the access condition is checked on those candidates only: its correlated checks
    per object then cost what the candidates cost, not what the whole index holds (on
    PostgreSQL, planning the condition into the match took 4-6 s for a common word over
    400 000 entries). `parts`, when given, are disjoint slices of `base` that together
    make it, each read in id order through its own index (see _matching_postgresql)."""
    cap = cap or CANDIDATES
    query_stems = set(stems(q))
    if not query_stems:
        return Result([], 0, False)
    found: list[int] = []
    below = 2**62
    more = False
    # A round asks for a quarter more than the cap, so that the few the user may not
    # read seldom cost a second round.
    n = cap + cap // 4
    for _ in range(CHUNKS):
        if connection.vendor == "postgresql":
            rows = _matching_postgresql(query_stems, parts or [base], below, n)
        else:
            rows = _matching_sqlite(query_stems, below, n)
        ok = allowed(rows) if allowed is not None else set(rows)
        found += [r for r in rows if r in ok]
        more = len(rows) == n
        if not more or len(found) >= cap:
            break
        below = rows[-1]
    capped = more or len(found) > cap
    ranked = _ranks(query_stems, found[:cap])
    ranked.sort(key=lambda r: (-r[1], -r[0]))
    page = ranked[offset : offset + limit]
    entries = base.select_related("body").in_bulk([pk for pk, _ in page])
    hits = [
        Hit(entries[pk], best_snippet(entries[pk], query_stems), rank)
        for pk, rank in page
        if pk in entries
    ]
    return Result(hits, len(ranked), capped)
