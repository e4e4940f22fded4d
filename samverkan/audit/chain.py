"""The audit log is a hash chain. Each entry holds `prev_hash`, the hash of the entry before
it in id order (GENESIS for the first), and `hash`, the SHA-256 of its own content and
prev_hash (`entry_digest`, the one rule). An entry changed in the database no longer
matches its hash; an entry removed or slipped in breaks the link of the entry after it.
`chain_faults` walks the chain and names each such entry (`samverkan verify`).

What the chain does not show by itself: entries cut off at the end, or the whole tail
rewritten with fresh hashes by someone who can write to the database. `samverkan verify`
prints the last hash; kept somewhere else, it pins the log up to that entry.

Linking (`entries_link`) runs in the transaction that inserts the entries. The chain
must stay one line while many write at once: on PostgreSQL a transaction-level advisory
lock is taken before the last hash is read and held until the transaction ends, so
entries get their ids in chain order; on SQLite every transaction begins IMMEDIATE
(settings), so a writer holds the database's write lock from its first statement and
nobody else can append in between. On PostgreSQL this makes audited writes take turns
from their first audit entry to their commit: a transaction that has written an audited
row and then waits for a row lock held by another that is about to write one would
deadlock (PostgreSQL ends one of them); the services take their row locks first.

The content is the row as stored: the time in UTC ISO 8601 with microseconds, the
actor's id and label, source, action, the object's type as app_label.model, its id and
text, and before/after as canonical JSON (sorted keys, no spaces). Before and after are
put through the log's JSON encoder and back before hashing, so the entry hashes the same
values it stores and reads back. (PostgreSQL's jsonb prints a float of 1e16 or more as a
whole number; the log holds no such floats.) Renaming a model changes its label, and so
the hashes of its old entries: keep the label when renaming an audited model."""

import datetime
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

GENESIS = "0" * 64
# pg_advisory_xact_lock key of the chain's head (any constant no other lock uses).
LOCK_KEY = 0x53414D56_41554454 >> 1  # "SAMVAUDT", halved to fit a signed bigint


