"""Cached tiles are keyed by audience as well: callers who see different data never share a tile. Existing rows were
rendered for anonymous callers, the ``public`` audience."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("tiles", "0003_tilecache_body_storage")]

    operations = [
        migrations.AddField(
            model_name="tilecache",
            name="audience",
            field=models.CharField(db_default="public", default="public", max_length=64),
        ),
        migrations.RemoveConstraint(model_name="tilecache", name="tilecache_tile_unique"),
        migrations.AddConstraint(
            model_name="tilecache",
            constraint=models.UniqueConstraint(
                fields=("tileset", "z", "x", "y", "audience"), name="tilecache_tile_unique"
            ),
        ),
    ]
