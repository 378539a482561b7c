"""The evaluation's figures against an independent computation in Python over the month of cases of ``month``:
the definitions of docs/api.md spelt out step by step, working hours from ``cases.worktime.hours`` and patrol
coverage from the patrols' own per-day selector."""
from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from cases.evaluation.selectors import Period, Scope, evaluation_rows
from cases.patrols.selectors import grid_coverage
from cases.worktime.hours import working_hours_between

from .conftest import FIRST, LAST, LOCAL, PATROL_DAY

START = datetime.combine(FIRST, time(), LOCAL)
END = datetime.combine(LAST + timedelta(days=1), time(), LOCAL)


def expected(made, key) -> dict[str, dict]:
    """Per group (``key(case)``), the figures computed from the cases' steps as the definitions say."""
    groups: dict[str, dict] = {}
    for case, steps in made.cases:
        if case.state in ("reported", "rejected"):
            continue
        steps = [s for s in steps if s[1] < END]
        files = [when for action, when, _ in steps if action == "file"]
        filed_at = files[0] if files else case.incident.accepted_at
        if not START <= filed_at < END:
            continue
        closes = [when for action, when, _ in steps if action == "close"]
        fed = [(when, steps[i - 1][2]) for i, (action, when, _) in enumerate(steps) if action == "feed_back"]
        dispatches = [when for action, when, _ in steps if action == "dispatch"]
        row = groups.setdefault(key(case), {"filed": 0, "closed": 0, "fed": 0, "on_time": 0, "reworked": 0,
                                            "hours": []})
        row["filed"] += 1
        row["closed"] += case.state == "closed" and bool(closes) and closes[-1] < END
        row["fed"] += bool(fed)
        row["on_time"] += bool(fed) and all(deadline is None or when <= deadline for when, deadline in fed)
        row["reworked"] += any(action == "reopen" for action, _, _ in steps)
        if dispatches and fed:
            row["hours"].append(working_hours_between(dispatches[0], fed[-1][0]))
    return groups


def coverage_of(grids: list[str]) -> float:
    """Mean coverage of the grid-days of the month over ``grids`` that have roads (no tracks: 0)."""
    with_roads = [g.code for g in grid_coverage(day=FIRST) if g.code in grids and g.road_m > 0]
    covered = [g.coverage for g in grid_coverage(day=PATROL_DAY) if g.code in with_roads and g.coverage is not None]
    return sum(covered) / (len(with_roads) * ((LAST - FIRST).days + 1))


def check(row, want: dict) -> None:
    assert (row.filed, row.closed, row.fed_back, row.on_time, row.reworked) == (
        want["filed"], want["closed"], want["fed"], want["on_time"], want["reworked"])
    if want["hours"]:
        assert row.mean_handling_hours == pytest.approx(sum(want["hours"]) / len(want["hours"]), abs=1e-6)
    else:
        assert row.mean_handling_hours is None


def test_by_grid_matches_the_steps(month):
    rows = {r.code: r for r in evaluation_rows(by="grid", period=Period(FIRST, LAST))}
    want = expected(month, lambda case: case.incident.grid_id)
    g1, g2 = month.grids
    assert set(want) == {g1, g2}
    check(rows[g1], want[g1])
    check(rows[g2], want[g2])
    assert (rows[g1].filed, rows[g1].closed, rows[g1].reworked) == (3, 1, 1)
    assert rows[g1].closure_rate == pytest.approx(1 / 3) and rows[g1].on_time_rate == pytest.approx(1 / 2)
    assert (rows[g2].filed, rows[g2].closed, rows[g2].on_time_rate) == (2, 0, 1.0)
    others = [r for code, r in rows.items() if code not in month.grids]
    assert others and all(r.filed == 0 and r.closure_rate is None for r in others)
    assert rows[g1].patrol_coverage == pytest.approx(coverage_of([g1]), abs=1e-9)
    assert rows[g1].patrol_coverage > 0 and rows[g2].patrol_coverage == 0


def test_by_town_county_and_department(month):
    towns = {r.code: r for r in evaluation_rows(by="town", period=Period(FIRST, LAST))}
    want = expected(month, lambda case: case.incident.grid.town_id)
    for town in month.towns:
        check(towns[town], want[town])
    grids_of_town = [g.code for g in grid_coverage(day=FIRST, town=month.towns[0])]
    assert towns[month.towns[0]].patrol_coverage == pytest.approx(coverage_of(grids_of_town), abs=1e-9)

    (county,) = evaluation_rows(by="county", period=Period(FIRST, LAST))
    check(county, expected(month, lambda case: "county")["county"])
    assert county.code == "140321" and county.filed == 5

    departments = {r.code: r for r in evaluation_rows(by="department", period=Period(FIRST, LAST))}
    want = expected(month, lambda case: case.department)
    assert set(departments) == set(want) == {"县城管局", "县住建局", ""}
    for name, figures in want.items():
        check(departments[name], figures)
    assert departments[""].name == "未派遣" and departments["县城管局"].patrol_coverage is None


def test_scope_restricts_the_cases(month):
    g1, g2 = month.grids
    rows = evaluation_rows(by="grid", period=Period(FIRST, LAST), scope=Scope(grids=(g2,)))
    assert [r.code for r in rows] == [g2] and rows[0].filed == 2
    (own,) = evaluation_rows(by="department", period=Period(FIRST, LAST), scope=Scope(department="县住建局"))
    assert (own.code, own.filed) == ("县住建局", 1)


def test_a_period_before_the_cases_counts_none(month):
    rows = evaluation_rows(by="town", period=Period(FIRST - timedelta(days=10), FIRST - timedelta(days=3)))
    assert sum(r.filed for r in rows) == 0 and all(r.patrol_coverage == 0 for r in rows if r.patrol_coverage is not None)
