"""What the seed keeps besides the layers: the pre-reform grid division (:mod:`seeds.reform`), a store of the
generator's, not a layer (no API, tiles or history), read by ``replay_redivision``."""
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField

from spatial.crs import STORAGE_SRID


class PriorGrid(models.Model):
    """One grid before the reform. ``reform``: ``kept`` (today's grid of the same code), ``merged`` (into the one
    grid of ``successors``) or ``split`` (into the grids of ``successors``)."""

    code = models.CharField(max_length=18, unique=True)
    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=12)
    town_code = models.CharField(max_length=12)
    community_code = models.CharField(max_length=12)
    grid_leader = models.CharField(max_length=40, blank=True)
    grid_member = models.CharField(max_length=40, blank=True)
    grid_assistant = models.CharField(max_length=40, blank=True)
    member_phone = models.CharField(max_length=20, blank=True)
    reform = models.CharField(max_length=8, choices=[("kept", "kept"), ("merged", "merged"), ("split", "split")])
    successors = ArrayField(models.CharField(max_length=18))
    geom = models.MultiPolygonField(srid=STORAGE_SRID)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} ({self.reform} -> {', '.join(self.successors)})"
