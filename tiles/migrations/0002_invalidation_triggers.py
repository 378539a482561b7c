"""Install the tile cache's invalidation triggers on every public layer table, generated from the layer registry.

The SQL is built when the migration runs (``tiles.triggers.install_sql``) from the registry of that moment; after
the registry gains or loses a public layer, run ``manage.py tiles_triggers`` to bring the triggers in line.
"""
from django.db import migrations


def install(apps, schema_editor):
    from tiles import triggers

    with schema_editor.connection.cursor() as cursor:
        triggers.install(cursor)


def uninstall(apps, schema_editor):
    from tiles import triggers

    with schema_editor.connection.cursor() as cursor:
        triggers.uninstall(cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("tiles", "0001_initial"),
        ("layers", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
