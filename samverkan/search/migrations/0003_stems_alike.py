"""The index holds the stems of samverkan.search.stemming on both databases: PostgreSQL in
a 'simple' tsvector (its 'swedish' stemmer disagreed with PyStemmer and missed "skolan"
→ "skola"), SQLite in FTS5 as before but with the definite "-an" rule. Every entry is
indexed anew."""

from django.db import migrations

from samverkan.search.stemming import stemmed


def forwards(apps, schema_editor):
    SearchEntry = apps.get_model("search", "SearchEntry")
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("DELETE FROM search_fts")
        for pk, title, text in SearchEntry.objects.values_list("pk", "title", "text").iterator(
            chunk_size=2000
        ):
            if vendor == "postgresql":
                cursor.execute(
                    "UPDATE search_searchentry SET vector = "
                    "setweight(to_tsvector('simple', %s), 'A') || "
                    "setweight(to_tsvector('simple', %s), 'B') WHERE id = %s",
                    [stemmed(title), stemmed(text), pk],
                )
            elif vendor == "sqlite":
                cursor.execute(
                    "INSERT INTO search_fts (rowid, title, text) VALUES (%s, %s, %s)",
                    [pk, stemmed(title), stemmed(text)],
                )


class Migration(migrations.Migration):
    dependencies = [("search", "0002_vendor_index")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
