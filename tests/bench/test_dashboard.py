"""The dashboard benchmark times the very statements the endpoints run (same text, same parameters) and reports its
target."""
from __future__ import annotations

from django.db import connection

from bench import dashboard as bench
from tests.accounts.conftest import account  # noqa: F401  (fixture)
from tests.cases.evaluation.conftest import month  # noqa: F401  (fixture)


def test_its_floors_are_the_endpoints_statements(client, account, month):
    leader = {"HTTP_AUTHORIZATION": f"Bearer {account('leader')[1]}"}
    for name, path, sql, params in bench.cases():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        answer = client.get(path, **leader)
        assert answer.status_code == 200, (name, answer.content)
        if name == "dashboard":
            assert answer.content.decode() == rows[0][0]
        else:
            assert [row[0] for row in rows] == [row["code"] for row in answer.json()["rows"]]
            assert [row[2] for row in rows] == [row["filed"] for row in answer.json()["rows"]]
            assert answer.json()["to"] == "2030-03-31" and sum(row[2] for row in rows) > 0


def test_the_report_gives_the_ratio_and_the_target():
    lines = bench.report({"cases": 9, "rounds": 5, "figures": {
        "dashboard": {"path": "/api/dashboard", "ours_ms": 12.0, "floor_ms": 10.0, "ratio": 1.2}}})
    assert lines[1].endswith("1.20x (target <= 1.5x)") and "9 cases" in lines[0]
