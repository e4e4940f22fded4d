"""Django's flush, which on SQLite empties tables with DELETE: the append-only and seal
triggers are lifted for it and put back afterwards. (On PostgreSQL flush uses TRUNCATE,
which row triggers do not see.) The test runner flushes after every transactional test."""

from typing import Any

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections

from samverkan.audit import dbtriggers


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        using = options.get("database") or DEFAULT_DB_ALIAS
        if connections[using].vendor != "sqlite":
            return super().handle(**options)
        dbtriggers.drop_all(using)
        try:
            super().handle(**options)
        finally:
            dbtriggers.install_all(using)
