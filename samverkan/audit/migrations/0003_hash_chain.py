"""The audit log becomes a hash chain (audit/chain.py): each entry's own hash and the hash
of the entry before it. The time is set when an entry joins the chain, so it is no longer
auto_now_add. Existing entries are chained in 0004."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="föregående posts hash"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="hash"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="occurred_at",
            field=models.DateTimeField(db_index=True, editable=False, verbose_name="tidpunkt"),
        ),
    ]
