"""Chain the entries written before the log was a hash chain, in id order, with the same
rule as every new entry (audit/chain.py). The append-only triggers refuse these UPDATEs:
they are lifted inside this migration's transaction and put back by post_migrate (on
SQLite they are already lifted for the whole migrate, see audit/dbtriggers.py)."""

from django.db import migrations

from samverkan.audit import chain, dbtriggers, triggers

BATCH = 5000


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    q = connection.ops.quote_name
    table = q(apps.get_model("audit", "AuditEntry")._meta.db_table)
    columns = ", ".join(q(c) for c in chain.ROW_COLUMNS)
    select = f"SELECT {columns} FROM {table} WHERE id > %s ORDER BY id LIMIT {BATCH}"  # noqa: S608
    update = f"UPDATE {table} SET prev_hash = %s, hash = %s WHERE id = %s"  # noqa: S608
    labels = chain.content_type_labels(connection.alias)
    prev, last_id, lifted = chain.GENESIS, 0, False
    while True:
        with connection.cursor() as cursor:
            cursor.execute(select, [last_id])
            rows = cursor.fetchall()
        if not rows:
            break
        if not lifted:
            dbtriggers.drop(connection, triggers.GROUP)
            lifted = True
        updates = []
        for row in rows:
            digest = chain.entry_digest(chain.row_content(row, labels), prev)
            updates.append((prev, digest, row[0]))
            prev = digest
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # One statement per batch: row by row took 0.3 ms an entry.
                values = ", ".join(["(%s::bigint, %s, %s)"] * len(updates))
                cursor.execute(
                    f"UPDATE {table} AS t SET prev_hash = v.prev, hash = v.own "  # noqa: S608
                    f"FROM (VALUES {values}) AS v(id, prev, own) WHERE t.id = v.id",
                    [x for prev, own, pk in updates for x in (pk, prev, own)],
                )
            else:
                cursor.executemany(update, updates)
        last_id = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_hash_chain"), ("contenttypes", "0002_remove_content_type_name")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
