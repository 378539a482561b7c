"""City components (城市部件, CJ/T 214): the category table and the components themselves."""
from django.contrib.gis.db import models

from django.db.models import Value
from django.db.models.functions import Substr
from django.db.models.lookups import Exact

from spatial.codes import COMPONENT_CATEGORY_REGEX, COMPONENT_CODE_REGEX
from spatial.crs import STORAGE_SRID

from .base import SourceMixin, sql_check


class ComponentCategory(models.Model):
    """A minor class of CJ/T 214, keyed by its 4 digits: 2 major + 2 minor (e.g. 0101 上水井盖)."""

    code = models.CharField(max_length=4, primary_key=True)
    major_code = models.CharField(max_length=2)
    major_name = models.CharField(max_length=20)
    name = models.CharField(max_length=40)
    owner_department = models.CharField(max_length=60, help_text="default owning department (权属单位)")
    geometry_kind = models.CharField(max_length=12, default="point")

    class Meta:
        ordering = ["code"]
        constraints = [sql_check("code", COMPONENT_CATEGORY_REGEX, "componentcategory_code_digits")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ComponentState(models.TextChoices):
    INTACT = "intact", "完好"
    DAMAGED = "damaged", "破损"
    MISSING = "missing", "丢失"
    OCCUPIED = "occupied", "占用"


class Component(SourceMixin):
    """One city component. ``code`` = 6 admin + 2 major + 2 minor + 6 serial (16 digits, CJ/T 214).

    The geometry is a point for most classes, a line or polygon for a few (guardrails, green belts)."""

    code = models.CharField(max_length=16, unique=True, help_text="部件编码")
    category = models.ForeignKey(
        ComponentCategory, on_delete=models.PROTECT, db_column="category_code", related_name="components"
    )
    name = models.CharField(max_length=60)
    supervising_department = models.CharField(max_length=60, help_text="主管部门")
    owner_department = models.CharField(max_length=60, help_text="权属单位")
    maintainer_department = models.CharField(max_length=60, help_text="养护单位")
    grid = models.ForeignKey("Grid", on_delete=models.PROTECT, to_field="code", db_column="grid_code")
    state = models.CharField(max_length=10, choices=ComponentState.choices, default=ComponentState.INTACT)
    installed_on = models.DateField(null=True, blank=True, help_text="初始日期")
    surveyed_on = models.DateField(null=True, blank=True, help_text="变更日期")
    geom = models.GeometryField(srid=STORAGE_SRID)

    class Meta:
        ordering = ["code"]
        constraints = [
            sql_check("code", COMPONENT_CODE_REGEX, "component_code_format"),
            models.CheckConstraint(
                condition=~models.Q(Exact(Substr("code", 7, 2), Value("00"))), name="component_major_not_zero"
            ),
            models.CheckConstraint(
                condition=~models.Q(code__endswith="000000"), name="component_serial_not_zero"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
