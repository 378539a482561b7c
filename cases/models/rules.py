"""The tables the centre edits in the admin: where a case is dispatched (:class:`DispatchRule`) and why a report is
not filed (:class:`RejectReason`)."""
from django.db import models


class RejectReason(models.Model):
    """A reason of the filing standard (GB/T 30428.8 不予立案) for not filing a report: not in scope, duplicate,
    insufficient information, ..."""

    code = models.CharField(max_length=30, primary_key=True)
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class DispatchRule(models.Model):
    """Where a filed case goes. ``event_class`` is a 2-digit major or a 4-digit class code, empty for any class;
    the longest matching code wins. ``department`` empty: the default rule of CJ/T 214 (a component's problem to
    its owner department, an event to its territory, the grid)."""

    event_class = models.CharField(max_length=4, blank=True, help_text="major (2 digits) or class (4); empty: any")
    department = models.CharField(max_length=80, blank=True, help_text="empty: owner department or territory")

    class Meta:
        ordering = ["-event_class"]
        constraints = [
            models.UniqueConstraint(fields=["event_class"], name="dispatchrule_one_per_class"),
            models.CheckConstraint(condition=models.Q(event_class__regex=r"\A([0-9]{2}|[0-9]{4})?\Z"),
                                   name="dispatchrule_class_digits"),
        ]

    def __str__(self) -> str:
        return f"{self.event_class or '*'} -> {self.department or 'owner / territory'}"
