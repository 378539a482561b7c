"""The topology functions again, with ``layers_topology_area_m2`` (breaches measured without the zero-width slivers
of a vertex inserted on a shared edge, as a grid split by a line leaves; ``layers/topology/sql/rules.sql``)."""
from django.db import migrations


def install(apps, schema_editor):
    from layers.topology import triggers

    with schema_editor.connection.cursor() as cursor:
        triggers.install(cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("layers", "0009_topology"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
