"""The audit log is a hash chain (audit/chain.py): every entry's hash covers its content
and the entry before it, so `samverkan verify` finds an entry changed, removed or slipped
in through the database, and names it."""

import datetime
import decimal
import hashlib
import importlib
import io
import json
import threading
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from samverkan.audit import chain, dbtriggers, triggers
from samverkan.audit.context import acting_as
from samverkan.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _groups(*names: str) -> list[AuditEntry]:
    with acting_as(None, "test"):
        for name in names:
            Group.objects.create(name=name)
    return list(AuditEntry.objects.order_by("-id")[: len(names)])[::-1]


def _raw(sql: str, params: list[Any]) -> None:
    """SQL past the append-only triggers, as someone with the database's own rights."""
    with transaction.atomic():
        dbtriggers.drop(connection, triggers.GROUP)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        dbtriggers.install_group(triggers.GROUP)


def _verify() -> str:
    out = io.StringIO()
    call_command("verify", "--quiet", stdout=out)
    return out.getvalue()


def _verify_fails() -> str:
    out = io.StringIO()
    with pytest.raises(CommandError, match="Kontrollen misslyckades"):
        call_command("verify", "--quiet", stdout=out)
    return out.getvalue()


def test_the_digest_is_sha256_of_the_content_and_prev_hash_as_sorted_compact_json():
    content = {"b": "å", "a": [1, {"d": None, "c": True}]}
    expected = hashlib.sha256(
        '{"a":[1,{"c":true,"d":null}],"b":"å","prev_hash":"00"}'.encode()
    ).hexdigest()
    assert chain.entry_digest(content, "00") == expected
    assert chain.entry_digest(content, "01") != expected
    assert chain.entry_digest({**content, "b": "a"}, "00") != expected


def test_every_field_of_an_entry_is_covered_by_its_hash():
    base = {
        "occurred_at": datetime.datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=datetime.UTC),
        "actor_id": 1,
        "actor_label": "Anna",
        "source": "webb",
        "action": "update",
        "content_type": "structure.body",
        "object_id": "7",
        "object_repr": "RSR",
        "before": {"name": "RSR"},
        "after": {"name": "Regionala samverkansrådet"},
    }
    digest = chain.entry_digest(chain.entry_content(**base), chain.GENESIS)
    changed = {
        "occurred_at": base["occurred_at"] + datetime.timedelta(microseconds=1),
        "actor_id": 2,
        "actor_label": "Bertil",
        "source": "admin",
        "action": "delete",
        "content_type": "structure.party",
        "object_id": "8",
        "object_repr": "RS",
        "before": None,
        "after": {"name": "RSR"},
    }
    for field, value in changed.items():
        other = chain.entry_content(**{**base, field: value})
        assert chain.entry_digest(other, chain.GENESIS) != digest, field


def test_the_time_is_hashed_in_utc_whatever_zone_it_is_read_in():
    utc = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=datetime.UTC)
    stockholm = utc.astimezone(datetime.timezone(datetime.timedelta(hours=2)))
    naive_utc = utc.replace(tzinfo=None)  # as SQLite reads it back
    fields = dict(
        actor_id=None,
        actor_label="system",
        source="s",
        action="create",
        content_type="auth.group",
        object_id="1",
        object_repr="x",
        before=None,
        after=None,
    )
    assert (
        chain.entry_content(occurred_at=utc, **fields)
        == chain.entry_content(occurred_at=stockholm, **fields)
        == chain.entry_content(occurred_at=naive_utc, **fields)
    )


def test_each_new_entry_links_to_the_entry_before_it():
    first, second, third = _groups("ett", "två", "tre")
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3
    assert all(len(e.hash) == 64 for e in (first, second, third))
    assert chain.chain_head() == third.hash
    assert list(chain.chain_faults()) == []


def test_the_first_entry_of_the_log_links_to_genesis():
    _groups("ett")  # the test database may hold entries from its migrations already
    assert AuditEntry.objects.order_by("id")[0].prev_hash == chain.GENESIS


