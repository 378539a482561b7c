"""Store tile bodies uncompressed by TOAST: they are gzip already, so PostgreSQL's pglz would only burn CPU on
every cache write trying to shrink them."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tiles", "0002_invalidation_triggers")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE tiles_tilecache ALTER COLUMN body SET STORAGE EXTERNAL",
            reverse_sql="ALTER TABLE tiles_tilecache ALTER COLUMN body SET STORAGE EXTENDED",
        ),
    ]
