"""The statement-level trigger functions again, as a bulk import's one UPDATE of 74,173 rows needs them: the history
(``layers/history/sql/record.sql``) builds each row's two attribute objects once, not twice; the inside-county rule
(``layers/topology/sql/rules.sql``) tests only the rows that moved; the tile invalidation (``tiles/sql/invalidate.sql``)
counts the changed boxes only when some tile is cached; none of them is compiled by JIT. The functions only: the
triggers that call them are unchanged."""
from django.db import migrations


def install(apps, schema_editor):
    from layers.history import triggers as history
    from layers.topology import triggers as topology
    from tiles import triggers as tiles

    with schema_editor.connection.cursor() as cursor:
        for module in (history, topology, tiles):
            cursor.execute(module.FUNCTION_SQL.read_text(encoding="utf-8"))


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_initial"),
        ("layers", "0012_reports_to_cases"),
        ("tiles", "0004_tilecache_audience"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
