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


class GridRoads(models.Model):
    """The road length of one grid (m, EPSG:4547): the roads clipped to the grid, stored with its coverage (and
    recomputed with it, and after a re-division of the grids by ``cases.patrols.regrid``). Keyed by grid code, not a foreign key,
    so that rows of a grid re-divided away are kept until recomputed; reads join the current grids."""

    grid_code = models.CharField(max_length=18, primary_key=True)
    road_m = models.FloatField(help_text="metres, in EPSG:4547")

    def __str__(self) -> str:
        return f"{self.grid_code}: {self.road_m:.0f} m of road"


class Coverage(models.Model):
    """Patrol coverage of one grid on one local day (Asia/Shanghai), a stored fact filled by ``sql/coverage_fill.sql``
    in the transaction that adds a track (and by the seed, and by ``patrols_coverage``): the grid's road length, the
    part within the buffer (``PINGDING_PATROLS_BUFFER_M``) of that day's tracks touching the grid, their share, the
    tracks, those started before and after ``PINGDING_PATROLS_NOON``. A grid-day without a row had no track: 0."""

    grid_code = models.CharField(max_length=18)
    day = models.DateField(help_text="local date (Asia/Shanghai)")
    road_m = models.FloatField(help_text="metres, in EPSG:4547")
    covered_m = models.FloatField(help_text="metres of road within the buffer of the day's tracks")
    share = models.FloatField(null=True, help_text="covered_m / road_m, at most 1; empty for a grid without roads")
    tracks = models.IntegerField()
    morning = models.IntegerField(help_text="tracks started before noon, local time")
    afternoon = models.IntegerField(help_text="tracks started at or after noon, local time")
    twice = models.BooleanField(help_text="patrolled twice (两巡): a morning and an afternoon track")
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day", "grid_code"]
        indexes = [models.Index(fields=["day", "grid_code"], name="patrol_coverage_day")]
        constraints = [models.UniqueConstraint(fields=["grid_code", "day"], name="patrol_coverage_grid_day")]

    def __str__(self) -> str:
        return f"{self.grid_code} on {self.day}: {self.covered_m:.0f} of {self.road_m:.0f} m"
