import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("structure", "0002_contact_emails")]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("case", "Ärende"), ("entry", "Diarieföring"), ("document", "Handling"), ("agenda_item", "Punkt på föredragningslista"), ("section", "Protokollsparagraf")], max_length=12)),
                ("object_id", models.PositiveBigIntegerField()),
                ("title", models.CharField(max_length=500)),
                ("text", models.TextField(blank=True)),
                ("url", models.CharField(max_length=300)),
                ("year", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("is_public", models.BooleanField(default=True)),
                ("vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                ("body", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="structure.body")),
            ],
            options={
                "indexes": [models.Index(fields=["is_public", "kind"], name="search_sear_is_publ_e7cc13_idx")],
                "constraints": [models.UniqueConstraint(fields=("kind", "object_id"), name="search_entry_unique")],
            },
        ),
    ]
