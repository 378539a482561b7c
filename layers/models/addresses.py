"""Standard addresses (标准地址库): hierarchical parts plus the full text."""
from django.contrib.gis.db import models

from spatial.codes import ADDRESS_CODE_REGEX
from spatial.crs import STORAGE_SRID

from .base import SourceMixin, sql_check


class AddressLevel(models.TextChoices):
    DOOR = "door", "门牌"
    BUILDING = "building", "楼栋"
    UNIT = "unit", "单元"
    ROOM = "room", "户室"


class Address(SourceMixin):
    """One standard address point: county / town / community / road / number / building / unit / room."""

    code = models.CharField(max_length=30, unique=True, help_text="标准地址编码")
    level = models.CharField(max_length=10, choices=AddressLevel.choices)
    province = models.CharField(max_length=20, default="山西省")
    city = models.CharField(max_length=20, default="阳泉市")
    county = models.CharField(max_length=20, default="平定县")
    town = models.CharField(max_length=30)
    community = models.CharField(max_length=40)
    road = models.CharField(max_length=40)
    number = models.CharField(max_length=12, help_text="门牌号")
    building_no = models.CharField(max_length=12, blank=True, help_text="楼栋号")
    unit = models.CharField(max_length=8, blank=True, help_text="单元")
    room = models.CharField(max_length=8, blank=True, help_text="户室")
    full_text = models.CharField(max_length=200, help_text="完整标准地址")
    community_area = models.ForeignKey(
        "AdminArea", on_delete=models.PROTECT, related_name="+", to_field="code", db_column="community_code"
    )
    grid = models.ForeignKey("Grid", on_delete=models.PROTECT, to_field="code", db_column="grid_code")
    building = models.ForeignKey(
        "Building", null=True, blank=True, on_delete=models.SET_NULL, to_field="code", db_column="building_code"
    )
    geom = models.PointField(srid=STORAGE_SRID)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "addresses"
        constraints = [sql_check("code", ADDRESS_CODE_REGEX, "address_code_digits")]
        indexes = [models.Index(fields=["road", "number"], name="address_road_number")]

    def __str__(self) -> str:
        return self.full_text
