"""Administrative areas: the county (GB/T 2260), its towns and townships (GB/T 10114) and communities / villages."""
from django.contrib.gis.db import models

from spatial.codes import (
    ADMIN_CODE_REGEX,
    COMMUNITY_CODE_REGEX,
    COUNTY_CODE_REGEX,
    STATISTICAL_CODE_REGEX,
    TOWN_CODE_REGEX,
)
from spatial.crs import STORAGE_SRID

from .base import sql_check


class AdminLevel(models.TextChoices):
    COUNTY = "county", "县"
    TOWN = "town", "乡镇"
    COMMUNITY = "community", "社区/村"


class AdminArea(models.Model):
    """One administrative area.

    ``code`` is 6 digits for the county (GB/T 2260), 9 for a town or township (GB/T 10114) and 12 for a
    community or village; ``stat_code`` is the 12-digit statistical division code of every level.
    """

    code = models.CharField(max_length=12, unique=True, help_text="区划代码 6/9/12 digits")
    stat_code = models.CharField(max_length=12, unique=True, help_text="12位统计用区划代码")
    name = models.CharField(max_length=60)
    level = models.CharField(max_length=12, choices=AdminLevel.choices)
    kind = models.CharField(max_length=12, blank=True, help_text="镇/乡/社区/村")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        to_field="code", db_column="parent_code",
    )
    population = models.IntegerField(null=True, blank=True)
    area_km2 = models.FloatField(null=True, blank=True, help_text="area in km², computed on geography")
    geom = models.MultiPolygonField(srid=STORAGE_SRID)

    class Meta:
        ordering = ["code"]
        constraints = [
            sql_check("code", ADMIN_CODE_REGEX, "adminarea_code_digits"),
            sql_check("stat_code", STATISTICAL_CODE_REGEX, "adminarea_stat_code_digits"),
            models.CheckConstraint(
                condition=(
                    models.Q(level="county", code__regex=COUNTY_CODE_REGEX)
                    | models.Q(level="town", code__regex=TOWN_CODE_REGEX)
                    | models.Q(level="community", code__regex=COMMUNITY_CODE_REGEX)
                ),
                name="adminarea_code_matches_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
