"""The topology rules: the functions of ``layers/topology/sql/rules.sql`` and the triggers of the rules every
registry layer declares (``layers.topology.triggers``: ``layers_topology_cover`` on the grids,
``layers_topology_no_overlap_insert`` / ``_update`` on the buildings, ``layers_topology_inside_county_insert`` /
``_update`` on the components)."""
from django.db import migrations


def install(apps, schema_editor):
    from layers.topology import triggers

    with schema_editor.connection.cursor() as cursor:
        triggers.install(cursor)


def uninstall(apps, schema_editor):
    from layers.topology import triggers

    with schema_editor.connection.cursor() as cursor:
        triggers.uninstall(cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("layers", "0008_history_deletions"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
