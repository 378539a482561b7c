"""Base grids (标准基础网格): the cells that cover the county with no gap and no overlap."""
from django.contrib.gis.db import models

from spatial.codes import GRID_CODE_REGEX
from spatial.crs import STORAGE_SRID

from .base import SourceMixin, sql_check


class Grid(SourceMixin):
    """One base grid. ``code`` = 6 admin + 3 township + 3 community + sequence (``spatial.codes.GRID_CODE_LENGTH``,
    15 digits), so it starts with the code of the community that contains it. The length is part of the schema (the
    CHECK constraint), not a setting: another length is a change of that constant and a migration."""

    code = models.CharField(max_length=18, unique=True, help_text="网格编码")
    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=12, default="urban", help_text="urban 城镇 / rural 农村 / special 专属")
    town = models.ForeignKey("AdminArea", on_delete=models.PROTECT, related_name="+", to_field="code", db_column="town_code")
    community = models.ForeignKey(
        "AdminArea", on_delete=models.PROTECT, related_name="grids", to_field="code", db_column="community_code"
    )
    grid_leader = models.CharField(max_length=40, blank=True, help_text="网格长")
    grid_member = models.CharField(max_length=40, blank=True, help_text="专职网格员")
    grid_assistant = models.CharField(max_length=40, blank=True, help_text="网格协管员")
    member_phone = models.CharField(max_length=20, blank=True, help_text="restricted")
    households = models.IntegerField(default=0)
    area_m2 = models.FloatField(null=True, blank=True, help_text="m², computed on geography")
    geom = models.MultiPolygonField(srid=STORAGE_SRID)

    class Meta:
        ordering = ["code"]
        constraints = [sql_check("code", GRID_CODE_REGEX, "grid_code_digits")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
