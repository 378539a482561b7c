"""The partitions of the layer tables leave room on their pages for their rows' new versions (fillfactor 50 for the
surveyed layers, 90 for incidents: ``layers/partitions/storage.py``), so an attribute-only update is HOT; re-installs
``layers_add_county`` (new partitions take it) and rewrites every existing partition (``VACUUM FULL``: a new
fillfactor only applies to pages written after it), which is why this migration runs outside a transaction. The
full county rewrites in about two seconds."""
from django.db import migrations


def fill(apps, schema_editor):
    from layers.partitions import install_add_county, partitioned_tables

    with schema_editor.connection.cursor() as cursor:
        install_add_county(cursor)
        cursor.execute("SELECT i.inhrelid::regclass::text FROM pg_inherits AS i"
                       " WHERE i.inhparent = ANY(%s::regclass[]) ORDER BY 1", [list(partitioned_tables())])
        parts = [name for (name,) in cursor.fetchall()]
        for part in parts:
            cursor.execute("SELECT layers_partition_storage(%s::regclass)", [part])
        for part in parts:  # names as the catalog quotes them
            cursor.execute(f"VACUUM (FULL, ANALYZE) {part}")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("layers", "0016_own_county")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]
