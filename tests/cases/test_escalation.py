"""Escalation up the five levels: a sweep with a fixed clock raises an overdue case one level with a system step,
never twice for the same deadline, again when a later deadline passes, and never past the county leader."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from cases.escalation import cases_escalate
from cases.models import Case, CaseStep
from jobs.housekeeping import periodic_run
from jobs.registry import kind_function
from tests.accounts.conftest import bearer

CST = ZoneInfo("Asia/Shanghai")
FRIDAY_CLOSE = datetime(2023, 5, 26, 17, 30, tzinfo=CST)
SATURDAY = datetime(2023, 5, 27, 10, 0, tzinfo=CST)
MONDAY = datetime(2023, 5, 29, 12, 0, tzinfo=CST)


@pytest.fixture
def overdue(phone_case):
    """``overdue(deadline, **fields)``: a reported case whose deadline is ``deadline``."""

    def make(deadline: datetime, **fields) -> Case:
        case = Case.objects.get(pk=phone_case().pk)
        Case.objects.filter(pk=case.pk).update(deadline_at=deadline, **fields)
        return Case.objects.get(pk=case.pk)

    return make


def test_an_overdue_case_goes_up_one_level_once_per_deadline(overdue):
    case = overdue(FRIDAY_CLOSE)
    assert case.pk in cases_escalate(now=SATURDAY)
    after = Case.objects.get(pk=case.pk)
    assert (after.level, after.version, after.state) == (2, case.version + 1, "reported")
    step = CaseStep.objects.get(case=case, action="escalate")
    assert (step.role, step.actor_id, step.deadline_at, step.at) == ("system", None, FRIDAY_CLOSE, SATURDAY)
    assert (step.from_state, step.to_state, step.reason) == ("reported", "reported", "overdue")
    assert "社区" in step.note
    assert case.pk not in cases_escalate(now=MONDAY)          # the same deadline: not again
    assert Case.objects.get(pk=case.pk).level == 2

    Case.objects.filter(pk=case.pk).update(deadline_at=datetime(2023, 5, 29, 10, 0, tzinfo=CST))
    assert case.pk in cases_escalate(now=MONDAY)              # a later deadline passed: the town
    assert Case.objects.get(pk=case.pk).level == 3
    assert CaseStep.objects.filter(case=case, action="escalate").count() == 2


def test_cases_in_time_closed_or_at_the_top_stay(overdue):
    in_time = overdue(MONDAY)
    closed = overdue(FRIDAY_CLOSE, state="closed")
    top = overdue(FRIDAY_CLOSE, level=5)
    suspended = overdue(None, state="suspended")
    escalated = cases_escalate(now=SATURDAY)
    assert not {in_time.pk, closed.pk, top.pk, suspended.pk} & set(escalated)
    assert Case.objects.get(pk=top.pk).level == 5 and Case.objects.get(pk=closed.pk).level == 1


def test_the_case_document_shows_the_level_and_the_system_step(client, overdue, account):
    case = overdue(FRIDAY_CLOSE)
    cases_escalate()  # the clock: after the report
    body = client.get(f"/api/cases/{case.pk}", **bearer(account("leader")[1])).json()
    assert body["level"] == 2
    assert [s["action"] for s in body["steps"]] == ["report", "escalate"]
    assert body["steps"][-1]["role"] == "system" and body["steps"][-1]["actor"] is None


def test_the_job_kind_and_the_command_sweep(overdue, capsys):
    first = overdue(FRIDAY_CLOSE)
    result = kind_function("escalate")(None)
    assert first.pk in result["cases"] and result["escalated"] >= 1
    call_command("cases_escalate")
    assert "escalated 0 case(s)" in capsys.readouterr().out
    assert Case.objects.get(pk=first.pk).level == 2


def test_every_worker_sweeps_on_the_schedule(overdue, settings):
    settings.PINGDING_CASES_ESCALATE_MINUTES = 5
    case = overdue(FRIDAY_CLOSE)
    due = periodic_run({}, now=1000.0)
    assert due["escalate"] == 1000.0 + 300 and Case.objects.get(pk=case.pk).level == 2
    Case.objects.filter(pk=case.pk).update(deadline_at=SATURDAY)
    assert periodic_run(due, now=1299.0) == due                              # not due yet: nothing runs
    assert Case.objects.get(pk=case.pk).level == 2
    assert periodic_run(due, now=1300.0)["escalate"] == 1600.0
    assert Case.objects.get(pk=case.pk).level == 3


def test_the_command_refuses_a_period_that_is_not_positive():
    with pytest.raises(CommandError, match="--every must be a positive number of minutes, got 0.0"):
        call_command("cases_escalate", every=0.0)
