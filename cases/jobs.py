"""The job kind ``escalate``: one sweep of :func:`cases.escalation.cases_escalate`. Every job worker runs it each
``PINGDING_CASES_ESCALATE_MINUTES`` (``jobs.registry.run_every``); ``manage.py cases_escalate`` sweeps once (``--every
N``: every N minutes, without a worker; ``--job``: on the queue)."""
from __future__ import annotations

from jobs.registry import job_kind, run_every

from . import conf
from .escalation import cases_escalate


@job_kind("escalate")
def escalate_job(job) -> dict:
    """Escalate the overdue cases; the result counts them and names the first hundred."""
    escalated = cases_escalate()
    return {"escalated": len(escalated), "cases": escalated[:100]}


run_every("escalate", lambda: 60.0 * float(conf.get("PINGDING_CASES_ESCALATE_MINUTES")))
