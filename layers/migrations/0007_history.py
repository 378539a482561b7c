"""The history of every layer: the table ``layers_history``, the function ``layers_history_record()`` and its
statement-level triggers ``layers_history_insert`` / ``_update`` / ``_delete`` / ``_truncate`` on every layer table
of the registry (``layers.history.triggers``; ``manage.py history_triggers`` refreshes them after the registry
changes). Rows already there have no history: their version is 0 until their first change.
"""
from django.db import migrations


def install(apps, schema_editor):
    from layers.history import triggers

    with schema_editor.connection.cursor() as cursor:
        triggers.install(cursor)


def uninstall(apps, schema_editor):
    from layers.history import triggers

    with schema_editor.connection.cursor() as cursor:
        triggers.uninstall(cursor)
        cursor.execute("DROP FUNCTION IF EXISTS layers_history_record()")
        cursor.execute("DROP TABLE IF EXISTS layers_history")


class Migration(migrations.Migration):
    dependencies = [
        ("layers", "0006_report_intake"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
