from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor


def health_status() -> dict[str, object]:
    """Whether the database answers and every migration is applied.

    Tells no versions (database, Django, Python) and no names: anyone may call it.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except DatabaseError:
        return {"status": "error", "database": "unreachable", "migrations": {"pending": None}}
    return {
        "status": "ok" if pending == 0 else "error",
        "database": "ok",
        "migrations": {"pending": pending},
    }
