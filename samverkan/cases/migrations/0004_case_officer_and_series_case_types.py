import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_collaboration"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="casetype",
            options={
                "ordering": ["name"],
                "verbose_name": "ärendetyp",
                "verbose_name_plural": "ärendetyper",
            },
        ),
        migrations.AlterField(
            model_name="casetype",
            name="name",
            field=models.CharField(max_length=200, verbose_name="namn"),
        ),
        migrations.AddField(
            model_name="casetype",
            name="series",
            field=models.ForeignKey(
                blank=True,
                help_text="Tomt: gemensam för alla serier (ändras av administratörer).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="case_types",
                to="cases.caseseries",
                verbose_name="serie",
            ),
        ),
        migrations.AddConstraint(
            model_name="casetype",
            constraint=models.UniqueConstraint(
                condition=models.Q(("series__isnull", False)),
                fields=("series", "name"),
                name="case_type_name_per_series",
            ),
        ),
        migrations.AddConstraint(
            model_name="casetype",
            constraint=models.UniqueConstraint(
                condition=models.Q(("series__isnull", True)),
                fields=("name",),
                name="case_type_name_shared",
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="case_officer",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases_handled",
                to="structure.person",
                verbose_name="handläggare",
            ),
        ),
    ]
