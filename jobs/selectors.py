"""Reads of the job queue: a job as its owner sees it."""
from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings

from .errors import JobNotFound, NoResultFile
from .models import Job


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
        raise NoResultFile(f"Job {job.pk} has no result file ({job.state}).", parameter="id")
    return path
