"""A case (案件) and its steps: the loop's state of one incident, and every step taken on it.

A case IS an incident of the incidents layer: its primary key is the incident's id (``incident_id``), so the
case, the Open311 request and the feature share one number. The incident's ``status`` follows the case's state
(``cases.loop.INCIDENT_STATUS``) in the transaction of each step.
"""
from django.conf import settings
from django.contrib.gis.db import models

from spatial.crs import STORAGE_SRID

from ..loop import ACTIONS, STATES


class Urgency(models.TextChoices):
    NORMAL = "normal", "一般"
    URGENT = "urgent", "紧急"


class Case(models.Model):
    """The loop's state of one incident. ``version`` names the ETag (``"cases.<id>.<version>"``) and grows by one
    with every step; ``deadline_at`` is the limit of the current state (None: none runs); ``suspended_from`` the
    state a suspended case resumes to; ``duplicate_of`` the open case a repeated report was linked to at intake
    (it is then ``rejected`` as ``duplicate`` at once); ``department`` the department it was dispatched to (a
    component's owner, the event's town, or what the dispatch rules or the dispatcher named); ``level`` the escalation level (1 grid, 2 community, 3 town, 4 county department,
    5 county leader)."""

    incident = models.OneToOneField(
        "layers.Incident", primary_key=True, on_delete=models.CASCADE, related_name="case", db_column="incident_id"
    )
    state = models.CharField(max_length=12, choices=[(s, s) for s in STATES], default="reported")
    department = models.CharField(max_length=80, blank=True, help_text="部门 the case is dispatched to")
    urgency = models.CharField(max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    level = models.PositiveSmallIntegerField(default=1)
    deadline_at = models.DateTimeField(null=True, blank=True)
    suspended_from = models.CharField(max_length=12, blank=True)
    reject_reason = models.ForeignKey("RejectReason", null=True, blank=True, on_delete=models.PROTECT)
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="duplicates", help_text="the open case this report repeats (same class, 30 m, 24 h)")
    updated_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(state__in=STATES), name="case_state_known"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="case_level_1_to_5"),
        ]
        indexes = [
            models.Index(fields=["state", "deadline_at"], name="case_state_deadline"),
            models.Index(fields=["department"], name="case_department"),
        ]

    def __str__(self) -> str:
        return f"case {self.incident_id} ({self.state})"


class CaseStep(models.Model):
    """One step taken on a case: who (``actor``, acting as ``role``), when (``at``), where (``location``, EPSG:4490
    lon/lat, where the step was taken from), why (``note``, ``reason``), and the photos it carried (``photos``: the
    rows of the stored files, ``[{"path", "content_type", "bytes", "sha256"}]``, paths under the photos folder).
    An ``escalate`` step (``cases.escalation``) has no actor, role ``system``, and the deadline that passed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=12, choices=[(a, a) for a in ("report", *ACTIONS, "escalate")])
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    role = models.CharField(max_length=20, blank=True)
    at = models.DateTimeField()
    location = models.PointField(srid=STORAGE_SRID, null=True, blank=True)
    distance_m = models.FloatField(null=True, blank=True, help_text="metres from the case's point to location")
    note = models.TextField(blank=True)
    reason = models.CharField(max_length=30, blank=True)
    deadline_at = models.DateTimeField(null=True, blank=True)
    photos = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["case_id", "at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="casestep_case_at")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.action} {self.from_state} -> {self.to_state}"
