"""Which cases a principal may read: the loop's one scope rule, for the list, the detail and every step.

The centre's roles (operator, dispatcher, shift leader), leaders and admins read every case; a grid member the cases
of its grids; a department the cases dispatched to it; anyone else none."""
from __future__ import annotations

from django.db.models import Q

from accounts.principal import Principal

READS_EVERY_CASE = frozenset({"operator", "dispatcher", "shift_leader", "leader", "admin"})
PERSONAL_DATA_FIELDS = ("reporter", "reporter_phone", "reporter_email")


def case_scope(principal: Principal) -> Q | None:
    """The condition on :class:`~cases.models.Case` rows ``principal`` may read; None for every row."""
    if principal.roles & READS_EVERY_CASE:
        return None
    scope = Q(pk__in=[])
    if "grid_member" in principal.roles and principal.grids:
        scope |= Q(incident__grid_id__in=sorted(principal.grids))
    if "department" in principal.roles and principal.department:
        scope |= Q(department=principal.department)
    return scope


def reads_cases(principal: Principal) -> bool:
    """Whether ``principal`` may read any case at all (the list answers 403 otherwise)."""
    return bool(principal.roles & (READS_EVERY_CASE | {"grid_member", "department"}))