def test_an_entry_hashes_the_values_it_stores_dates_decimals_and_text():
    ct = ContentType.objects.get_for_model(Group)
    AuditEntry.objects.create(
        actor_label="system",
        source="test",
        action="update",
        content_type=ct,
        object_id="1",
        object_repr="Ärende å ä ö – “citat”",
        before={"when": datetime.date(2026, 1, 2), "amount": decimal.Decimal("1.50")},
        after={
            "at": datetime.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.UTC),
            "list": (1, 2),
            "n": 0.1,
            "ja": True,
        },
    )
    assert list(chain.chain_faults()) == []


def test_a_rolled_back_entry_leaves_no_gap_in_the_chain():
    (first,) = _groups("före")
    with pytest.raises(RuntimeError), transaction.atomic():
        _groups("ångras")
        raise RuntimeError
    (after,) = _groups("efter")
    assert after.prev_hash == first.hash
    assert list(chain.chain_faults()) == []


def test_entries_in_bulk_join_the_chain_in_order():
    (before,) = _groups("före")
    ct = ContentType.objects.get_for_model(Group)
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor_label="system",
                source="import",
                action="create",
                content_type=ct,
                object_id=str(i),
                object_repr=f"rad {i}",
                after={"i": i},
            )
            for i in range(3)
        ]
    )
    entries = list(AuditEntry.objects.filter(source="import").order_by("id"))
    assert entries[0].prev_hash == before.hash
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    assert list(chain.chain_faults()) == []


def test_verify_passes_on_an_untouched_log_and_prints_the_last_hash():
    _groups("ett", "två")
    n = AuditEntry.objects.count()
    out = _verify()
    assert f"Ändringsloggens hashkedja: {n} kontrollerade, {n} giltiga, 0 fel." in out
    assert f"Ändringsloggens senaste hash: {chain.chain_head()}" in out
    assert "Allt är giltigt" in out


def test_verify_names_an_entry_changed_in_the_database():
    _, middle, last = _groups("ett", "två", "tre")
    _raw("UPDATE audit_auditentry SET object_repr = %s WHERE id = %s", ["förfalskad", middle.pk])
    out = _verify_fails()
    assert f"Ändringsloggen, post {middle.pk}" in out
    assert "posten är ändrad" in out
    assert f"post {last.pk}" not in out  # its link to the changed entry still holds
    assert "1 fel" in out


def test_verify_names_an_entry_whose_hash_was_recomputed_after_a_change():
    """Whoever changes an entry and gives it a fresh hash breaks the next link."""
    first, middle, last = _groups("ett", "två", "tre")
    content = {**_content(middle), "object_repr": "förfalskad"}
    forged = chain.entry_digest(content, first.hash)
    _raw(
        "UPDATE audit_auditentry SET object_repr = %s, hash = %s WHERE id = %s",
        ["förfalskad", forged, middle.pk],
    )
    out = _verify_fails()
    assert f"Ändringsloggen, post {last.pk}" in out
    assert f"föregående post (id {middle.pk}) stämmer inte" in out


def test_verify_names_the_entry_after_a_deleted_one():
    _, middle, last = _groups("ett", "två", "tre")
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [middle.pk])
    out = _verify_fails()
    assert f"Ändringsloggen, post {last.pk}" in out
    assert "raderats eller lagts in" in out


def test_verify_finds_the_first_entries_deleted():
    _groups("ett", "två")
    first, second = AuditEntry.objects.order_by("id")[:2]
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [first.pk])
    out = _verify_fails()
    assert f"Ändringsloggen, post {second.pk}" in out and "Kedjan börjar inte här" in out


def test_verify_names_a_forged_entry_put_in_place_of_a_deleted_one():
    first, middle, last = _groups("ett", "två", "tre")
    content = {**_content(middle), "object_repr": "förfalskad", "actor_label": "någon annan"}
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [middle.pk])
    _insert_forged(middle.pk, content, first.hash, chain.entry_digest(content, first.hash))
    out = _verify_fails()
    assert f"Ändringsloggen, post {last.pk}" in out
    assert f"föregående post (id {middle.pk}) stämmer inte" in out


