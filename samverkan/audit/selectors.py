"""Reads of the audit log."""

from __future__ import annotations

import datetime
import time
import weakref
from collections.abc import Callable, Hashable
from typing import Any, ClassVar, Generic, TypeVar

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import AuditEntry

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def chain_head() -> str:
    """The hash of the newest entry of the audit log's hash chain ("" when it is empty).

    Every change of the records is an entry, so the head names the state of everything a
    page can show: a page cached under one head is never served under another.

    Read on a plain cursor: a request reads it for each thing it keeps (its
    collaboration, its token, its page), and the query is the log's last key."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {q('hash')} FROM {q(AuditEntry._meta.db_table)} ORDER BY {q('id')} DESC LIMIT 1"  # noqa: S608
        )
        row = cursor.fetchone()
    return (row[0] if row else "") or ""


class KeptWhileUnchanged(Generic[K, V]):
    """Values a worker reads often and that only a logged change alters (a token's
    account and audience, the collaboration a host names), kept in its memory while the
    audit log's head and the day are the ones they were read under: a change writes an
    entry, so the next read after it reads afresh. A write that skips the log (raw SQL,
    the generator's bulk inserts) is seen after at most `seconds` (by default
    SAMVERKAN_KEPT_SECONDS; 0 keeps nothing), as by the page cache.
    At most `size` values; a value of None (nothing found) is read afresh each time, so
    guesses cannot crowd out the rest.

    The kept value is shared by the worker's threads: callers hand out copies of
    anything a request may change."""

    _all: ClassVar[weakref.WeakSet[KeptWhileUnchanged[Any, Any]]] = weakref.WeakSet()

    def __init__(self, size: int, seconds: float | None = None) -> None:
        self.size = size
        self.seconds = seconds
        self._kept: dict[K, tuple[tuple[str, datetime.date], float, V]] = {}
        KeptWhileUnchanged._all.add(self)

    def get(self, key: K, read: Callable[[], V | None]) -> V | None:
        seconds = settings.SAMVERKAN_KEPT_SECONDS if self.seconds is None else self.seconds
        if seconds <= 0:
            return read()
        state = (chain_head(), timezone.localdate())
        kept = self._kept.get(key)
        if kept is not None and kept[0] == state and time.monotonic() < kept[1]:
            return kept[2]
        value = read()
        if value is None:
            self._kept.pop(key, None)
            return None
        if len(self._kept) >= self.size:
            self._kept.clear()
        self._kept[key] = (state, time.monotonic() + seconds, value)
        return value

    def clear(self) -> None:
        self._kept.clear()

    @classmethod
    def clear_all(cls) -> None:
        """Forget every kept value (the tests, between one database and the next)."""
        for kept in list(cls._all):
            kept.clear()
