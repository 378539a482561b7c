"""No parallel workers on the partitions of the layer tables (``layers_serial_partition`` in
``layers/partitions/sql/add_county.sql``, which ``layers_add_county`` now calls for every partition it makes): a
page with a bounding box over many counties was planned as a Parallel Append under a Gather whose start cost more
than the page. Re-installs the functions and sets every existing partition."""
from django.db import migrations


def serial(apps, schema_editor):
    from layers.partitions import install_add_county, partitioned_tables

    with schema_editor.connection.cursor() as cursor:
        install_add_county(cursor)
        cursor.execute(
            "SELECT layers_serial_partition(i.inhrelid::regclass) FROM pg_inherits AS i"
            " WHERE i.inhparent = ANY(%s::regclass[])", [list(partitioned_tables())])


class Migration(migrations.Migration):
    dependencies = [("layers", "0013_partition_by_county")]

    operations = [migrations.RunPython(serial, migrations.RunPython.noop, elidable=False)]
