"""``GET /api/dashboard``: the figures against an independent count over the ORM, who sees them, and the ETag."""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Max
from django.utils import timezone

from cases.loop import OPEN_STATES
from cases.models import Case
from layers.models import Incident
from tests.accounts.conftest import bearer

LOCAL = ZoneInfo("Asia/Shanghai")


def local_day(instant) -> date | None:
    return None if instant is None else instant.astimezone(LOCAL).date()


def expected(days: int) -> dict:
    last = local_day(Incident.objects.filter(case__isnull=False).aggregate(last=Max("reported_at"))["last"])
    first = last - timedelta(days=days - 1)
    cases = list(Case.objects.select_related("incident"))
    now = timezone.now()
    is_open = lambda c: c.state in OPEN_STATES  # noqa: E731
    overdue = lambda c: is_open(c) and c.deadline_at is not None and c.deadline_at < now  # noqa: E731
    filed = lambda c: first <= (local_day(c.incident.accepted_at) or date.min) <= last  # noqa: E731
    closed = lambda c: c.state == "closed" and first <= (local_day(c.incident.closed_at) or date.min) <= last  # noqa: E731
    grids: dict[str, Counter] = {}
    for c in cases:
        if c.incident.grid_id:
            grids.setdefault(c.incident.grid_id, Counter()).update(filed=filed(c), closed=closed(c), open=is_open(c))
    return {
        "from": first.isoformat(), "to": last.isoformat(),
        "totals": {"cases": len(cases), "open": sum(map(is_open, cases)), "overdue": sum(map(overdue, cases)),
                   "filed": sum(map(filed, cases)), "closed": sum(map(closed, cases))},
        "states": Counter(c.state for c in cases), "overdue": Counter(c.state for c in cases if overdue(c)),
        "filed_per_day": Counter(local_day(c.incident.accepted_at) for c in cases if filed(c)),
        "closed_per_day": Counter(local_day(c.incident.closed_at) for c in cases if closed(c)),
        "grids": grids,
        "heat": sum(1 for c in cases if is_open(c) or first <= local_day(c.incident.reported_at) <= last),
    }


def test_the_figures_match_an_independent_count(client, account, county_month):
    answer = client.get("/api/dashboard", **bearer(account("leader")[1]))
    assert answer.status_code == 200, answer.content
    body, want = answer.json(), expected(30)
    assert (body["from"], body["to"], body["days"]) == (want["from"], want["to"], 30) == ("2030-03-02", "2030-03-31", 30)
    assert body["totals"] == want["totals"] and body["totals"]["overdue"] >= 1
    assert {row["state"]: row["cases"] for row in body["states"]} == dict(want["states"])
    assert {row["state"]: row["overdue"] for row in body["states"] if row["overdue"]} == dict(want["overdue"])
    assert len(body["trend"]) == 30
    assert {row["day"]: row["filed"] for row in body["trend"] if row["filed"]} == {
        day.isoformat(): n for day, n in want["filed_per_day"].items()}
    assert {row["day"]: row["closed"] for row in body["trend"] if row["closed"]} == {
        day.isoformat(): n for day, n in want["closed_per_day"].items()}
    g1, g2 = county_month.grids
    for code in (g1, g2):
        got, count = body["grids"][code], want["grids"][code]
        assert (got["filed"], got["closed"], got["open"]) == (count["filed"], count["closed"], count["open"])
        assert got["closure_rate"] == pytest.approx(count["closed"] / count["filed"], abs=1e-4)
    assert len(body["heat"]) == want["heat"]
    departments = {row["department"]: row for row in body["departments"]}
    assert departments["县住建局"]["overdue"] == 1 and "" not in departments


def test_days_and_bad_parameters(client, account, county_month):
    token = account("dispatcher")[1]
    week = client.get("/api/dashboard", {"days": "7"}, **bearer(token)).json()
    assert (week["from"], len(week["trend"])) == ("2030-03-25", 7)
    for params, parameter in (({"days": "0"}, "days"), ({"days": "367"}, "days"), ({"days": "x"}, "days"),
                              ({"day": "7"}, "day")):
        refused = client.get("/api/dashboard", params, **bearer(token))
        assert refused.status_code == 400 and refused.json()["parameter"] == parameter


def test_an_unchanged_answer_is_a_304_and_a_change_a_new_etag(client, account, county_month):
    headers = bearer(account("shift_leader")[1])
    first = client.get("/api/dashboard", **headers)
    again = client.get("/api/dashboard", HTTP_IF_NONE_MATCH=first["ETag"], **headers)
    assert again.status_code == 304 and again["ETag"] == first["ETag"] and again.content == b""
    Case.objects.filter(state="dispatched").update(state="handling")
    changed = client.get("/api/dashboard", HTTP_IF_NONE_MATCH=first["ETag"], **headers)
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


@pytest.mark.parametrize("role, status", [("leader", 200), ("shift_leader", 200), ("dispatcher", 200),
                                          ("admin", 200), ("operator", 403), ("grid_member", 403),
                                          ("department", 403), ("gis_editor", 403)])
def test_who_sees_the_figures(client, account, role, status):
    answer = client.get("/api/dashboard", **bearer(account(role)[1]))
    assert answer.status_code == status, answer.content


def test_anonymous_is_401(client):
    answer = client.get("/api/dashboard")
    assert answer.status_code == 401 and answer.json()["parameter"] == "Authorization"


def test_the_page_sends_anonymous_browsers_to_sign_in_and_refuses_other_roles(client, account):
    assert client.get("/dashboard/")["Location"] == "/accounts/login?next=/dashboard/"
    user, _ = account("operator")
    client.force_login(user)
    assert client.get("/dashboard/").status_code == 403
    leader, _ = account("leader")
    client.force_login(leader)
    page = client.get("/dashboard/")
    assert page.status_code == 200
    html = page.content.decode()
    for asset in ("maps/vendor/echarts/echarts.min.js", "vendor/maplibre-gl/maplibre-gl.js",
                  "maps/vendor/noto-sans-sc/400.css", "dashboard/dashboard.js"):
        assert asset in html
    assert "/api/dashboard" in html and "http://" not in html.replace("http://www.w3.org", "")


def test_the_openapi_document_describes_the_figures(client):
    document = client.get("/openapi.json").json()
    operation = document["paths"]["/api/dashboard"]["get"]
    assert operation["parameters"][0]["name"] == "days" and operation["parameters"][0]["schema"]["maximum"] == 366
    assert set(operation["responses"]) == {"200", "304", "400", "401", "403"}
    assert "heat" in document["components"]["schemas"]["dashboardFigures"]["required"]
