"""Reads of the job queue: a job as its owner sees it, and the owner's jobs."""
from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings

from .errors import JobNotFound, NoResultFile
from .models import Job


def jobs_of_owner(*, user_id: int, state: str | None = None, kind: str | None = None, limit: int,
                  offset: int) -> tuple[list[Job], int]:
    """``user_id``'s jobs, newest first, optionally of one ``state`` and ``kind``: one page and how many match."""
    jobs = Job.objects.filter(owner_id=user_id)
    if state is not None:
        jobs = jobs.filter(state=state)
    if kind is not None:
        jobs = jobs.filter(kind=kind)
    return list(jobs.order_by("-created", "-pk")[offset:offset + limit]), jobs.count()


def job_of_owner(*, job_id: uuid.UUID, user_id: int) -> Job:
    """The job ``job_id`` if ``user_id`` owns it; another user's job is the same 404 as a missing one."""
    job = Job.objects.filter(pk=job_id, owner_id=user_id).first()
    if job is None:
        raise JobNotFound(f"No job {job_id} of yours.", parameter="id")
    return job


def job_result_path(job: Job) -> Path:
    """The absolute path of ``job``'s result file, which must lie inside ``PINGDING_DATA_DIR``."""
    root = Path(settings.PINGDING_DATA_DIR).resolve()
    path = (root / job.result_file).resolve() if job.result_file else None
    if path is None or not path.is_relative_to(root) or not path.is_file():
        why = "it expired" if job.message == "result file expired" else job.state
        raise NoResultFile(f"Job {job.pk} has no result file ({why}).", parameter="id")
    return path
