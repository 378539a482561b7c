"""``jobs.housekeeping`` in the test's transaction: heartbeats, recovery of running jobs whose worker is gone (a
dead process of this machine at once, a silent one elsewhere after ``PINGDING_JOBS_STALE_SECONDS``; failed after
``PINGDING_JOBS_MAX_ATTEMPTS`` starts), and expiry of result files (``manage.py jobs_cleanup``)."""
from __future__ import annotations

import io
import subprocess
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jobs.housekeeping import HOST, heartbeat, jobs_recover, results_expire, worker_identity
from jobs.models import Job
from jobs.services import job_enqueue
from jobs.tasks import run_job_now
from tests.accounts.conftest import bearer


@pytest.fixture
def dead_worker() -> str:
    """``host:pid`` of a process of this machine that has ended."""
    process = subprocess.Popen(["true"])
    process.wait()
    return f"{HOST}:{process.pid}"


@pytest.fixture
def running(account, steps_kind):
    """``running(worker, heartbeat_age_s=0, attempts=1)``: a job its queue entry and row say is running."""
    user, token = account("reporter")

    def make(worker: str, heartbeat_age_s: float = 0, attempts: int = 1) -> Job:
        job = job_enqueue(kind=steps_kind, owner=user, params={"steps": 2})
        DBTaskResult.objects.filter(args_kwargs__args__0=str(job.pk)).update(status=TaskResultStatus.RUNNING)
        beat = timezone.now() - timedelta(seconds=heartbeat_age_s)
        Job.objects.filter(pk=job.pk).update(state="running", worker=worker, heartbeat=beat, started=beat,
                                             attempts=attempts)
        job.refresh_from_db()
        return job

    make.token = token
    return make


def entries(job: Job) -> list[str]:
    return sorted(DBTaskResult.objects.filter(args_kwargs__args__0=str(job.pk)).values_list("status", flat=True))


def test_a_job_whose_worker_process_is_gone_is_queued_again_and_runs(running, dead_worker):
    job = running(dead_worker)
    assert jobs_recover() == {"requeued": 1, "failed": 0}
    job.refresh_from_db()
    assert (job.state, job.worker, job.heartbeat) == ("queued", "", None)
    assert dead_worker in job.message and "start 1 of 3" in job.message
    assert entries(job) == ["FAILED", "READY"]  # the lost entry closed, a new one for the next worker
    assert run_job_now(str(job.pk)) == "succeeded"
    job.refresh_from_db()
    assert job.attempts == 2 and job.worker == worker_identity()


def test_a_live_worker_of_this_machine_and_a_fresh_heartbeat_elsewhere_are_left_alone(running):
    mine = running(worker_identity())
    elsewhere = running("another-machine:4242", heartbeat_age_s=5)
    assert jobs_recover() == {"requeued": 0, "failed": 0}
    assert set(Job.objects.filter(pk__in=[mine.pk, elsewhere.pk]).values_list("state", flat=True)) == {"running"}


def test_a_silent_worker_elsewhere_is_lost_after_the_stale_time(running, settings):
    settings.PINGDING_JOBS_STALE_SECONDS = 30
    quiet = running("another-machine:4242", heartbeat_age_s=31)
    assert jobs_recover()["requeued"] == 1
    quiet.refresh_from_db()
    assert quiet.state == "queued"


def test_after_the_last_attempt_a_lost_job_fails(running, dead_worker, settings):
    settings.PINGDING_JOBS_MAX_ATTEMPTS = 2
    job = running(dead_worker, attempts=2)
    assert jobs_recover() == {"requeued": 0, "failed": 1}
    job.refresh_from_db()
    assert job.state == "failed" and job.finished is not None
    assert job.error == f"its worker ({dead_worker}) was lost 2 times; not started again"
    assert entries(job) == ["FAILED"]


def test_the_heartbeat_stamps_the_workers_running_jobs_only(running):
    mine = running("this-worker:1", heartbeat_age_s=600)
    other = running("other-worker:2", heartbeat_age_s=600)
    assert heartbeat(worker="this-worker:1") == 1
    mine.refresh_from_db()
    other.refresh_from_db()
    assert timezone.now() - mine.heartbeat < timedelta(seconds=5)
    assert timezone.now() - other.heartbeat > timedelta(seconds=500)


def test_old_result_files_expire_and_recent_ones_stay(client, running, settings, tmp_path):
    settings.PINGDING_DATA_DIR = tmp_path
    settings.PINGDING_JOBS_RESULT_DAYS = 7
    old, recent = running("w:1"), running("w:2")
    for job, age in ((old, 8), (recent, 6)):
        folder = tmp_path / "jobs" / str(job.pk)
        folder.mkdir(parents=True)
        (folder / "组件.csv").write_text("code\n", encoding="utf-8")
        Job.objects.filter(pk=job.pk).update(state="succeeded", result_file=f"jobs/{job.pk}/组件.csv",
                                             finished=timezone.now() - timedelta(days=age))
    out = io.StringIO()
    call_command("jobs_cleanup", stdout=out)
    assert out.getvalue().strip() == "requeued 0, failed 0, expired result files 1"
    assert not (tmp_path / "jobs" / str(old.pk)).exists()
    assert (tmp_path / "jobs" / str(recent.pk) / "组件.csv").is_file()
    old.refresh_from_db()
    assert old.result_file == "" and old.message == "result file expired"
    gone = client.get(f"/api/jobs/{old.pk}/result", **bearer(running.token))
    assert gone.status_code == 404 and "expired" in gone.json()["description"]
    assert client.get(f"/api/jobs/{recent.pk}/result", **bearer(running.token)).status_code == 200
    assert results_expire() == 0