def test_verify_names_a_forged_entry_added_without_the_rule():
    (last,) = _groups("ett")
    content = {**_content(last), "object_repr": "förfalskad"}
    _insert_forged(last.pk + 100, content, last.hash, "f" * 64)
    out = _verify_fails()
    assert f"Ändringsloggen, post {last.pk + 100}" in out and "posten är ändrad" in out


def test_a_forged_entry_added_by_the_rule_moves_the_printed_last_hash():
    """The chain cannot tell a well-made entry at the end from a real one; the last hash
    that verify prints, kept elsewhere, can."""
    (last,) = _groups("ett")
    recorded = _verify().split("senaste hash: ")[1].split()[0]
    content = {**_content(last), "object_repr": "förfalskad"}
    _insert_forged(last.pk + 1, content, last.hash, chain.entry_digest(content, last.hash))
    assert recorded not in _verify()


def test_existing_entries_are_chained_in_id_order_by_the_migration():
    _groups("ett", "två", "tre")
    _raw("UPDATE audit_auditentry SET prev_hash = '', hash = ''", [])
    assert len(list(chain.chain_faults())) >= 3
    migration = importlib.import_module("samverkan.audit.migrations.0004_chain_existing_entries")
    from django.apps import apps

    migration.forwards(apps, SimpleNamespace(connection=connection))
    dbtriggers.install_group(triggers.GROUP)  # post_migrate's part
    assert list(chain.chain_faults()) == []
    assert AuditEntry.objects.order_by("id")[0].prev_hash == chain.GENESIS
    (new,) = _groups("fyra")
    assert new.prev_hash == AuditEntry.objects.exclude(pk=new.pk).order_by("-id")[0].hash


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallella skrivare kräver PostgreSQL"
)
def test_concurrent_writers_keep_one_chain():
    """Four writers at once, each entry in its own transaction and some two to a
    transaction: the advisory lock keeps one line, no two entries after the same one."""
    writers, per_writer = 4, 20
    already = AuditEntry.objects.count()
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def work(w: int) -> None:
        try:
            barrier.wait()
            with acting_as(None, "test"):
                for i in range(per_writer // 2):
                    Group.objects.create(name=f"skrivare {w} rad {i}")
                    with transaction.atomic():
                        Group.objects.create(name=f"skrivare {w} rad {i} a")
                        Group.objects.filter(name=f"skrivare {w} rad {i} a").first()
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    entries = list(AuditEntry.objects.order_by("id").values_list("prev_hash", "hash"))
    assert len(entries) == already + writers * per_writer
    assert len({prev for prev, _ in entries}) == len(entries)
    assert list(chain.chain_faults()) == []


def _content(entry: AuditEntry) -> dict[str, object]:
    ct = ContentType.objects.get_for_id(entry.content_type_id)
    return chain.entry_content(
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


def _insert_forged(pk: int, content: dict[str, object], prev: str, digest: str) -> None:
    """A row written straight into the table, as a forger would."""
    at = datetime.datetime.fromisoformat(str(content["occurred_at"]))
    if connection.vendor == "sqlite":
        at = at.replace(tzinfo=None)  # Django's SQLite layout: naive UTC text
    _raw(
        "INSERT INTO audit_auditentry (id, occurred_at, actor_id, actor_label, source, action, "
        "content_type_id, object_id, object_repr, before, after, prev_hash, hash) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            pk,
            at,
            content["actor_id"],
            content["actor_label"],
            content["source"],
            content["action"],
            ContentType.objects.get_by_natural_key(*str(content["content_type"]).split(".")).pk,
            content["object_id"],
            content["object_repr"],
            json.dumps(content["before"]) if content["before"] is not None else None,
            json.dumps(content["after"]) if content["after"] is not None else None,
            prev,
            digest,
        ],
    )
