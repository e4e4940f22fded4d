"""Indexes for the paginated lists: the case list by (year, number, id) and the registry
by (date, id), both read newest first."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_case_officer_and_series_case_types")]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["year", "number", "id"], name="case_list_order"),
        ),
        migrations.AddIndex(
            model_name="registryentry",
            index=models.Index(fields=["date", "id"], name="registry_entry_list_order"),
        ),
    ]
