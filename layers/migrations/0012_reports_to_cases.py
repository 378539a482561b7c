"""The report models move to the ``cases`` app (``cases/migrations/0001_reports_from_layers``): state only, the
tables stay as they are (their models keep the names through ``db_table``)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('layers', '0011_plural_names'),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=[
        migrations.RemoveField(
            model_name='reportdetail',
            name='incident',
        ),
        migrations.RemoveField(
            model_name='reportphoto',
            name='incident',
        ),
        migrations.DeleteModel(
            name='IdempotencyKey',
        ),
        migrations.DeleteModel(
            name='ReportDetail',
        ),
        migrations.DeleteModel(
            name='ReportPhoto',
        ),
    ])]
