import re

import django.db.models.deletion
from django.db import migrations, models

CASE_NUMBER = re.compile(r"^\s*([A-Za-zÅÄÖåäö]+)\s*/\s*(\d+)\s*/\s*(\d{4})\s*$")


def link_items_to_their_cases(apps, schema_editor):
    """A typed case number becomes a real reference; one that names no case is kept in
    the item's description, so nothing is lost."""
    # Sealed rows are guarded by triggers; a data migration lifts them (on PostgreSQL
    # they stay during migrate), and they are put back after migrate.
    from samverkan.audit.dbtriggers import drop

    drop(schema_editor.connection, "meetings_sealed")
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    Case = apps.get_model("cases", "Case")
    for item in AgendaItem.objects.exclude(case_number=""):
        match = CASE_NUMBER.match(item.case_number)
        case = (
            Case.objects.filter(
                series__code=match[1].upper(), number=int(match[2]), year=int(match[3])
            ).first()
            if match
            else None
        )
        if case is not None:
            AgendaItem.objects.filter(pk=item.pk).update(case=case)
        else:
            note = f"Diarienummer (utan ärende i systemet): {item.case_number}"
            description = f"{item.description}\n\n{note}".strip()
            AgendaItem.objects.filter(pk=item.pk).update(description=description)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_series_registrars"),
        ("meetings", "0004_supporting_documents_in_the_document_store"),
    ]

    operations = [
        migrations.AddField(
            model_name="agendaitem",
            name="case",
            field=models.ForeignKey(
                blank=True,
                help_text="Ärendet punkten gäller, med sitt diarienummer.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="agenda_items",
                to="cases.case",
                verbose_name="ärende",
            ),
        ),
        migrations.RunPython(link_items_to_their_cases, migrations.RunPython.noop),
        migrations.RemoveField(model_name="agendaitem", name="case_number"),
        migrations.RemoveField(model_name="section", name="case_number"),
    ]
