"""The real worker (``manage.py jobs_worker``) as a subprocess on the committed test database: it runs a queued
re-snap job (a dry run, so the county is unchanged), stops on SIGTERM, and a job queued while no worker runs is run
when the worker comes back. The rows these tests commit (account, jobs, queue entries) are deleted at the end."""
from __future__ import annotations

import signal
import subprocess
import time

import pytest
from django_tasks_db.models import DBTaskResult

from accounts.services import create_account
from geoserver_app.server import ROOT, worker_command
from jobs.models import Job
from jobs.services import job_enqueue

pytestmark = pytest.mark.live


@pytest.fixture
def committed_owner(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        user = create_account("jobs-worker-owner", "gis_editor")
        try:
            yield user
        finally:
            DBTaskResult.objects.filter(args_kwargs__args__0__in=[
                str(pk) for pk in Job.objects.filter(owner=user).values_list("pk", flat=True)]).delete()
            Job.objects.filter(owner=user).delete()
            user.delete()


def start_worker(live_env: dict, log) -> subprocess.Popen:
    return subprocess.Popen([*worker_command(), "--interval", "0.2"], cwd=ROOT, env=live_env, stdout=log,
                            stderr=subprocess.STDOUT)


def wait_for(job: Job, states: set[str], timeout_s: float = 60.0) -> Job:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state in states:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job.pk} still {job.state} after {timeout_s} s")


def stop(worker: subprocess.Popen) -> int:
    worker.send_signal(signal.SIGTERM)
    return worker.wait(timeout=30)


def test_a_job_queued_while_the_worker_is_down_runs_when_it_comes_back(
        committed_owner, live_env, django_db_blocker, tmp_path):
    params = {"layers": ["incidents"], "dry_run": True}
    with django_db_blocker.unblock(), (tmp_path / "worker.log").open("wb") as log:
        worker = start_worker(live_env, log)
        try:
            first = wait_for(job_enqueue(kind="resnap", owner=committed_owner, params=params), {"succeeded", "failed"})
            assert first.state == "succeeded", first.error
            assert first.result["layers"]["incidents"]["examined"] > 0 and first.result["dryRun"] is True
        finally:
            assert stop(worker) == 0  # SIGTERM between jobs: a clean exit

        second = job_enqueue(kind="resnap", owner=committed_owner, params=params)
        time.sleep(1.0)
        second.refresh_from_db()
        assert second.state == "queued" and second.started is None

        worker = start_worker(live_env, log)
        try:
            second = wait_for(second, {"succeeded", "failed"})
        finally:
            assert stop(worker) == 0
    assert second.state == "succeeded", (tmp_path / "worker.log").read_text()
    assert second.progress == 1.0 and second.result["layers"].keys() == {"incidents"}
    assert second.message == "re-snapped 1 layers"
