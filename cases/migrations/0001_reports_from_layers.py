"""The report models, moved here from ``layers`` with their tables (``layers/migrations/0012_reports_to_cases``):
state only, no table is created or changed."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('layers', '0012_reports_to_cases'),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=[
        migrations.CreateModel(
            name='ReportDetail',
            fields=[
                ('incident', models.OneToOneField(db_column='incident_id', on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='report', serialize=False, to='layers.incident')),
                ('crs', models.CharField(help_text='CRS key of the coordinates as sent', max_length=12)),
                ('x', models.FloatField(help_text='longitude or easting as sent')),
                ('y', models.FloatField(help_text='latitude or northing as sent')),
                ('accuracy_m', models.FloatField(blank=True, help_text='horizontal accuracy, metres', null=True)),
                ('reporter_role', models.CharField(choices=[('resident', '居民'), ('grid_member', '网格员'), ('officer', '执法人员')], default='resident', max_length=12)),
                ('reporter_email', models.CharField(blank=True, help_text='restricted', max_length=254)),
                ('address_string', models.CharField(blank=True, help_text='address as the reporter wrote it', max_length=200)),
                ('nearest_address_code', models.CharField(blank=True, max_length=30)),
                ('nearest_address', models.CharField(blank=True, help_text='nearest standard address, full text', max_length=200)),
                ('nearest_address_m', models.FloatField(blank=True, help_text='distance to it, metres', null=True)),
                ('media_url', models.URLField(blank=True, max_length=500)),
                ('device_id', models.CharField(blank=True, help_text='restricted', max_length=100)),
                ('account_id', models.CharField(blank=True, help_text='restricted', max_length=100)),
                ('service_code', models.CharField(blank=True, help_text='Open311 service code, when posted there', max_length=8)),
            ],
            options={
                'db_table': 'layers_reportdetail',
                'constraints': [models.CheckConstraint(condition=models.Q(('accuracy_m__gte', 0)), name='reportdetail_accuracy_nonnegative')],
            },
        ),
        migrations.CreateModel(
            name='IdempotencyKey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=200, unique=True)),
                ('request_sha256', models.CharField(max_length=64)),
                ('response_status', models.PositiveSmallIntegerField()),
                ('response_body', models.JSONField()),
                ('created_at', models.DateTimeField()),
                ('incident', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='layers.incident')),
            ],
            options={
                'db_table': 'layers_idempotencykey',
                'ordering': ['created_at'],
                'indexes': [models.Index(fields=['created_at'], name='idempotencykey_created_at')],
            },
        ),
        migrations.CreateModel(
            name='ReportPhoto',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(help_text='0-based order in the request')),
                ('path', models.CharField(max_length=200, unique=True)),
                ('content_type', models.CharField(help_text='image/jpeg, image/png or image/webp (sniffed)', max_length=20)),
                ('bytes', models.PositiveIntegerField()),
                ('sha256', models.CharField(max_length=64)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('incident', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='photos', to='layers.incident')),
            ],
            options={
                'db_table': 'layers_reportphoto',
                'ordering': ['incident_id', 'position'],
                'constraints': [models.UniqueConstraint(fields=('incident', 'position'), name='reportphoto_incident_position'), models.CheckConstraint(condition=models.Q(('sha256__regex', '\\A[0-9a-f]{64}\\Z')), name='reportphoto_sha256_hex')],
            },
        ),
    ])]
