"""Who is acting right now: set by the middleware for requests, by commands and services
otherwise, read by the audit signals. A ContextVar keeps concurrent requests apart."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    user: Any  # accounts.User or None
    source: str  # "webb", "admin", "load_demo", "api" …


_current: ContextVar[Actor | None] = ContextVar("samverkan_audit_actor", default=None)


def current_actor() -> Actor | None:
    return _current.get()


@contextmanager
def acting_as(user: Any, source: str) -> Iterator[Actor]:
    actor = Actor(user=user if getattr(user, "is_authenticated", False) else None, source=source)
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)
