"""Progress of a running job, written in autocommit so the API sees it while the job works; the same write tells
the job whether it was cancelled (the task checks between its steps)."""
from __future__ import annotations

from .errors import JobCancelled
from .models import Job, JobState


def job_progress(job: Job, fraction: float, message: str = "") -> None:
    """Set ``job``'s progress (clamped to 0..1) and message unless it was cancelled; if it was, raise
    :class:`JobCancelled`. Call it between steps, outside the step's own transaction."""
    fraction = min(max(float(fraction), 0.0), 1.0)
    updated = Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(progress=fraction, message=message)
    if not updated:
        raise JobCancelled(str(job.pk))
    job.progress, job.message = fraction, message


def job_check(job: Job) -> None:
    """Raise :class:`JobCancelled` if ``job`` was cancelled, writing nothing: for the steps of a job that run inside
    one long transaction, where a progress write would hold the job's row locked until it commits."""
    if not Job.objects.filter(pk=job.pk, state=JobState.RUNNING).exists():
        raise JobCancelled(str(job.pk))
