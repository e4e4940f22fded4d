
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cases', '0002_series_registrars'),
        ('documents', '0001_initial'),
        ('meetings', '0007_secretary_series_cancel_others_correction'),
        ('structure', '0003_undated_precision'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Preparation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('draft', 'Utkast'), ('submitted', 'Inskickad för granskning'), ('approved', 'Godkänd för dagordning'), ('returned', 'Återsänd'), ('placed', 'Planerad på sammanträde')], default='draft', max_length=20, verbose_name='status')),
                ('title', models.CharField(max_length=300, verbose_name='rubrik')),
                ('background', models.TextField(blank=True, verbose_name='bakgrund')),
                ('assessment', models.TextField(blank=True, verbose_name='bedömning')),
                ('proposed_decision', models.TextField(blank=True, help_text='En beslutspunkt per rad.', verbose_name='förslag till beslut')),
                ('consequences_children', models.TextField(blank=True, help_text='Barnrättsperspektivet: hur beslutet påverkar barn och unga.', verbose_name='konsekvenser för barn')),
                ('consequences_parties', models.TextField(blank=True, help_text='Ekonomi, verksamhet och ansvar för regionen och kommunerna.', verbose_name='konsekvenser för parterna')),
                ('contact', models.CharField(blank=True, help_text='Namn och titel; blir föredragande på dagordningen.', max_length=300, verbose_name='kontaktperson')),
                ('is_public', models.BooleanField(default=True, help_text='En stängd punkt visas bara för dem som får läsa den.', verbose_name='öppen punkt')),
                ('confidentiality_ground', models.CharField(blank=True, help_text='Lagrum för en stängd punkt, t.ex. ”OSL 21 kap. 1 §”.', max_length=100, verbose_name='sekretessgrund')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='skapad')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='ändrad')),
                ('is_demo', models.BooleanField(default=False, verbose_name='demodata')),
                ('agenda_item', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='preparation', to='meetings.agendaitem', verbose_name='punkt på dagordningen')),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='preparations', to=settings.AUTH_USER_MODEL, verbose_name='författare')),
                ('body', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='preparations', to='structure.body', verbose_name='organ')),
                ('case', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='preparations', to='cases.case', verbose_name='ärende')),
            ],
            options={
                'verbose_name': 'ärende i beredning',
                'verbose_name_plural': 'ärenden i beredning',
                'ordering': ['-updated_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='PreparationDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='ordning')),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='preparation_links', to='documents.document', verbose_name='handling')),
                ('preparation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='preparation.preparation', verbose_name='beredning')),
            ],
            options={
                'verbose_name': 'bifogad handling',
                'verbose_name_plural': 'bifogade handlingar',
                'ordering': ['preparation', 'position', 'id'],
            },
        ),
        migrations.CreateModel(
            name='PreparationEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('created', 'Utkast skapat'), ('edited', 'Ändrat'), ('document_added', 'Handling bifogad'), ('submitted', 'Inskickat för granskning'), ('approved', 'Godkänt för dagordning'), ('returned', 'Återsänt'), ('placed', 'Placerat på sammanträde')], max_length=20, verbose_name='händelse')),
                ('by_label', models.CharField(blank=True, max_length=200, verbose_name='av (namn)')),
                ('at', models.DateTimeField(auto_now_add=True, verbose_name='tidpunkt')),
                ('comment', models.TextField(blank=True, verbose_name='kommentar')),
                ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='av')),
                ('preparation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='preparation.preparation', verbose_name='beredning')),
            ],
            options={
                'verbose_name': 'händelse i beredningen',
                'verbose_name_plural': 'beredningens historik',
                'ordering': ['preparation', 'at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Reviewer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role_label', models.CharField(blank=True, help_text='T.ex. ”ordförande”, ”samverkansledare”.', max_length=100, verbose_name='roll')),
                ('body', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviewers', to='structure.body', verbose_name='organ')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='review_places', to='structure.person', verbose_name='person')),
            ],
            options={
                'verbose_name': 'granskare',
                'verbose_name_plural': 'granskare',
                'ordering': ['body', 'person__name'],
            },
        ),
        migrations.AddIndex(
            model_name='preparation',
            index=models.Index(fields=['body', 'status'], name='preparation_body_id_f709c2_idx'),
        ),
        migrations.AddIndex(
            model_name='preparation',
            index=models.Index(fields=['author', 'status'], name='preparation_author__62b15f_idx'),
        ),
        migrations.AddConstraint(
            model_name='reviewer',
            constraint=models.UniqueConstraint(fields=('body', 'person'), name='reviewer_unique'),
        ),
    ]
