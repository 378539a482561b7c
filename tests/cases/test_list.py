"""``GET /api/cases``: the filters, the caller's scope, personal data only to the roles the incidents layer grants
it, paging, and bad filters as 400s naming the parameter."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Case
from tests.accounts.conftest import bearer


def listed(client, token: str, **params) -> list[int]:
    answer = client.get("/api/cases", params, **bearer(token))
    assert answer.status_code == 200, answer.content
    return [case["id"] for case in answer.json()["cases"]]


def test_filters_by_state_grid_class_department_overdue_and_period(client, phone_case, crew_for, act):
    first, second = phone_case(), phone_case(event_class="0101")
    crew = crew_for(first)
    act(crew.operator, first.pk, "file")
    act(crew.dispatcher, first.pk, "dispatch")
    ops = crew.operator
    dispatched = listed(client, ops, state="dispatched")
    assert first.pk in dispatched and second.pk not in dispatched
    assert {first.pk, second.pk} <= set(listed(client, ops, state="dispatched,reported"))
    assert {first.pk, second.pk} <= set(listed(client, ops, grid=first.grid_id))
    assert listed(client, ops, grid="000000000000000") == []
    street_order = listed(client, ops, **{"class": "04"})
    assert first.pk in street_order and second.pk not in street_order
    assert second.pk in listed(client, ops, **{"class": "0101"})
    town = listed(client, ops, department=first.grid.town.name, limit=500)  # with the seeded year's cases of the town
    assert first.pk in town and second.pk not in town
    Case.objects.filter(pk=first.pk).update(deadline_at=timezone.now() - timedelta(minutes=1))
    assert first.pk in listed(client, ops, overdue="true") and second.pk not in listed(client, ops, overdue="true")
    assert first.pk not in listed(client, ops, overdue="false")
    today = timezone.localdate()
    assert first.pk in listed(client, ops, period=f"{today}/{today}")
    assert first.pk not in listed(client, ops, period=f"../{today - timedelta(days=400)}")
    assert listed(client, ops, period="../2022-05-31") == []  # before the seeded year


def test_scope_of_grid_members_and_departments(client, phone_case, crew_for, act):
    incident = phone_case()
    crew = crew_for(incident)
    assert incident.pk in listed(client, crew.grid_member)
    assert incident.pk not in listed(client, crew.other_grid_member)
    assert incident.pk not in listed(client, crew.department)
    act(crew.operator, incident.pk, "file")
    act(crew.dispatcher, incident.pk, "dispatch")
    assert incident.pk in listed(client, crew.department)
    assert incident.pk not in listed(client, crew.other_department)
    assert incident.pk in listed(client, crew.leader)


def test_personal_data_follows_the_incidents_layer(client, phone_case, crew_for, redeclared):
    incident = phone_case()
    crew = crew_for(incident)
    (case,) = [c for c in client.get("/api/cases", **bearer(crew.operator)).json()["cases"] if c["id"] == incident.pk]
    assert case["reporter"] == {"name": "王小明", "phone": "13903531234", "email": None}
    redeclared("incidents", restricted_read_roles=("operator",))
    member = client.get("/api/cases", **bearer(crew.grid_member)).json()["cases"]
    assert member and all("reporter" not in c for c in member)
    detail = client.get(f"/api/cases/{incident.pk}", **bearer(crew.grid_member))
    assert "13903531234" not in detail.content.decode() and "王小明" not in detail.content.decode()


def test_pages(client, phone_case, crew_for):
    incidents = [phone_case() for _ in range(3)]
    crew = crew_for(incidents[0])
    first = client.get("/api/cases", {"limit": 2}, **bearer(crew.operator)).json()
    assert len(first["cases"]) == 2 and first["next_offset"] == 2 and first["total"] >= 3
    second = client.get("/api/cases", {"limit": 2, "offset": 2}, **bearer(crew.operator)).json()
    assert not {c["id"] for c in first["cases"]} & {c["id"] for c in second["cases"]}
    assert [c["id"] for c in first["cases"]][:2] == [incidents[2].pk, incidents[1].pk]


@pytest.mark.parametrize(("params", "parameter"), [
    ({"state": "lost"}, "state"), ({"overdue": "maybe"}, "overdue"), ({"class": "4"}, "class"),
    ({"limit": "0"}, "limit"), ({"offset": "-1"}, "offset"), ({"period": "2026-12-01"}, "period"),
    ({"period": "2026-12-02/2026-12-01"}, "period"), ({"colour": "red"}, "colour"),
])
def test_bad_filters_are_400_naming_the_parameter(client, account, params, parameter):
    _, token = account("operator")
    answer = client.get("/api/cases", params, **bearer(token))
    assert answer.status_code == 400 and answer.json()["parameter"] == parameter


def test_a_detail_answers_304_to_its_etag(client, phone_case, crew_for):
    incident = phone_case()
    crew = crew_for(incident)
    first = client.get(f"/api/cases/{incident.pk}", **bearer(crew.operator))
    again = client.get(f"/api/cases/{incident.pk}", HTTP_IF_NONE_MATCH=first["ETag"], **bearer(crew.operator))
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
