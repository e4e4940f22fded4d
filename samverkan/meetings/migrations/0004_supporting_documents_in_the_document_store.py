import hashlib

import django.db.models.deletion
from django.db import migrations, models


def move_into_the_document_store(apps, schema_editor):
    """Every supporting document becomes a documents.Document (with a version, SHA-256
    and content type when it has a file); the agenda item keeps a link to it."""
    # Sealed rows are guarded by triggers; a data migration lifts them (on PostgreSQL
    # they stay during migrate), and they are put back after migrate.
    from samverkan.audit.dbtriggers import drop

    drop(schema_editor.connection, "meetings_sealed")
    SupportingDocument = apps.get_model("meetings", "SupportingDocument")
    Document = apps.get_model("documents", "Document")
    DocumentVersion = apps.get_model("documents", "DocumentVersion")
    for row in SupportingDocument.objects.all():
        document = Document.objects.create(title=row.title)
        if row.file:
            with row.file.open("rb") as fh:
                data = fh.read()
            DocumentVersion.objects.create(
                document=document,
                number=1,
                file=row.file.name,
                original_name=row.file.name.rsplit("/", 1)[-1][:255],
                content_type="application/pdf",
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
            )
        SupportingDocument.objects.filter(pk=row.pk).update(document=document)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("meetings", "0003_publicity_one_fact_and_binding_attestation"),
    ]

    operations = [
        migrations.AddField(
            model_name="supportingdocument",
            name="document",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="agenda_links",
                to="documents.document",
                verbose_name="handling",
                help_text="Handlingen i dokumentförrådet: versioner, kontrollsumma, sekretess.",
            ),
        ),
        migrations.RunPython(move_into_the_document_store, migrations.RunPython.noop),
        migrations.RemoveField(model_name="supportingdocument", name="title"),
        migrations.RemoveField(model_name="supportingdocument", name="file"),
        migrations.AlterField(
            model_name="supportingdocument",
            name="document",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="agenda_links",
                to="documents.document",
                verbose_name="handling",
                help_text="Handlingen i dokumentförrådet: versioner, kontrollsumma, sekretess.",
            ),
        ),
    ]
