"""``tiles_invalidate()`` again (``tiles/sql/invalidate.sql``): a bulk update's changed boxes are counted only up to
the bulk threshold, stored in spatial order and indexed with BRIN when few tiles are cached in their extent (GiST
otherwise), without an ANALYZE. The triggers are unchanged."""
from django.db import migrations


def install(apps, schema_editor):
    from tiles import triggers

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(triggers.FUNCTION_SQL.read_text(encoding="utf-8"))


class Migration(migrations.Migration):
    dependencies = [("tiles", "0004_tilecache_audience")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop, elidable=False)]
