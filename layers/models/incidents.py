"""Incidents (事件): what residents, grid members, officers and other systems report, snapped to a grid."""
from django.contrib.gis.db import models

from spatial.codes import EVENT_CLASS_REGEX
from spatial.codes.identity import INCIDENT_CODE_REGEX
from spatial.crs import STORAGE_SRID

from .base import sql_check


class EventClass(models.Model):
    """An event class of CJ/T 214: major classes 01 市容环境, 02 宣传广告, 03 施工管理, 04 街面秩序, 05 突发事件
    (06+ extensions), keyed by 2 major + 2 minor digits."""

    code = models.CharField(max_length=4, primary_key=True)
    major_code = models.CharField(max_length=2)
    major_name = models.CharField(max_length=20)
    name = models.CharField(max_length=40)

    class Meta:
        ordering = ["code"]
        constraints = [sql_check("code", EVENT_CLASS_REGEX, "eventclass_code_digits")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IncidentStatus(models.TextChoices):
    REPORTED = "reported", "上报"
    ACCEPTED = "accepted", "立案"
    DISPATCHED = "dispatched", "派遣"
    RESOLVED = "resolved", "处置"
    CLOSED = "closed", "结案"


class Incident(models.Model):
    """One reported incident; ``routed_to`` follows CJ/T 214: a component problem goes to its owner,
    an event to its territory (the grid)."""

    code = models.CharField(max_length=24, unique=True, help_text="案件编号: county (6) + YYYYMMDD + serial (5-10 digits)")
    event_class = models.ForeignKey(
        EventClass, null=True, blank=True, on_delete=models.PROTECT, db_column="event_class_code"
    )
    component = models.ForeignKey(
        "Component", null=True, blank=True, on_delete=models.SET_NULL, to_field="code", db_column="component_code"
    )
    status = models.CharField(max_length=12, choices=IncidentStatus.choices, default=IncidentStatus.REPORTED)
    source = models.CharField(max_length=20, help_text="grid_member / public_app / officer / hotline_12345 / case_system")
    description = models.TextField(blank=True)
    reporter = models.CharField(max_length=60, blank=True, help_text="restricted")
    reporter_phone = models.CharField(max_length=20, blank=True, help_text="restricted")
    grid = models.ForeignKey("Grid", null=True, on_delete=models.PROTECT, to_field="code", db_column="grid_code")
    routed_to = models.CharField(max_length=80, blank=True)
    reported_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    geom = models.PointField(srid=STORAGE_SRID)

    class Meta:
        ordering = ["-reported_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(event_class__isnull=False) | models.Q(component__isnull=False),
                name="incident_has_class_or_component",
            ),
            sql_check("code", INCIDENT_CODE_REGEX, "incident_code_format"),
        ]
        indexes = [models.Index(fields=["reported_at"], name="incident_reported_at")]

    def __str__(self) -> str:
        return self.code


class IncidentCodeCounter(models.Model):
    """The last serial given out for one day's incident codes (``prefix`` = county code + ``YYYYMMDD``).

    Incremented by one ``UPDATE ... RETURNING`` in the transaction that inserts the incident, so its row lock keeps
    concurrent reports of a day in line until commit, and a rollback gives the serial back (no gaps, no repeats).
    A day's first report starts after the largest serial of the codes that day already has (see
    ``cases.reports.services.incident_code_next``)."""

    prefix = models.CharField(max_length=14, primary_key=True)
    last = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.prefix}: {self.last}"
