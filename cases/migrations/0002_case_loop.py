"""The case loop's tables: cases and their steps, dispatch rules, rejection reasons (cases.models)."""

import django.contrib.gis.db.models.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0001_reports_from_layers'),
        ('layers', '0012_reports_to_cases'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='RejectReason',
            fields=[
                ('code', models.CharField(max_length=30, primary_key=True, serialize=False)),
                ('name', models.CharField(max_length=60)),
            ],
            options={
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='DispatchRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('event_class', models.CharField(blank=True, help_text='major (2 digits) or class (4); empty: any', max_length=4)),
                ('department', models.CharField(blank=True, help_text='empty: owner department or territory', max_length=80)),
            ],
            options={
                'ordering': ['-event_class'],
                'constraints': [models.UniqueConstraint(fields=('event_class',), name='dispatchrule_one_per_class'), models.CheckConstraint(condition=models.Q(('event_class__regex', '\\A([0-9]{2}|[0-9]{4})?\\Z')), name='dispatchrule_class_digits')],
            },
        ),
        migrations.CreateModel(
            name='Case',
            fields=[
                ('incident', models.OneToOneField(db_column='incident_id', on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='case', serialize=False, to='layers.incident')),
                ('state', models.CharField(choices=[('reported', 'reported'), ('filed', 'filed'), ('rejected', 'rejected'), ('dispatched', 'dispatched'), ('handling', 'handling'), ('handled', 'handled'), ('verified', 'verified'), ('closed', 'closed'), ('suspended', 'suspended')], default='reported', max_length=12)),
                ('department', models.CharField(blank=True, help_text='部门 the case is dispatched to', max_length=80)),
                ('urgency', models.CharField(choices=[('normal', '一般'), ('urgent', '紧急')], default='normal', max_length=8)),
                ('level', models.PositiveSmallIntegerField(default=1)),
                ('deadline_at', models.DateTimeField(blank=True, null=True)),
                ('suspended_from', models.CharField(blank=True, max_length=12)),
                ('updated_at', models.DateTimeField()),
                ('version', models.PositiveIntegerField(default=1)),
                ('reject_reason', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='cases.rejectreason')),
            ],
        ),
        migrations.CreateModel(
            name='CaseStep',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(choices=[('report', 'report'), ('file', 'file'), ('reject', 'reject'), ('dispatch', 'dispatch'), ('accept', 'accept'), ('return', 'return'), ('feed_back', 'feed_back'), ('verify', 'verify'), ('reopen', 'reopen'), ('close', 'close'), ('extend', 'extend'), ('suspend', 'suspend'), ('resume', 'resume')], max_length=12)),
                ('from_state', models.CharField(blank=True, max_length=12)),
                ('to_state', models.CharField(max_length=12)),
                ('role', models.CharField(blank=True, max_length=20)),
                ('at', models.DateTimeField()),
                ('location', django.contrib.gis.db.models.fields.PointField(blank=True, null=True, srid=4490)),
                ('distance_m', models.FloatField(blank=True, help_text="metres from the case's point to location", null=True)),
                ('note', models.TextField(blank=True)),
                ('reason', models.CharField(blank=True, max_length=30)),
                ('deadline_at', models.DateTimeField(blank=True, null=True)),
                ('photos', models.JSONField(blank=True, default=list)),
                ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='steps', to='cases.case')),
            ],
            options={
                'ordering': ['case_id', 'at', 'id'],
                'indexes': [models.Index(fields=['case', 'at'], name='casestep_case_at')],
            },
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['state', 'deadline_at'], name='case_state_deadline'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['department'], name='case_department'),
        ),
        migrations.AddConstraint(
            model_name='case',
            constraint=models.CheckConstraint(condition=models.Q(('state__in', ('reported', 'filed', 'rejected', 'dispatched', 'handling', 'handled', 'verified', 'closed', 'suspended'))), name='case_state_known'),
        ),
        migrations.AddConstraint(
            model_name='case',
            constraint=models.CheckConstraint(condition=models.Q(('level__gte', 1), ('level__lte', 5)), name='case_level_1_to_5'),
        ),
    ]
