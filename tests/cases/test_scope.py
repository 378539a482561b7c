"""Who reads which case: one rule (``cases.scope.case_scope``) and its SQL spelling for a step's read
(``cases.case_sql.scope_sql``) give the same answer for every kind of caller."""
from __future__ import annotations

import pytest

from accounts.principal import Principal
from cases.case_sql import case_row
from cases.models import Case
from cases.scope import case_scope


@pytest.mark.parametrize(("roles", "own_grid", "own_department", "reads"), [
    ({"operator"}, False, False, True),
    ({"dispatcher"}, False, False, True),
    ({"shift_leader"}, False, False, True),
    ({"leader"}, False, False, True),
    ({"admin"}, False, False, True),
    ({"grid_member"}, True, False, True),
    ({"grid_member"}, False, False, False),
    ({"department"}, False, True, True),
    ({"department"}, False, False, False),
    ({"grid_member", "department"}, False, True, True),
    ({"gis_editor"}, True, True, False),
    ({"reporter"}, True, True, False),
    (set(), True, True, False),
])
def test_the_rule_and_its_sql_agree(phone_case, roles, own_grid, own_department, reads):
    incident = phone_case()
    Case.objects.filter(pk=incident.pk).update(department="冠山镇")
    principal = Principal(user_id=1 if roles else None, roles=roles,
                          grids={incident.grid_id if own_grid else "140321999999999"},
                          department="冠山镇" if own_department else "县水务局")
    scope = case_scope(principal)
    by_orm = Case.objects.filter(*(() if scope is None else (scope,))).filter(pk=incident.pk).exists()
    by_sql = case_row(case_id=incident.pk, principal=principal) is not None
    assert by_orm == by_sql == reads


def test_a_case_row_carries_what_a_step_needs(phone_case):
    incident = phone_case()
    case = case_row(case_id=incident.pk, principal=Principal(user_id=1, roles={"operator"}))
    assert case.incident.code == incident.code and case.incident.status == "reported"
    assert (case.incident.geom.x, case.incident.geom.y) == (incident.geom.x, incident.geom.y)
    assert case.incident.report.reporter_email == "" and case.version == 1
    assert [step["action"] for step in case.step_rows] == ["report"]
