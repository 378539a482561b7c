"""A worker killed hard (SIGKILL) in the middle of a job, as a real subprocess on the committed test database: the
job stays ``running`` with the dead worker's id; the next worker to start queues it again before taking any job and
runs it to the end. The job is held mid-run by a lock on the table it reads, taken by this test."""
from __future__ import annotations

import signal
import time

import psycopg2
import pytest
from django.db import connection

from jobs.models import Job
from jobs.services import job_enqueue

from .test_worker_process import committed_owner, start_worker, stop, wait_for  # noqa: F401  (fixture)

pytestmark = pytest.mark.live


def test_a_job_of_a_worker_killed_mid_run_is_queued_again_and_finished_by_the_next(
        committed_owner, live_env, django_db_blocker, tmp_path):
    with django_db_blocker.unblock():
        holder = psycopg2.connect(**connection.get_connection_params())
        holder.autocommit = False
        with holder.cursor() as cursor:
            cursor.execute("LOCK TABLE layers_incident IN ACCESS EXCLUSIVE MODE")
        with (tmp_path / "worker.log").open("wb") as log:
            try:
                first = start_worker(live_env, log)
                job = job_enqueue(kind="resnap", owner=committed_owner,
                                  params={"layers": ["incidents"], "dry_run": True})
                job = wait_for(job, {"running"})
                deadline = time.monotonic() + 30
                while "re-snapping incidents" not in job.message and time.monotonic() < deadline:
                    time.sleep(0.2)
                    job.refresh_from_db()
                time.sleep(0.5)  # the job now waits for the lock, mid-run
                first.send_signal(signal.SIGKILL)
                assert first.wait(timeout=30) == -signal.SIGKILL
                job.refresh_from_db()
                assert job.state == "running" and job.worker.endswith(f":{first.pid}") and job.attempts == 1
            finally:
                holder.rollback()
                holder.close()

            second = start_worker(live_env, log)
            try:
                job = wait_for(job, {"succeeded", "failed"})
            finally:
                assert stop(second) == 0
        job.refresh_from_db()
    assert job.state == "succeeded", (tmp_path / "worker.log").read_text()
    assert job.attempts == 2 and job.worker.endswith(f":{second.pid}")
    assert job.result["layers"]["incidents"]["examined"] > 0
    lost = f"{job.worker.rsplit(':', 1)[0]}:{first.pid}"
    assert f"queued again: its worker ({lost}) was lost" in (tmp_path / "worker.log").read_text()
