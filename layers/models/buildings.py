"""Standard buildings (标准建筑物) with their standard building codes."""
from django.contrib.gis.db import models

from spatial.codes import BUILDING_CODE_REGEX
from spatial.crs import STORAGE_SRID

from .base import SourceMixin, sql_check


class BuildingUse(models.TextChoices):
    RESIDENTIAL = "residential", "住宅"
    COMMERCIAL = "commercial", "商业"
    PUBLIC = "public", "公共服务"
    INDUSTRIAL = "industrial", "工业"
    MIXED = "mixed", "商住混合"
    RURAL_HOUSE = "rural_house", "农村住房"


class Building(SourceMixin):
    """A building footprint. ``code`` = the grid code (15) + a 4-digit serial within the grid (19 digits)."""

    code = models.CharField(max_length=22, unique=True, help_text="标准建筑物编码")
    name = models.CharField(max_length=80, blank=True)
    use = models.CharField(max_length=16, choices=BuildingUse.choices)
    floors_above = models.SmallIntegerField(default=1)
    floors_below = models.SmallIntegerField(default=0)
    structure = models.CharField(max_length=16, blank=True, help_text="砖混/框架/钢混/砖木")
    year_built = models.SmallIntegerField(null=True, blank=True)
    grid = models.ForeignKey("Grid", on_delete=models.PROTECT, to_field="code", db_column="grid_code")
    geom = models.PolygonField(srid=STORAGE_SRID)

    class Meta:
        ordering = ["code"]
        constraints = [
            sql_check("code", BUILDING_CODE_REGEX, "building_code_digits"),
            models.CheckConstraint(condition=models.Q(floors_above__gte=1), name="building_floors_above_positive"),
        ]

    def __str__(self) -> str:
        return self.code
