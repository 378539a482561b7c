"""``job_enqueue``, the runner (``run_job_now``: states, progress, result, failure) and ``job_cancel``, inside the
test's transaction; and django-tasks' own worker loop taking the job from its queue table in-process."""
from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from jobs.errors import JobFinished, UnknownJobKind
from jobs.models import Job, JobState
from jobs.services import job_cancel, job_enqueue
from jobs.tasks import run_job_now


@pytest.fixture
def owner(account):
    return account("reporter")[0]


def test_enqueue_writes_the_job_and_its_queue_entry(owner, steps_kind):
    job = job_enqueue(kind=steps_kind, owner=owner, params={"steps": 2})
    job.refresh_from_db()
    assert (job.state, job.progress, job.owner_id, job.params) == ("queued", 0.0, owner.pk, {"steps": 2})
    entry = DBTaskResult.objects.get()
    assert entry.args_kwargs["args"] == [str(job.pk)]
    assert entry.task_path == "jobs.tasks.run_job"


def test_an_unknown_kind_is_refused_and_nothing_is_queued(owner):
    with pytest.raises(UnknownJobKind) as caught:
        job_enqueue(kind="nope", owner=owner, params={})
    assert caught.value.parameter == "kind" and "resnap" in caught.value.description
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()


def test_a_job_runs_to_success_with_its_result(owner, steps_kind):
    job = job_enqueue(kind=steps_kind, owner=owner, params={"steps": 3})
    assert run_job_now(str(job.pk)) == "succeeded"
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED and job.progress == 1.0
    assert job.result == {"done": [0, 1, 2]} and job.message == "step 2"
    assert job.started is not None and job.finished >= job.started


def test_a_failing_job_is_failed_with_its_error(owner, steps_kind):
    job = job_enqueue(kind=steps_kind, owner=owner, params={"steps": 3, "fail_at": 1})
    assert run_job_now(str(job.pk)) == "failed"
    job.refresh_from_db()
    assert job.error == "RuntimeError: step 1 broke" and job.progress == 0.0 and job.result is None


def test_a_running_job_stops_at_its_next_step_when_cancelled(owner, steps_kind):
    job = job_enqueue(kind=steps_kind, owner=owner, params={"steps": 4, "cancel_at": 2})
    assert run_job_now(str(job.pk)) == "cancelled"
    job.refresh_from_db()
    assert job.state == JobState.CANCELLED and job.result is None
    assert job.progress == pytest.approx(0.25)  # step 1 was the last recorded


def test_a_cancelled_queued_job_never_starts(owner, steps_kind):
    job = job_enqueue(kind=steps_kind, owner=owner, params={})
    job_cancel(job=job)
    assert run_job_now(str(job.pk)) == "cancelled"
    job.refresh_from_db()
    assert job.started is None and job.result is None


def test_a_finished_job_cannot_be_cancelled(owner, steps_kind):
    job = job_enqueue(kind=steps_kind, owner=owner, params={})
    run_job_now(str(job.pk))
    with pytest.raises(JobFinished):
        job_cancel(job=job)
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED


def test_the_worker_command_takes_queued_jobs_from_the_queue_table(owner, steps_kind, monkeypatch):
    # The worker closes stale connections between jobs; here it shares the test's connection and transaction.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    first = job_enqueue(kind=steps_kind, owner=owner, params={"steps": 2})
    second = job_enqueue(kind=steps_kind, owner=owner, params={"steps": 1})
    call_command("jobs_worker", "--batch", "--interval", "0", "--no-housekeeping", stdout=io.StringIO())
    states = dict(Job.objects.values_list("pk", "state"))
    assert states == {first.pk: "succeeded", second.pk: "succeeded"}
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
