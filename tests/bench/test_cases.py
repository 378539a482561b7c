"""The case-loop benchmark moves only cases of its own, made on incidents that have none, and reports its target."""
from __future__ import annotations

import pytest

from bench import cases as bench
from cases.models import Case


def test_its_cases_are_new_and_dispatched(db):
    ids = bench.bench_cases(3)
    assert set(Case.objects.filter(pk__in=ids).values_list("state", flat=True)) == {"dispatched"}
    assert len(set(ids)) == 3 and not set(bench.bench_cases(2)) & set(ids)


def test_a_county_without_enough_incidents_stops_the_run(db):
    with pytest.raises(RuntimeError, match="incidents without a case"):
        bench.bench_cases(10**7)


def test_the_report_gives_the_difference_and_the_target():
    figures = {"p50_ms": 2.0, "p95_ms": 3.0, "n": 10}
    lines = bench.report({"cases": 20, "rounds": 4, "ours": figures, "floor": figures, "p95_difference_ms": 0.0})
    assert lines[-1] == "  p95 ours - floor 0.00 ms (target <= 5 ms)"
