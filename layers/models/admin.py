"""Administrative areas: the county (GB/T 2260), its towns and townships (GB/T 10114) and communities / villages."""
from django.contrib.gis.db import models

from .base import STORAGE_SRID, code_check


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
            code_check("code", r"^(\d{6}|\d{9}|\d{12})$", "adminarea_code_digits"),
            code_check("stat_code", r"^\d{12}$", "adminarea_stat_code_digits"),
            models.CheckConstraint(
                condition=(
                    models.Q(level="county", code__regex=r"^\d{6}$")
                    | models.Q(level="town", code__regex=r"^\d{9}$")
                    | models.Q(level="community", code__regex=r"^\d{12}$")
                ),
                name="adminarea_code_matches_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
