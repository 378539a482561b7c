"""The case-loop benchmark moves only cases of its own, made in place of cases the seed opened for recent incidents
(given back as they were after the run), and reports its target."""
from __future__ import annotations

import pytest

from bench import cases as bench
from cases.models import Case, CaseStep


def test_its_cases_are_new_and_dispatched(db):
    ids = bench.bench_cases(3)
    assert set(Case.objects.filter(pk__in=ids).values_list("state", flat=True)) == {"dispatched"}
    assert len(set(ids)) == 3 and not set(bench.bench_cases(2)) & set(ids)


def test_a_county_without_enough_incidents_stops_the_run(db):
    with pytest.raises(RuntimeError, match="recent incidents with a case just opened"):
        bench.bench_cases(10**7)


def test_the_runs_cases_are_given_back_as_the_seed_opened_them(db):
    seeded = dict(Case.objects.filter(steps__isnull=False).order_by("pk").values_list("pk", "state"))
    ids = bench.bench_cases(4)
    assert set(Case.objects.filter(pk__in=ids).values_list("state", flat=True)) == {"dispatched"}
    assert not CaseStep.objects.filter(case_id__in=ids).exists()
    bench.restore_cases(ids)
    assert dict(Case.objects.filter(pk__in=ids).values_list("pk", "state")) == {i: seeded[i] for i in ids}
    assert list(CaseStep.objects.filter(case_id__in=ids).values_list("action", flat=True)) == ["report"] * 4


def test_the_report_gives_the_difference_and_the_target():
    figures = {"p50_ms": 2.0, "p95_ms": 3.0, "n": 10}
    lines = bench.report({"cases": 20, "rounds": 4, "ours": figures, "floor": figures, "p95_difference_ms": 0.0})
    assert lines[-1] == "  p95 ours - floor 0.00 ms (target <= 5 ms)"
