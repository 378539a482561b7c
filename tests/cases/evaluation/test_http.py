"""``GET /api/evaluation`` over HTTP: who reads which rows, a case driven through the loop counted the day it was
filed, and bad parameters answered 400 naming them."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.accounts.conftest import bearer

from .conftest import FIRST, LAST

MONTH = {"from": FIRST.isoformat(), "to": LAST.isoformat()}
FIELDS = {"code", "name", "filed", "closed", "closure_rate", "on_time_rate", "rework_rate", "mean_handling_hours",
          "patrol_coverage"}


def get(client, token: str | None, **params):
    return client.get("/api/evaluation", params, **(bearer(token) if token else {}))


@pytest.mark.parametrize("role", ["leader", "shift_leader", "admin"])
def test_the_centre_reads_every_grouping(client, account, month, role):
    token = account(role)[1]
    towns = get(client, token, by="town", **MONTH)
    assert towns.status_code == 200, towns.content
    body = towns.json()
    assert (body["from"], body["to"], body["by"], body["handling_hours"]) == ("2030-03-01", "2030-03-31", "town",
                                                                                "working")
    assert len(body["rows"]) == 10 and all(set(row) == FIELDS for row in body["rows"])
    assert sum(row["filed"] for row in body["rows"]) == 5
    (county,) = get(client, token, by="county", **MONTH).json()["rows"]
    assert (county["code"], county["name"], county["filed"], county["closed"]) == ("140321", "平定县", 5, 1)
    assert county["closure_rate"] == 0.2 and county["rework_rate"] == 0.2 and county["on_time_rate"] == 0.6667


def test_a_department_reads_its_own_row_only(client, account, month):
    token = account("department", department="县住建局")[1]
    rows = get(client, token, by="department", **MONTH).json()["rows"]
    assert [(r["code"], r["filed"]) for r in rows] == [("县住建局", 1)]
    refused = get(client, token, by="town", **MONTH)
    assert refused.status_code == 403 and refused.json()["parameter"] == "by"


def test_a_grid_member_reads_its_grids(client, account, month):
    g1, g2 = month.grids
    token = account("grid_member", grids=[g1])[1]
    rows = get(client, token, by="grid", **MONTH).json()["rows"]
    assert [(r["code"], r["filed"]) for r in rows] == [(g1, 3)] and rows[0]["patrol_coverage"] > 0
    assert get(client, token, by="county", **MONTH).status_code == 403


@pytest.mark.parametrize("role", ["dispatcher", "operator", "gis_editor"])
def test_other_roles_are_refused(client, account, role):
    answer = get(client, account(role)[1], by="town", **MONTH)
    assert answer.status_code == 403 and answer.json()["parameter"] == "Authorization"


def test_anonymous_is_401_before_its_parameters(client):
    answer = get(client, None, by="nonsense")
    assert answer.status_code == 401 and answer.json()["parameter"] == "Authorization"


def test_a_case_driven_through_the_loop_counts_the_day_it_was_filed(client, account, phone_case, crew_for, act):
    incident = phone_case()
    crew = crew_for(incident)
    assert act(crew.operator, incident.pk, "file").status_code == 200
    assert act(crew.dispatcher, incident.pk, "dispatch").status_code == 200
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    rows = get(client, crew.leader, by="grid", **{"from": today, "to": today}).json()["rows"]
    (row,) = [r for r in rows if r["code"] == incident.grid_id]
    assert (row["filed"], row["closed"], row["closure_rate"], row["on_time_rate"]) == (1, 0, 0.0, None)
    town = get(client, crew.department, by="department", **{"from": today, "to": today}).json()["rows"]
    assert [(r["code"], r["filed"]) for r in town] == [(incident.grid.town.name, 1)]


@pytest.mark.parametrize("params, parameter", [
    ({"to": "2030-03-31", "by": "town"}, "from"),
    ({"from": "2030-03-01", "by": "town"}, "to"),
    ({"from": "2030-3-1", "to": "2030-03-31", "by": "town"}, "from"),
    ({"from": "2030-03-01", "to": "2030-02-31", "by": "town"}, "to"),
    ({"from": "2030-03-01", "to": "2030-02-28", "by": "town"}, "to"),
    ({"from": "2029-01-01", "to": "2030-03-31", "by": "town"}, "to"),
    ({"from": "9999-12-31", "to": "9999-12-31", "by": "town"}, "from"),
    ({"from": "0001-01-01", "to": "0001-01-02", "by": "town"}, "from"),
    ({"from": "2030-03-01", "to": "2030-03-31"}, "by"),
    ({"from": "2030-03-01", "to": "2030-03-31", "by": "village"}, "by"),
    ({"from": "2030-03-01", "to": "2030-03-31", "by": "town", "grid": "1"}, "grid"),
])
def test_bad_parameters_are_400_naming_them(client, account, params, parameter):
    answer = client.get("/api/evaluation", params, **bearer(account("leader")[1]))
    assert answer.status_code == 400, answer.content
    assert answer.json()["parameter"] == parameter


def test_the_openapi_document_describes_it(client):
    document = client.get("/openapi.json").json()
    operation = document["paths"]["/api/evaluation"]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["from", "to", "by"]
    assert operation["parameters"][2]["schema"]["enum"] == ["county", "town", "grid", "department"]
    row = document["components"]["schemas"]["evaluationRow"]
    assert set(row["required"]) == FIELDS
