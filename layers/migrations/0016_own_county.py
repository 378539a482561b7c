"""The topology rules judge a feature against its own county (the one whose code starts the feature's), which
partition pruning relies on, and buildings and addresses keep ``inside_county`` too: re-installs the functions of
``layers/topology/sql/rules.sql`` and the triggers the registry declares (``layers.topology.triggers``)."""
from django.db import migrations


def install(apps, schema_editor):
    from layers.topology import triggers

    with schema_editor.connection.cursor() as cursor:
        triggers.install(cursor)


class Migration(migrations.Migration):
    dependencies = [("layers", "0015_partition_incidents")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop, elidable=False)]
