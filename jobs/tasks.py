"""The one queue task: run the :class:`~jobs.models.Job` it names with the function of its kind.

The queue (django-tasks' database backend) only carries the job id; state, progress and result live on our row.
A job cancelled while queued is skipped; one cancelled while running stops at its next ``jobs.progress`` call."""
from __future__ import annotations

import logging
import os
import socket
import traceback

from django.db.models import F
from django.utils import timezone
from django_tasks import task

from .errors import JobCancelled
from .models import Job, JobState
from .registry import kind_function

logger = logging.getLogger("pingding.jobs")
HOST = socket.gethostname()


def _finish(job: Job, state: str, **fields) -> None:
    Job.objects.filter(pk=job.pk).exclude(state=JobState.CANCELLED).update(
        state=state, finished=timezone.now(), **fields)


def run_job_now(job_id: str) -> str:
    """Run the job ``job_id`` in this process (the worker calls this); returns its final state. The running job
    records this process (``host:pid``) with its first heartbeat, and counts the start in ``attempts``."""
    now = timezone.now()
    started = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started=now, heartbeat=now, worker=f"{HOST}:{os.getpid()}",
        attempts=F("attempts") + 1)
    if not started:
        return Job.objects.filter(pk=job_id).values_list("state", flat=True).first() or "missing"
    job = Job.objects.get(pk=job_id)
    try:
        result = kind_function(job.kind)(job, **job.params)
    except JobCancelled:
        logger.info("job %s (%s) stopped: cancelled", job.pk, job.kind)
    except Exception as error:  # the job's failure is recorded on its row, not raised into the worker
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, JobState.FAILED, error=f"{type(error).__name__}: {error}",
                message=traceback.format_exception_only(error)[-1].strip()[:500])
    else:
        file = result.pop("file", "") if isinstance(result, dict) else ""
        _finish(job, JobState.SUCCEEDED, progress=1.0, result=result, result_file=str(file or ""))
    return Job.objects.get(pk=job_id).state


@task()
def run_job(job_id: str) -> str:
    return run_job_now(job_id)
