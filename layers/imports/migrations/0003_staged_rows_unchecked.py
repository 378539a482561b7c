"""Staged rows without a foreign key to their import or an index of their own (``ImportRow.batch``): a dry run's
COPY no longer checks each row against the import it has just created."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('imports', '0002_bulk_statement_triggers'),
    ]

    operations = [
        migrations.AlterField(
            model_name='importrow',
            name='batch',
            field=models.ForeignKey(db_column='import_id', db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='rows', to='imports.import'),
        ),
    ]
