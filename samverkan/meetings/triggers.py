"""Sealed minutes in the database itself: once a meeting is sealed, triggers refuse UPDATE
and DELETE of its row and of every row that belongs to it (agenda items, supporting
documents, attendance, §§, motions, votes, ballots, …), including moving a row to or from
it; likewise for a § that is immediately attested and its rows. The ORM guard
(guards.py) gives the friendly error first; this is the backstop for writes that skip
signals (QuerySet.update(), bulk writes, raw SQL, another client).

The SQL is generated after every migrate from the models' concrete fields and foreign
keys: a new column is protected, and so is a new table that belongs to a meeting or a §
through its foreign keys (within this app)."""

from collections import deque
from dataclasses import dataclass
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model

from samverkan.audit.dbtriggers import Refusal, columns_changed, trigger_name

from .guards import POSTING_FIELDS, SEALED, SECTION_ATTESTED

GROUP = "meetings_sealed"
APP = "meetings"

# What may still change on a sealed meeting's rows (names that are no field are skipped):
# the notice-board posting and the public version of the minutes, and an agenda item's
# publicity, which is an assessment of secrecy, not minutes content.
MAY_CHANGE: dict[str, set[str]] = {
    "meeting": POSTING_FIELDS | {"public_minutes_pdf", "public_minutes_sha256"},
    "agendaitem": {"is_public", "confidentiality_ground"},
    # A correction note is made after sealing; it becomes valid when attested.
    "minutescorrection": {"attested_at"},
}


@dataclass(frozen=True)
class Lock:
    key: str  # part of the trigger name
    model: str  # the model whose rows lock: "meeting", "section"
    locked_when: str  # field name; the row locks when it is not null
    message: str


LOCKS = (
    Lock("sealed", "meeting", "sealed_at", SEALED),
    Lock("attested", "section", "attested_at", SECTION_ATTESTED),
)


def _foreign_keys(model: type[Model]) -> list[Any]:
    fields: list[Any] = list(model._meta.concrete_fields)
    return [
        f
        for f in fields
        if f.is_relation
        and (f.many_to_one or f.one_to_one)
        and f.related_model._meta.app_label == APP
    ]


def _paths(model: type[Model], target: str) -> list[list[Any]]:
    """For each foreign key of the model, the shortest chain of foreign keys that reaches
    the target model (by model name) from it."""

    def shortest(start: type[Model]) -> list[Any] | None:
        queue: deque[tuple[type[Model], list[Any]]] = deque([(start, [])])
        seen = {start._meta.label}
        while queue:
            current, path = queue.popleft()
            if current._meta.model_name == target:
                return path
            for fk in _foreign_keys(current):
                nxt = fk.related_model
                if nxt._meta.label not in seen:
                    seen.add(nxt._meta.label)
                    queue.append((nxt, [*path, fk]))
        return None

    paths = []
    for fk in _foreign_keys(model):
        rest = shortest(fk.related_model)
        if rest is not None:
            paths.append([fk, *rest])
    return paths


def _column(model: type[Model], name: str) -> str:
    field: Any = model._meta.get_field(name)
    return str(field.column)


def _locked_through(connection: BaseDatabaseWrapper, row: str, path: list[Any], lock: Lock) -> str:
    """EXISTS: the row (OLD or NEW) reaches, along the path, a locked row."""
    q = connection.ops.quote_name
    first = path[0]
    joins = []
    for i, fk in enumerate(path[1:], start=1):
        joins.append(
            f"JOIN {q(fk.related_model._meta.db_table)} t{i} "
            f"ON t{i}.{q(fk.target_field.column)} = t{i - 1}.{q(fk.column)}"
        )
    last = path[-1].related_model
    column = _column(last, lock.locked_when)
    source = q(first.related_model._meta.db_table)
    where = (
        f"t0.{q(first.target_field.column)} = {row}.{q(first.column)} "
        f"AND t{len(path) - 1}.{q(column)} IS NOT NULL"
    )
    # Only quoted names from the models' metadata go into the SQL.
    return f"EXISTS (SELECT 1 FROM {source} t0 {' '.join(joins)} WHERE {where})"  # noqa: S608


def _guarded_columns(model: type[Model]) -> list[str]:
    allowed = MAY_CHANGE.get(model._meta.model_name or "", set())
    fields: list[Field[Any, Any]] = list(model._meta.concrete_fields)
    return [f.column for f in fields if f.name not in allowed and f.attname not in allowed]


def _model_refusals(
    model: type[Model], lock: Lock, connection: BaseDatabaseWrapper
) -> list[Refusal]:
    q = connection.ops.quote_name
    table = model._meta.db_table
    changed = columns_changed(connection, _guarded_columns(model))
    if model._meta.model_name == lock.model:
        own = _column(model, lock.locked_when)
        on_update = f"OLD.{q(own)} IS NOT NULL AND {changed}"
        on_delete = f"OLD.{q(own)} IS NOT NULL"
    else:
        paths = _paths(model, lock.model)
        if not paths:
            return []
        old = " OR ".join(_locked_through(connection, "OLD", p, lock) for p in paths)
        new = " OR ".join(_locked_through(connection, "NEW", p, lock) for p in paths)
        on_update = f"({old} OR {new}) AND {changed}"
        on_delete = f"({old})"
    return [
        Refusal(
            trigger_name(GROUP, table, lock.key, "update"), table, "UPDATE", on_update, lock.message
        ),
        Refusal(
            trigger_name(GROUP, table, lock.key, "delete"), table, "DELETE", on_delete, lock.message
        ),
    ]


def refusals(apps: Any, connection: BaseDatabaseWrapper) -> list[Refusal]:
    models = [
        m
        for m in apps.get_models()
        if m._meta.app_label == APP and m._meta.managed and not m._meta.proxy
    ]
    names = {m._meta.model_name for m in models}
    result: list[Refusal] = []
    for lock in LOCKS:
        if lock.model not in names:  # not migrated yet
            continue
        for model in models:
            result += _model_refusals(model, lock, connection)
    return result
