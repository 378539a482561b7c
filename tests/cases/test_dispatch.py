"""Where a case is dispatched: the admin's rule table first (the longest matching class code), else CJ/T 214 (a
component's problem to its owner department, an event to its territory); the table is edited in the admin."""
from __future__ import annotations

import pytest

from cases.dispatch import dispatch_department
from cases.models import DispatchRule


@pytest.mark.parametrize(("rules", "event_class", "owner", "expected"), [
    ({}, "0401", None, "冠山镇"),
    ({}, None, "县市政公用事业服务中心", "县市政公用事业服务中心"),
    ({"04": "县城市管理综合执法局"}, "0401", None, "县城市管理综合执法局"),
    ({"04": "县城市管理综合执法局", "0401": "县市场监督管理局"}, "0401", None, "县市场监督管理局"),
    ({"04": "县城市管理综合执法局"}, "0101", None, "冠山镇"),
    ({"": "县数字化城市管理中心"}, "0101", "县市政公用事业服务中心", "县数字化城市管理中心"),
    ({"04": ""}, "0401", None, "冠山镇"),
])
def test_the_rule_table_then_the_standard(db, rules, event_class, owner, expected):
    for code, department in rules.items():
        DispatchRule.objects.create(event_class=code, department=department)
    assert dispatch_department(event_class=event_class, component_owner=owner, territory="冠山镇") == expected


def test_a_dispatch_follows_the_rule_the_admin_set(client, phone_case, crew_for, act):
    DispatchRule.objects.create(event_class="04", department="县城市管理综合执法局")
    incident = phone_case()
    crew = crew_for(incident)
    act(crew.operator, incident.pk, "file")
    view = client.get(f"/api/cases/{incident.pk}", HTTP_AUTHORIZATION=f"Bearer {crew.dispatcher}").json()
    assert view["dispatch"]["suggested_department"] == "县城市管理综合执法局"
    assert act(crew.dispatcher, incident.pk, "dispatch").json()["department"] == "县城市管理综合执法局"


def test_a_dispatcher_sees_nearby_open_cases(client, phone_case, crew_for):
    first, second = phone_case(), phone_case(event_class="0101", description="同一地点另一类问题")
    crew = crew_for(first)
    view = client.get(f"/api/cases/{second.pk}", HTTP_AUTHORIZATION=f"Bearer {crew.dispatcher}").json()
    nearby = view["dispatch"]["nearby_open_cases"]
    assert nearby[0]["id"] == first.pk and nearby[0]["distance_m"] < 1.0
    operator = client.get(f"/api/cases/{second.pk}", HTTP_AUTHORIZATION=f"Bearer {crew.operator}").json()
    assert "dispatch" not in operator


def test_the_rule_table_is_edited_by_admins_only(client, account):
    admin_user, _ = account("admin")
    client.force_login(admin_user)
    assert client.get("/admin/cases/dispatchrule/").status_code == 200
    page = client.post("/admin/cases/dispatchrule/add/", {"event_class": "05", "department": "县应急管理局"})
    assert page.status_code == 302 and DispatchRule.objects.get(event_class="05").department == "县应急管理局"
    assert client.post("/admin/cases/dispatchrule/add/", {"event_class": "5", "department": "x"}).status_code == 200
    assert not DispatchRule.objects.filter(event_class="5").exists()
    member, _ = account("department", department="冠山镇")
    client.force_login(member)
    assert client.get("/admin/cases/dispatchrule/").status_code == 403
