"""The records behind buildings and addresses ("四实": 实有房屋, 实有人口, 实有单位, 实有设施).

Residents are personal data: they have no geometry of their own, are never in a public layer, tile or export,
and every seeded resident is synthetic (``synthetic`` is true)."""
from django.contrib.gis.db import models

from spatial.codes import CREDIT_CODE_REGEX, ID_NUMBER_REGEX
from spatial.crs import STORAGE_SRID

from .base import SourceMixin, sql_check


class HousingUnit(SourceMixin):
    """实有房屋: one dwelling or premises inside a building, at a room-level address."""

    code = models.CharField(max_length=30, unique=True)
    building = models.ForeignKey("Building", on_delete=models.CASCADE, to_field="code", db_column="building_code")
    address = models.ForeignKey(
        "Address", null=True, blank=True, on_delete=models.SET_NULL, to_field="code", db_column="address_code"
    )
    floor = models.SmallIntegerField(default=1)
    room = models.CharField(max_length=8)
    area_m2 = models.FloatField()
    use = models.CharField(max_length=16, default="residential")
    tenure = models.CharField(max_length=12, help_text="owner 自住 / rented 出租 / vacant 空置")

    class Meta:
        ordering = ["code"]


class Resident(models.Model):
    """实有人口 (personal data, restricted). ``id_number`` follows GB 11643 with a valid check digit but is synthetic."""

    id_number = models.CharField(max_length=18, unique=True)
    name = models.CharField(max_length=20)
    gender = models.CharField(max_length=1, help_text="M / F")
    birth_year = models.SmallIntegerField()
    phone = models.CharField(max_length=20, blank=True)
    residence_type = models.CharField(max_length=12, help_text="registered 户籍 / floating 流动 / overseas 境外")
    key_population = models.CharField(max_length=20, blank=True, help_text="重点人群 category, empty if none")
    housing_unit = models.ForeignKey(
        "HousingUnit", null=True, on_delete=models.SET_NULL, to_field="code", db_column="housing_unit_code"
    )
    synthetic = models.BooleanField(default=True)

    class Meta:
        ordering = ["id"]
        constraints = [sql_check("id_number", ID_NUMBER_REGEX, "resident_id_number_format")]


class Organisation(SourceMixin):
    """实有单位: an organisation with its unified social credit code (GB 32100)."""

    credit_code = models.CharField(max_length=18, unique=True)
    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=20, help_text="enterprise / government / institution / social / individual")
    industry = models.CharField(max_length=40, blank=True)
    legal_representative = models.CharField(max_length=20, blank=True, help_text="restricted")
    address = models.ForeignKey(
        "Address", null=True, blank=True, on_delete=models.SET_NULL, to_field="code", db_column="address_code"
    )
    grid = models.ForeignKey("Grid", on_delete=models.PROTECT, to_field="code", db_column="grid_code")
    geom = models.PointField(srid=STORAGE_SRID)

    class Meta:
        ordering = ["credit_code"]
        constraints = [sql_check("credit_code", CREDIT_CODE_REGEX, "organisation_credit_code_format")]


class Facility(SourceMixin):
    """实有设施: a public facility (school, clinic, fire station, shelter, ...)."""

    code = models.CharField(max_length=24, unique=True)
    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=20)
    capacity = models.IntegerField(null=True, blank=True)
    address = models.ForeignKey(
        "Address", null=True, blank=True, on_delete=models.SET_NULL, to_field="code", db_column="address_code"
    )
    grid = models.ForeignKey("Grid", on_delete=models.PROTECT, to_field="code", db_column="grid_code")
    geom = models.PointField(srid=STORAGE_SRID)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "facilities"
