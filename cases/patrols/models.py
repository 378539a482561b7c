"""A patrol track and the road pieces coverage is measured on. Geometry in EPSG:4490 (lon/lat degrees); lengths in
metres, measured in EPSG:4547 (CGCS2000 Gauss-Kruger CM 114E, the county's metric zone)."""
from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex

from spatial.crs import STORAGE_SRID


class Track(models.Model):
    """One track: its vertices (``geom``) and the instant of each (``times``, same order, never going back).
    ``grids`` are the codes of the grids the line touches; ``day`` is the local (Asia/Shanghai) date it started."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="patrol_tracks",
                              null=True, blank=True, help_text="who uploaded it; empty for the seed's tracks")
    member_name = models.CharField(max_length=40, blank=True, help_text="the grid member's name, for a track with no owner")
    grids = ArrayField(models.CharField(max_length=18), help_text="codes of the grids the track touches")
    day = models.DateField(help_text="local date (Asia/Shanghai) of started_at")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    times = ArrayField(models.DateTimeField(), help_text="the instant of each vertex of geom")
    length_m = models.FloatField(help_text="metres, in EPSG:4547")
    points = models.IntegerField()
    source_format = models.CharField(max_length=8, help_text="gpx or geojson")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    geom = models.LineStringField(srid=STORAGE_SRID)

    class Meta:
        ordering = ["started_at", "id"]
        indexes = [
            models.Index(fields=["day"], name="patrol_track_day"),
            GinIndex(fields=["grids"], name="patrol_track_grids"),
            models.Index(fields=["owner", "started_at"], name="patrol_track_owner"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(ended_at__gte=models.F("started_at")), name="patrol_track_order"),
        ]

    def __str__(self) -> str:
        return f"track {self.pk} ({self.started_at:%Y-%m-%d %H:%M}, {self.length_m:.0f} m)"


class Road(models.Model):
    """A road line coverage is measured on, clipped to each grid when measured (so a re-division of the grids needs
    nothing here). The county has no road layer: the seed stores its built-up area's streets (``source``
    ``street``) and, in every grid no street crosses, two lanes across the grid through a point inside it (``lane``)
    standing in for its village roads."""

    name = models.CharField(max_length=40)
    source = models.CharField(max_length=8, default="street", help_text="street or lane")
    length_m = models.FloatField(help_text="metres, in EPSG:4547")
    geom = models.LineStringField(srid=STORAGE_SRID)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.length_m:.0f} m)"
