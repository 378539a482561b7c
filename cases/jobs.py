"""The job kind ``escalate``: one sweep of :func:`cases.escalation.cases_escalate` on the queue
(``manage.py cases_escalate --job``); ``manage.py cases_escalate --every N`` runs it every N minutes beside the worker."""
from __future__ import annotations

from jobs.registry import job_kind

from .escalation import cases_escalate


@job_kind("escalate")
def escalate_job(job) -> dict:
    """Escalate the overdue cases; the result counts them and names the first hundred."""
    escalated = cases_escalate()
    return {"escalated": len(escalated), "cases": escalated[:100]}
