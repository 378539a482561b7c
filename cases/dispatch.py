"""Where a case is dispatched: the admin's :class:`~cases.models.DispatchRule` table first (the longest event class
code that matches wins), else the rule of CJ/T 214 (as ``cases.reports.routing``): a component's problem to its
owner department, an event to its territory, the town of its grid (a department account named after the town,
e.g. ``冠山镇``, handles it)."""
from __future__ import annotations

from .models import DispatchRule


def dispatch_department(*, event_class: str | None, component_owner: str | None, territory: str) -> str:
    """The department a case goes to."""
    codes = [""]
    if event_class:
        codes += [event_class[:2], event_class]
    rule = DispatchRule.objects.filter(event_class__in=codes).order_by("-event_class").first()
    if rule is not None and rule.department:
        return rule.department
    return component_owner or territory
