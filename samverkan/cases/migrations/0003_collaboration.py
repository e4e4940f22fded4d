# A case series belongs to a collaboration (its codes are unique within it: every region
# has its own "RS").

import django.db.models.deletion
from django.db import migrations, models

import samverkan.structure.models


def series_to_their_organisations_collaboration(apps, schema_editor):
    CaseSeries = apps.get_model("cases", "CaseSeries")
    for series in CaseSeries.objects.select_related("organisation"):
        series.collaboration_id = series.organisation.collaboration_id
        series.save(update_fields=["collaboration"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_series_registrars"),
        ("structure", "0004_collaboration"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseseries",
            name="collaboration",
            field=models.ForeignKey(
                default=samverkan.structure.models.collaboration_default,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="case_series",
                to="structure.collaboration",
                verbose_name="samverkan",
            ),
        ),
        migrations.RunPython(
            series_to_their_organisations_collaboration, migrations.RunPython.noop
        ),
        migrations.AlterField(
            model_name="caseseries",
            name="code",
            field=models.CharField(max_length=12, verbose_name="serie"),
        ),
        migrations.AddConstraint(
            model_name="caseseries",
            constraint=models.UniqueConstraint(
                fields=("collaboration", "code"), name="series_code_unique_in_collaboration"
            ),
        ),
    ]
