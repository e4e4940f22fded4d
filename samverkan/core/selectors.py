from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def health_status() -> dict[str, object]:
    """The database vendor and whether every migration is applied."""
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    pending = executor.migration_plan(targets)
    return {
        "status": "ok" if not pending else "migrations_pending",
        "database": {"vendor": connection.vendor, "version": _version(connection)},
        "migrations": {
            "applied": len(executor.loader.applied_migrations),
            "pending": [f"{m.app_label}.{m.name}" for m, _ in pending],
        },
    }


def _version(connection: object) -> str:
    if getattr(connection, "vendor", "") == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version
    info = getattr(connection, "pg_version", None) or getattr(connection, "mysql_version", "")
    return str(info)
