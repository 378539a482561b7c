"""Writes of the job queue: enqueue (from code, or started by a caller over the API) and cancel. Keyword-only,
atomic."""
from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from .errors import JobFinished, JobNotAllowed
from .models import FINISHED, Job, JobState
from .registry import api_start, check_params, kind_function
from .tasks import run_job


@transaction.atomic
def job_enqueue(*, kind: str, owner: AbstractBaseUser, params: dict[str, Any] | None = None) -> Job:
    """A new queued :class:`Job` of ``kind`` for ``owner``, and its queue entry, in one transaction (the worker sees
    both or neither). ``params`` (JSON-able) are the kind function's keyword arguments."""
    kind_function(kind)
    job = Job.objects.create(kind=kind, owner=owner, params=dict(params or {}))
    run_job.enqueue(str(job.pk))
    return job


def job_start(*, kind: str, owner: AbstractBaseUser, roles: frozenset[str], params: dict[str, Any]) -> Job:
    """A job of ``kind`` started by a caller with ``roles`` (``POST /api/jobs``): 400 for a kind the API does not
    start or params that do not fit it, 403 for a role the kind does not allow; else :func:`job_enqueue`."""
    start = api_start(kind)
    if not start.roles & roles:
        raise JobNotAllowed(f"A {kind} job is started by {' or '.join(sorted(start.roles))} only.", parameter="kind")
    check_params(kind, params)
    if start.check is not None:
        start.check(params)
    return job_enqueue(kind=kind, owner=owner, params=params)


@transaction.atomic
def job_cancel(*, job: Job) -> Job:
    """Cancel a queued or running ``job``: a queued one never starts, a running one stops at its next step.
    A finished job is a 409."""
    locked = Job.objects.select_for_update().get(pk=job.pk)
    if locked.state in FINISHED:
        raise JobFinished(f"Job {job.pk} has already {locked.state}; only a queued or running job can be cancelled.")
    locked.state = JobState.CANCELLED
    locked.finished = timezone.now()
    locked.message = "cancelled"
    locked.save(update_fields=["state", "finished", "message"])
    return locked
