"""The history function again (``layers/history/sql/record.sql``), cheaper for bulk updates: an update compares the
old and new rows column by column before building any jsonb (a row left as it was builds none), and the attribute
images are ``to_jsonb`` of a row instead of ``jsonb_build_object``. The same history rows as before; the function
only: the table, its indexes and the triggers that call it are unchanged. After ``imports.0002``, which installed
the function before it."""
from django.db import migrations


def install(apps, schema_editor):
    from layers.history import triggers

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(triggers.FUNCTION_SQL.read_text(encoding="utf-8"))


class Migration(migrations.Migration):
    dependencies = [
        ("layers", "0017_partition_fillfactor"),
        ("imports", "0003_staged_rows_unchecked"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop, elidable=False)]
