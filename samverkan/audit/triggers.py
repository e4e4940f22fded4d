"""The audit log is append-only in the database too: any UPDATE or DELETE of an entry is
refused, whatever path it takes (the model and queryset guards give the friendly error)."""

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from .dbtriggers import Refusal, trigger_name

GROUP = "audit_entry"  # also matches the PostgreSQL-only trigger of migration 0002
MESSAGE = "Ändringsloggen kan inte ändras eller raderas."


def refusals(apps: Any, connection: BaseDatabaseWrapper) -> list[Refusal]:
    try:
        model = apps.get_model("audit", "AuditEntry")
    except LookupError:  # not migrated yet
        return []
    table = model._meta.db_table
    return [
        Refusal(trigger_name(GROUP, "append_only", event.lower()), table, event, "TRUE", MESSAGE)
        for event in ("UPDATE", "DELETE")
    ]
