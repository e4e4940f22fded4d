"""Database triggers that refuse UPDATE or DELETE of rows, on SQLite and PostgreSQL alike:
the backstop behind the ORM guards, for writes that skip signals (QuerySet.update(), raw
SQL, another client).

Each app that owns protected tables describes its triggers as `Refusal`s built from its
models (see audit/triggers.py, meetings/triggers.py) and registers a builder here. The
triggers of a group are replaced as a whole after every migrate (a `post_migrate` handler,
which also runs when the test database is created): Django's SQLite schema editor rebuilds
tables on many ALTERs, which drops their triggers, and a model change must reach them.

On SQLite the triggers are lifted before migrate and before flush: a table rebuild fails
while another table's trigger names it, and flush empties tables with DELETE (on
PostgreSQL it uses TRUNCATE, which row triggers do not see).

Errors surface as IntegrityError with the refusal's Swedish message."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import truncate_name
from django.db.models.signals import post_migrate, pre_migrate

Event = Literal["UPDATE", "DELETE"]


@dataclass(frozen=True)
class Refusal:
    """Refuse `event` on `table` when `condition` (SQL over OLD and NEW) holds."""

    name: str
    table: str
    event: Event
    condition: str  # "TRUE" for always; may contain subqueries
    message: str


# A builder gets the models (the migration state's `apps` at post_migrate, else the
# registry) and the connection (to quote names and compare values the vendor's way).
Builder = Callable[[Any, BaseDatabaseWrapper], list[Refusal]]

_builders: dict[str, Builder] = {}


def trigger_name(group: str, *parts: str) -> str:
    """A name that starts with the group (so stale triggers of the group are found)."""
    return truncate_name("__".join((group, *parts)), 63)


def distinct(connection: BaseDatabaseWrapper, a: str, b: str) -> str:
    """NULL-safe "differs" in the vendor's dialect."""
    if connection.vendor == "postgresql":
        return f"{a} IS DISTINCT FROM {b}"
    return f"{a} IS NOT {b}"


def columns_changed(connection: BaseDatabaseWrapper, columns: Iterable[str]) -> str:
    """SQL that is true when any of the columns differs between OLD and NEW."""
    q = connection.ops.quote_name
    parts = [distinct(connection, f"OLD.{q(c)}", f"NEW.{q(c)}") for c in columns]
    return "(" + " OR ".join(parts) + ")" if parts else "FALSE"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sqlite_create(connection: BaseDatabaseWrapper, r: Refusal) -> list[str]:
    q = connection.ops.quote_name
    return [
        f"CREATE TRIGGER {q(r.name)} BEFORE {r.event} ON {q(r.table)} FOR EACH ROW "
        f"WHEN {r.condition} BEGIN SELECT RAISE(ABORT, {_literal(r.message)}); END"
    ]


def _postgresql_create(connection: BaseDatabaseWrapper, r: Refusal) -> list[str]:
    q = connection.ops.quote_name
    # A trigger's WHEN may not hold subqueries on PostgreSQL: the test goes in the body.
    # SQLSTATE 23000 makes it an IntegrityError, as RAISE(ABORT) does on SQLite.
    returned = "OLD" if r.event == "DELETE" else "NEW"
    return [
        f"CREATE OR REPLACE FUNCTION {q(r.name)}() RETURNS trigger AS $body$\n"
        f"BEGIN\n"
        f"    IF {r.condition} THEN\n"
        f"        RAISE EXCEPTION USING MESSAGE = {_literal(r.message)}, ERRCODE = '23000';\n"
        f"    END IF;\n"
        f"    RETURN {returned};\n"
        f"END;\n"
        f"$body$ LANGUAGE plpgsql",
        f"CREATE TRIGGER {q(r.name)} BEFORE {r.event} ON {q(r.table)} "
        f"FOR EACH ROW EXECUTE FUNCTION {q(r.name)}()",
    ]


def _existing(connection: BaseDatabaseWrapper, group: str) -> list[tuple[str, str | None]]:
    """(trigger or function name, table or None for a function) of the group."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")
            rows = [(n, t) for n, t in cursor.fetchall()]
        else:
            cursor.execute(
                "SELECT t.tgname, c.relname FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND pg_table_is_visible(c.oid)"
            )
            rows = [(n, t) for n, t in cursor.fetchall()]
            cursor.execute(
                "SELECT p.proname FROM pg_proc p JOIN pg_namespace s ON s.oid = p.pronamespace "
                "WHERE s.nspname = current_schema() AND p.prorettype = 'trigger'::regtype"
            )
            rows += [(n, None) for (n,) in cursor.fetchall()]
    return [(n, t) for n, t in rows if n.startswith(group)]


def _supported(connection: BaseDatabaseWrapper) -> bool:
    return connection.vendor in {"sqlite", "postgresql"}


def drop(connection: BaseDatabaseWrapper, group: str) -> None:
    """Remove every trigger (and trigger function) whose name starts with the group."""
    if not _supported(connection):
        return
    q = connection.ops.quote_name
    existing = _existing(connection, group)
    with connection.cursor() as cursor:
        for name, table in existing:
            if table is not None:
                on = f" ON {q(table)}" if connection.vendor == "postgresql" else ""
                cursor.execute(f"DROP TRIGGER IF EXISTS {q(name)}{on}")
        for name, table in existing:
            if table is None:
                cursor.execute(f"DROP FUNCTION IF EXISTS {q(name)}()")


def install(connection: BaseDatabaseWrapper, group: str, refusals: Sequence[Refusal]) -> None:
    """Replace the group's triggers by these, in one transaction (no moment without)."""
    if not _supported(connection):
        return
    for r in refusals:
        if not r.name.startswith(group):
            raise ValueError(f"Trigger {r.name} does not belong to group {group}.")
    create = _postgresql_create if connection.vendor == "postgresql" else _sqlite_create
    tables = set(connection.introspection.table_names())
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        drop(connection, group)
        for r in refusals:
            if r.table in tables:
                for sql in create(connection, r):
                    cursor.execute(sql)


def install_group(group: str, using: str = DEFAULT_DB_ALIAS, models: Any = None) -> None:
    connection = connections[using]
    install(connection, group, _builders[group](models or global_apps, connection))


def install_all(using: str = DEFAULT_DB_ALIAS) -> None:
    for group in _builders:
        install_group(group, using)


def drop_all(using: str = DEFAULT_DB_ALIAS) -> None:
    connection = connections[using]
    with transaction.atomic(using=using):
        for group in _builders:
            drop(connection, group)


def installed(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Names of the triggers in place, of every registered group (for checks and tests)."""
    connection = connections[using]
    if not _supported(connection):
        return []
    return sorted(
        name
        for group in _builders
        for name, table in _existing(connection, group)
        if table is not None
    )


def register(app_config: AppConfig, group: str, builder: Builder) -> None:
    """Install the group's triggers after every migrate of the app's database."""
    _builders[group] = builder

    def _after_migrate(
        sender: AppConfig, using: str = DEFAULT_DB_ALIAS, apps: Any = None, **kwargs: Any
    ) -> None:
        install_group(group, using, apps)

    post_migrate.connect(_after_migrate, sender=app_config, weak=False, dispatch_uid=group)


def _before_migrate(sender: AppConfig, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    if connections[using].vendor == "sqlite":
        drop_all(using)


def connect(app_config: AppConfig) -> None:
    """Called once, by the audit app."""
    pre_migrate.connect(
        _before_migrate, sender=app_config, dispatch_uid="audit:dbtriggers:pre_migrate"
    )
