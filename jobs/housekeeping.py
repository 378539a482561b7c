"""What keeps the queue honest when nobody is watching: heartbeats of running jobs, recovery of jobs whose worker
was lost (killed hard, its machine gone), and expiry of old result files.

Each worker process (``manage.py jobs_worker``) runs one :class:`Housekeeper` thread beside its job loop: it stamps
the heartbeat of the job the process runs every ``PINGDING_JOBS_HEARTBEAT_SECONDS`` (whether or not the job reports
progress), and at start and every ``PINGDING_JOBS_HOUSEKEEPING_SECONDS`` runs :func:`jobs_recover` and
:func:`results_expire`, and the kinds declared with ``registry.run_every`` when they are due (:func:`periodic_run`).
``manage.py jobs_cleanup`` runs recovery and expiry once.

A running job's worker is lost when its heartbeat is older than ``PINGDING_JOBS_STALE_SECONDS``, or at once when
it names a process of this machine that no longer exists. Such a job goes back to the queue (a new queue entry; the
lost one is marked failed) until it has started ``PINGDING_JOBS_MAX_ATTEMPTS`` times, then it is failed. Job kinds
are written to be re-run safely (a step is one transaction), so a second start finishes what the first left.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from . import conf
from .models import Job, JobState
from .registry import kind_function, periodic_kinds
from .tasks import HOST, run_job

logger = logging.getLogger("pingding.jobs")


def worker_identity() -> str:
    """``host:pid`` of this process: what a running job's ``worker`` holds."""
    return f"{HOST}:{os.getpid()}"


def worker_gone(worker: str) -> bool:
    """Whether ``worker`` (``host:pid``) is a process of this machine that no longer exists (a worker elsewhere is
    judged by its heartbeat only)."""
    host, _, pid = worker.rpartition(":")
    if host != HOST or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # a process of another user holds the pid: not our worker, but alive
        return False
    return False


def heartbeat(*, worker: str) -> int:
    """Stamp the heartbeat of the jobs ``worker`` runs now; how many."""
    return Job.objects.filter(worker=worker, state=JobState.RUNNING).update(heartbeat=timezone.now())


def lost_jobs() -> list[Job]:
    """The running jobs whose worker is gone or silent for longer than ``PINGDING_JOBS_STALE_SECONDS``."""
    stale = timezone.now() - timedelta(seconds=conf.get("PINGDING_JOBS_STALE_SECONDS"))
    running = Job.objects.filter(state=JobState.RUNNING).only("pk", "worker", "heartbeat", "started", "attempts")
    return [job for job in running if (job.heartbeat or job.started or stale) < stale or worker_gone(job.worker)]


@transaction.atomic
def jobs_recover() -> dict[str, int]:
    """Queue again (or fail, after ``PINGDING_JOBS_MAX_ATTEMPTS`` starts) every job whose worker was lost;
    ``{"requeued": n, "failed": m}``."""
    done = {"requeued": 0, "failed": 0}
    most = conf.get("PINGDING_JOBS_MAX_ATTEMPTS")
    for job in lost_jobs():
        locked = Job.objects.select_for_update(skip_locked=True).filter(pk=job.pk, state=JobState.RUNNING).first()
        if locked is None:
            continue
        lost = locked.worker or "unknown"
        DBTaskResult.objects.filter(args_kwargs__args__0=str(locked.pk), status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED, finished_at=timezone.now())
        if locked.attempts >= most:
            locked.state, locked.finished = JobState.FAILED, timezone.now()
            locked.error = f"its worker ({lost}) was lost {locked.attempts} times; not started again"
            locked.message = locked.error
            done["failed"] += 1
        else:
            locked.state = JobState.QUEUED
            locked.message = f"queued again: its worker ({lost}) was lost (start {locked.attempts} of {most})"
            run_job.enqueue(str(locked.pk))
            done["requeued"] += 1
        locked.worker, locked.heartbeat = "", None
        locked.save(update_fields=["state", "finished", "error", "message", "worker", "heartbeat"])
        logger.warning("job %s (%s): %s", locked.pk, locked.kind, locked.message)
    return done


def results_expire() -> int:
    """Delete the result files of jobs finished more than ``PINGDING_JOBS_RESULT_DAYS`` ago (the job stays, its
    ``result_file`` emptied); how many."""
    before = timezone.now() - timedelta(days=conf.get("PINGDING_JOBS_RESULT_DAYS"))
    root = Path(settings.PINGDING_DATA_DIR).resolve()
    expired = 0
    for job in Job.objects.filter(finished__lt=before).exclude(result_file=""):
        path = (root / job.result_file).resolve()
        if path.is_relative_to(root):
            path.unlink(missing_ok=True)
            if path.parent != root and path.parent.is_relative_to(root / "jobs") and not any(path.parent.iterdir()):
                path.parent.rmdir()
        Job.objects.filter(pk=job.pk).update(result_file="", message="result file expired")
        expired += 1
    return expired


class Housekeeper(threading.Thread):
    """The worker's side thread: heartbeats of its jobs, recovery and expiry (see the module docstring)."""

    def __init__(self, worker: str):
        super().__init__(name="jobs-housekeeper", daemon=True)
        self.worker = worker
        self.stopped = threading.Event()

    def run(self) -> None:
        next_sweep = 0.0
        due: dict[str, float] = {}
        while not self.stopped.is_set():
            try:
                heartbeat(worker=self.worker)
                if time.monotonic() >= next_sweep:
                    sweep()
                    next_sweep = time.monotonic() + conf.get("PINGDING_JOBS_HOUSEKEEPING_SECONDS")
                due = periodic_run(due, now=time.monotonic())
            except Exception:  # noqa: BLE001 - a failed round (database restarting) is retried at the next
                logger.warning("jobs housekeeping failed; retrying", exc_info=True)
                connection.close()
            finally:
                close_old_connections()
            self.stopped.wait(conf.get("PINGDING_JOBS_HEARTBEAT_SECONDS"))
        connection.close()


def periodic_run(due: dict[str, float], *, now: float) -> dict[str, float]:
    """Run every periodic kind whose time (``due[name]``, monotonic seconds; absent: now) has come; the next times."""
    following = dict(due)
    for name, seconds in periodic_kinds().items():
        if following.get(name, now) <= now:
            following[name] = now + seconds()
            result = kind_function(name)(None)
            logger.info("periodic %s: %s", name, result)
    return following


def sweep() -> dict[str, int]:
    """One round of recovery and expiry; what it did."""
    done = {**jobs_recover(), "expired": results_expire()}
    if any(done.values()):
        logger.info("jobs housekeeping: %s", done)
    return done
