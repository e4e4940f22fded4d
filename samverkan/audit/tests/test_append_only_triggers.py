"""The database itself refuses to rewrite the audit log, on SQLite and PostgreSQL alike,
and the triggers come back after every migrate and flush."""

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import DatabaseError, IntegrityError, connection, models, transaction

from samverkan.audit import dbtriggers
from samverkan.audit.context import acting_as
from samverkan.audit.models import AuditEntry
from samverkan.audit.triggers import MESSAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry() -> AuditEntry:
    from django.contrib.auth.models import Group

    with acting_as(None, "test"):
        Group.objects.create(name="loggad grupp")
    return AuditEntry.objects.order_by("-id").first()  # type: ignore[return-value]


def _refused(sql: str, params: list[Any]) -> None:
    with (
        pytest.raises(IntegrityError, match=MESSAGE),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


def test_raw_sql_cannot_update_or_delete_the_log(entry):
    _refused("UPDATE audit_auditentry SET object_repr = %s WHERE id = %s", ["x", entry.pk])
    _refused("UPDATE audit_auditentry SET actor_label = %s", ["någon annan"])
    _refused("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    _refused("DELETE FROM audit_auditentry", [])
    entry.refresh_from_db()
    assert entry.object_repr == "loggad grupp"


def test_queryset_update_and_delete_past_the_model_guard_are_refused(entry):
    # The queryset's own update()/delete() raise first; the base class goes to the database.
    with pytest.raises(IntegrityError, match=MESSAGE), transaction.atomic():
        models.QuerySet.update(AuditEntry.objects.filter(pk=entry.pk), object_repr="x")
    with pytest.raises(DatabaseError, match=MESSAGE), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk)._raw_delete(using="default")
    assert AuditEntry.objects.filter(pk=entry.pk, object_repr="loggad grupp").exists()


def test_new_entries_are_still_written(entry):
    count = AuditEntry.objects.count()
    from django.contrib.auth.models import Group

    Group.objects.create(name="ännu en grupp")
    assert AuditEntry.objects.count() == count + 1


def test_post_migrate_installs_the_triggers_again_and_idempotently():
    before = dbtriggers.installed()
    assert "audit_entry__append_only__update" in before
    assert "audit_entry__append_only__delete" in before
    dbtriggers.drop_all()
    assert dbtriggers.installed() == []
    emit_post_migrate_signal(0, False, "default")
    emit_post_migrate_signal(0, False, "default")
    assert dbtriggers.installed() == before


def test_the_legacy_postgresql_trigger_is_replaced_not_doubled():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname = 'audit_entry_append_only'"
            )
            assert cursor.fetchone()[0] == 0
    assert [n for n in dbtriggers.installed() if n.startswith("audit_entry")] == [
        "audit_entry__append_only__delete",
        "audit_entry__append_only__update",
    ]


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_log_and_puts_the_triggers_back(entry):
    """Django's flush (after every transactional test) empties tables with DELETE on
    SQLite: the triggers step aside for it and are back afterwards."""
    before = dbtriggers.installed()
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEntry.objects.filter(pk=entry.pk).exists()
    assert dbtriggers.installed() == before
    from django.contrib.auth.models import Group

    Group.objects.create(name="efter flush")
    _refused("DELETE FROM audit_auditentry", [])
