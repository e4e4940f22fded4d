from django.conf import settings
from django.db import migrations, models


def analyze(apps: object, schema_editor: object) -> None:
    """SQLite plans by the statistics ANALYZE wrote: the new index gets its own at once
    (PostgreSQL's autovacuum gathers them by itself)."""
    connection = schema_editor.connection  # type: ignore[attr-defined]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE cases_registryentry")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_registry_text_index"),
        ("documents", "0002_document_disposal_note_document_disposed_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="registryentry",
            index=models.Index(
                condition=models.Q(("document__isnull", False)),
                fields=["document"],
                name="registry_entry_document",
            ),
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop, elidable=True),
    ]
