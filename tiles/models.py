"""The tile cache and the data versions it is checked against (see :mod:`tiles.cache` for the protocol)."""
from django.contrib.gis.db import models
from django.db.models.functions import Now

from spatial.crs import STORAGE_SRID


class TileCache(models.Model):
    """One rendered vector tile, gzip-compressed; an empty tile is a row with an empty body and ETag.

    ``env`` is the envelope the tile read: the tile grown by the buffer, in EPSG:4490 (lon/lat degrees), written by
    the same SQL expression the tile query filtered with. The invalidation triggers delete the rows whose ``env``
    overlaps a changed geometry (GiST index), whatever the audience. ``size`` is the uncompressed MVT size in bytes.
    ``audience`` is who the tile was rendered for (``accounts.principal.Principal.audience``): callers of one
    audience see the same data, and never read another audience's tiles.
    """

    tileset = models.CharField(max_length=64)
    audience = models.CharField(max_length=64, default="public", db_default="public")
    z = models.SmallIntegerField()
    x = models.IntegerField()
    y = models.IntegerField()
    etag = models.CharField(max_length=64)
    body = models.BinaryField(help_text="the MVT, gzip-compressed")
    size = models.IntegerField(help_text="uncompressed size in bytes")
    env = models.PolygonField(srid=STORAGE_SRID)
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tileset", "z", "x", "y", "audience"], name="tilecache_tile_unique")
        ]

    def __str__(self) -> str:
        return f"{self.tileset}/{self.z}/{self.x}/{self.y} ({self.audience})"


class LayerVersion(models.Model):
    """The data version of a layer: the invalidation trigger sets it from the sequence ``tiles_layerversion_seq``
    (never reused, even after a rollback) and row-locks it until commit, on every change of the layer's table."""

    layer = models.CharField(max_length=64, primary_key=True)
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.layer}@{self.version}"
