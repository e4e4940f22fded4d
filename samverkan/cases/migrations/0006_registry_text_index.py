"""A substring index for the registry's text filter, so that it reads the entries that
hold the text, not the whole registry: trigram indexes on PostgreSQL (pg_trgm, on the
upper-cased text as Django's `icontains` compares it), an FTS5 trigram table on SQLite
kept by triggers (external content: the text is not stored twice)."""

from django.db import migrations

SQLITE_FORWARDS = [
    # The date (not indexed, read from the entry) lets a year filter narrow the matches.
    "CREATE VIRTUAL TABLE registry_trgm USING fts5(description, counterpart, date UNINDEXED, "
    "content='cases_registryentry', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER registry_trgm_insert AFTER INSERT ON cases_registryentry BEGIN "
    "INSERT INTO registry_trgm (rowid, description, counterpart, date) "
    "VALUES (new.id, new.description, new.counterpart, new.date); END",
    "CREATE TRIGGER registry_trgm_delete AFTER DELETE ON cases_registryentry BEGIN "
    "INSERT INTO registry_trgm (registry_trgm, rowid, description, counterpart, date) "
    "VALUES ('delete', old.id, old.description, old.counterpart, old.date); END",
    "CREATE TRIGGER registry_trgm_update AFTER UPDATE OF description, counterpart, date "
    "ON cases_registryentry BEGIN "
    "INSERT INTO registry_trgm (registry_trgm, rowid, description, counterpart, date) "
    "VALUES ('delete', old.id, old.description, old.counterpart, old.date); "
    "INSERT INTO registry_trgm (rowid, description, counterpart, date) "
    "VALUES (new.id, new.description, new.counterpart, new.date); END",
    "INSERT INTO registry_trgm (registry_trgm) VALUES ('rebuild')",
]
SQLITE_BACKWARDS = [
    "DROP TRIGGER IF EXISTS registry_trgm_insert",
    "DROP TRIGGER IF EXISTS registry_trgm_delete",
    "DROP TRIGGER IF EXISTS registry_trgm_update",
    "DROP TABLE IF EXISTS registry_trgm",
]
POSTGRESQL_FORWARDS = [
    # pg_trgm is a trusted extension: the database's owner may create it.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX registry_description_trgm ON cases_registryentry "
    "USING gin ((UPPER(description::text)) gin_trgm_ops)",
    "CREATE INDEX registry_counterpart_trgm ON cases_registryentry "
    "USING gin ((UPPER(counterpart::text)) gin_trgm_ops)",
]
POSTGRESQL_BACKWARDS = [
    "DROP INDEX IF EXISTS registry_description_trgm",
    "DROP INDEX IF EXISTS registry_counterpart_trgm",
]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_FORWARDS)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_FORWARDS)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_BACKWARDS)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_list_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
