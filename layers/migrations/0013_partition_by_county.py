"""The standard layer tables (grids, buildings, addresses, components) in native partitions by county code
(``layers.partitions``): BY RANGE (code), one partition per county their rows hold and the server's own county
(``PINGDING_COUNTY_CODE``), plus a DEFAULT partition; and the function ``layers_add_county(county)``. The model
state does not change: Django keeps ``id`` as the primary key, the database holds (id, code). Irreversible."""
from django.conf import settings
from django.db import migrations


LAYERS = ("grids", "buildings", "addresses", "components")  # incidents came later (0015)


def partition(apps, schema_editor):
    from layers.partitions import partition_tables, partitioned_tables

    with schema_editor.connection.cursor() as cursor:
        partition_tables(cursor, partitioned_tables(LAYERS), extra_counties=(settings.PINGDING_COUNTY_CODE,))


class Migration(migrations.Migration):
    dependencies = [
        ("layers", "0012_reports_to_cases"),
        ("tiles", "0002_invalidation_triggers"),
    ]

    operations = [migrations.RunPython(partition, elidable=False)]