_CANONICAL = DjangoJSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_digest(content: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 (hex) of an entry's content and the hash of the entry before it, over
    canonical JSON: sorted keys, no spaces, UTF-8."""
    text = _CANONICAL.encode({**content, "prev_hash": prev_hash})
    return hashlib.sha256(text.encode()).hexdigest()


def entry_content(
    *,
    occurred_at: datetime.datetime,
    actor_id: int | None,
    actor_label: str,
    source: str,
    action: str,
    content_type: str,
    object_id: str,
    object_repr: str,
    before: Any,
    after: Any,
) -> dict[str, Any]:
    """What the hash covers, by name (content_type as "app_label.model")."""
    if occurred_at.tzinfo is None:  # as SQLite gives it back: UTC
        at = occurred_at.isoformat() + "+00:00"
    else:
        at = occurred_at.astimezone(datetime.UTC).isoformat()
    return {
        "occurred_at": at,
        "actor_id": actor_id,
        "actor_label": actor_label,
        "source": source,
        "action": action,
        "content_type": content_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "before": before,
        "after": after,
    }


def _as_stored(value: Any) -> Any:
    """The JSON value as the database gives it back."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _table() -> str:
    from .models import AuditEntry

    return AuditEntry._meta.db_table


def _head(using: str) -> str:
    """The last entry's hash (plain SQL: this runs on every audited write)."""
    connection = connections[using]
    table = connection.ops.quote_name(_table())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT hash FROM {table} ORDER BY id DESC LIMIT 1")  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else GENESIS


def entries_link(entries: Iterable[Any], using: str = DEFAULT_DB_ALIAS) -> None:
    """Chain new entries, in the order given, onto the last one: sets each one's time
    (unless set), prev_hash and hash. Call inside the transaction that inserts them, just
    before the insert; the lock is held until that transaction ends."""
    from django.contrib.contenttypes.models import ContentType

    entries = list(entries)
    if not entries:
        return
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("entries_link must run inside the inserting transaction.")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
    prev = _head(using)
    for entry in entries:
        if entry.occurred_at is None:
            entry.occurred_at = timezone.now()
        entry.before = _as_stored(entry.before)
        entry.after = _as_stored(entry.after)
        ct = ContentType.objects.db_manager(using).get_for_id(entry.content_type_id)
        content = entry_content(
            occurred_at=entry.occurred_at,
            actor_id=entry.actor_id,
            actor_label=entry.actor_label,
            source=entry.source,
            action=entry.action,
            content_type=f"{ct.app_label}.{ct.model}",
            object_id=entry.object_id,
            object_repr=entry.object_repr,
            before=entry.before,
            after=entry.after,
        )
        entry.prev_hash = prev
        entry.hash = prev = entry_digest(content, prev)


@dataclass(frozen=True)
class ChainFault:
    entry_id: int
    problem: str  # Swedish


CHANGED = "Innehållet stämmer inte med postens hash: posten är ändrad."
NOT_FIRST = (
    "Kedjan börjar inte här: posten pekar på en tidigare post som saknas (raderad eller borttagen)."
)


def _broken_link(prev_id: int) -> str:
    return (
        f"Länken till föregående post (id {prev_id}) stämmer inte: en post mellan dem har "
        "raderats eller lagts in, eller föregående post har fått ny hash."
    )


def chain_length(using: str = DEFAULT_DB_ALIAS) -> int:
    from .models import AuditEntry

    return AuditEntry._base_manager.using(using).count()


def chain_head(using: str = DEFAULT_DB_ALIAS) -> str:
    """The hash of the last entry (GENESIS for an empty log)."""
    return _head(using)


# The columns of a row as `row_content` and the walk read them, in this order.
ROW_COLUMNS = (
    "id",
    "occurred_at",
    "actor_id",
    "actor_label",
    "source",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "before",
    "after",
    "prev_hash",
    "hash",
)


def content_type_labels(using: str = DEFAULT_DB_ALIAS) -> dict[int, str]:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT id, app_label, model FROM django_content_type")
        return {pk: f"{app}.{model}" for pk, app, model in cursor.fetchall()}


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def row_content(row: Sequence[Any], labels: Mapping[int, str]) -> dict[str, Any]:
    """The content of a row read with plain SQL in ROW_COLUMNS order (the JSON columns as
    text, the time naive on SQLite)."""
    _, at, actor, label, source, action, ct, oid, text, before, after = row[:11]
    return entry_content(
        occurred_at=at,
        actor_id=actor,
        actor_label=label,
        source=source,
        action=action,
        content_type=labels.get(ct, str(ct)),
        object_id=oid,
        object_repr=text,
        before=_json(before),
        after=_json(after),
    )


def chain_faults(
    advance: Callable[[int], None] = lambda n: None,
    *,
    chunk: int = 5000,
    using: str = DEFAULT_DB_ALIAS,
) -> Iterator[ChainFault]:
    """Every entry, in id order, whose content does not match its hash or whose link to
    the entry before it is broken. Streams the log through a server-side cursor (memory
    does not grow with it) and calls `advance(n)` every `chunk` entries. Plain SQL: the
    ORM's per-row conversions took half the time."""
    connection = connections[using]
    labels = content_type_labels(using)
    q = connection.ops.quote_name
    sql = (
        f"SELECT {', '.join(q(c) for c in ROW_COLUMNS)} FROM {q(_table())} "  # noqa: S608
        "ORDER BY id"
    )
    last_hash, last_id = GENESIS, None
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(chunk):
            for row in rows:
                pk, prev, own = row[0], row[11], row[12]
                if prev != last_hash:
                    yield ChainFault(pk, NOT_FIRST if last_id is None else _broken_link(last_id))
                if entry_digest(row_content(row, labels), prev) != own:
                    yield ChainFault(pk, CHANGED)
                last_hash, last_id = own, pk
            advance(len(rows))
