"""Incidents in native partitions by county code too (``layers.partitions``): every incident code starts with its
county's code (1403212022060100001). The four foreign keys into ``layers_incident`` by ``id`` (``cases_case``,
``layers_reportdetail``, ``layers_reportphoto``, ``layers_idempotencykey``) cannot reference a partitioned table
whose unique key is (id, code): each is dropped and kept by triggers with the same behaviour
(``layers/partitions/references.py``). The model state does not change. Irreversible."""
from django.conf import settings
from django.db import migrations


def partition(apps, schema_editor):
    from layers.partitions import partition_tables, partitioned_tables
    from layers.partitions.references import add_reference_triggers, drop_foreign_keys, foreign_keys_into

    (table,) = partitioned_tables(("incidents",))
    with schema_editor.connection.cursor() as cursor:
        references = foreign_keys_into(cursor, table, column="id")
        drop_foreign_keys(cursor, references)
        partition_tables(cursor, (table,), extra_counties=(settings.PINGDING_COUNTY_CODE,))
        add_reference_triggers(cursor, references)


class Migration(migrations.Migration):
    dependencies = [
        ("layers", "0014_serial_partitions"),
        ("cases", "0005_casestep_escalate"),
    ]

    operations = [migrations.RunPython(partition, elidable=False)]
