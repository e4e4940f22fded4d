"""Full-text search per database vendor. SQLite: an FTS5 table over text stemmed with
Snowball's Swedish stemmer (PyStemmer); PostgreSQL: to_tsvector('swedish', …) with a GIN
index. Both rank, both give highlighted snippets."""

import html
import re
from dataclasses import dataclass

import Stemmer
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import QuerySet
from django.utils.safestring import SafeString, mark_safe

from .models import SearchEntry

WORD = re.compile(r"\w+", re.UNICODE)
_stemmer = Stemmer.Stemmer("swedish")


def stems(text: str) -> list[str]:
    return _stemmer.stemWords([w.lower() for w in WORD.findall(text)])


def snippet(text: str, query_stems: set[str], width: int = 14) -> SafeString:
    """A window of the text around the first hit, hits marked."""
    words = list(WORD.finditer(text))
    hits = [i for i, m in enumerate(words) if _stemmer.stemWord(m.group().lower()) in query_stems]
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
    if connection.vendor == "postgresql":
        SearchEntry.objects.filter(pk=entry.pk).update(
            vector=SearchVector("title", weight="A", config="swedish")
            + SearchVector("text", weight="B", config="swedish")
        )
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [entry.pk])
            cursor.execute(
                "INSERT INTO search_fts (rowid, title, text) VALUES (%s, %s, %s)",
                [entry.pk, " ".join(stems(entry.title)), " ".join(stems(entry.text))],
            )


def index_remove(entry_id: int) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [entry_id])


@dataclass
class Hit:
    entry: SearchEntry
    snippet: SafeString
    rank: float


def best_snippet(entry: SearchEntry, query_stems: set[str]) -> SafeString:
    """From the text where it holds a hit, else from the title."""
    if entry.text and query_stems & set(stems(entry.text)):
        return snippet(entry.text, query_stems)
    return snippet(entry.title, query_stems)


def query(q: str, base: QuerySet[SearchEntry], limit: int = 50) -> list[Hit]:
    query_stems = set(stems(q))
    if not query_stems:
        return []
    if connection.vendor == "postgresql":
        sq = SearchQuery(q, config="swedish", search_type="websearch")
        found = (
            base.filter(vector=sq)
            .annotate(rank=SearchRank("vector", sq))
            .order_by("-rank", "-year", "id")[:limit]
        )
        return [Hit(e, best_snippet(e, query_stems), float(e.rank)) for e in found]
    # SQLite FTS5: every stem must match, in title or text; bm25 with the title weighted up.
    match = " AND ".join(f'"{s}"' for s in sorted(query_stems))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid, bm25(search_fts, 3.0, 1.0) FROM search_fts WHERE search_fts MATCH %s "
            "ORDER BY bm25(search_fts, 3.0, 1.0) LIMIT 1000",
            [match],
        )
        ranked = cursor.fetchall()
    order = {rowid: score for rowid, score in ranked}
    entries = base.filter(pk__in=list(order))
    hits = [Hit(e, best_snippet(e, query_stems), -float(order[e.pk])) for e in entries]
    return sorted(hits, key=lambda h: (-h.rank, h.entry.pk))[:limit]
