"""The job kind ``seed`` (in-process, in the test's transaction) and ``manage.py seed_pingding --job``."""
from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from jobs.models import Job
from jobs.services import job_enqueue
from jobs.tasks import run_job_now
from layers import models as m
from tests.accounts.conftest import account  # noqa: F401  (fixture)

from ..conftest import TEST_SCALE, TEST_SEED

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(account):
    return account("admin")[0]


def test_the_seed_job_reseeds_with_progress_and_counts(owner, county_counts):
    job = job_enqueue(kind="seed", owner=owner, params={"scale": TEST_SCALE, "seed": TEST_SEED + 1, "replace": True})
    assert run_job_now(str(job.pk)) == "succeeded"
    job.refresh_from_db()
    assert job.result["seeded"] is True and job.progress == 1.0
    assert job.result["rows"]["layers_resident"] == m.Resident.objects.count() == county_counts.residents
    assert job.message.startswith("loading")


def test_the_seed_job_if_empty_does_nothing_on_a_seeded_database(owner, county_counts):
    job = job_enqueue(kind="seed", owner=owner, params={"if_empty": True})
    assert run_job_now(str(job.pk)) == "succeeded"
    job.refresh_from_db()
    assert job.result["seeded"] is False and job.message == "already seeded; nothing done"
    assert m.Grid.objects.count() == county_counts.grids


def test_the_seed_job_without_replace_fails_on_a_seeded_database(owner):
    job = job_enqueue(kind="seed", owner=owner, params={"scale": TEST_SCALE})
    assert run_job_now(str(job.pk)) == "failed"
    assert "already hold data" in Job.objects.get(pk=job.pk).error


def test_a_seed_cancelled_during_the_load_rolls_back_whole(owner, county_counts, monkeypatch):
    before = set(m.Grid.objects.values_list("code", "geom"))
    job = job_enqueue(kind="seed", owner=owner, params={"scale": TEST_SCALE, "seed": TEST_SEED + 1, "replace": True})
    from seeds import jobs as seed_jobs

    real_load = seed_jobs.load_county

    def load_then_cancel(county, **kwargs):
        Job.objects.filter(pk=job.pk).update(state="cancelled")  # what the API does, committed before the load
        return real_load(county, **kwargs)

    monkeypatch.setattr(seed_jobs, "load_county", load_then_cancel)
    assert run_job_now(str(job.pk)) == "cancelled"
    assert set(m.Grid.objects.values_list("code", "geom")) == before


def test_the_command_enqueues_with_job(owner):
    out = io.StringIO()
    call_command("seed_pingding", "--scale", "0.5", "--replace", "--job", "--owner", owner.username, stdout=out)
    job = Job.objects.get(owner=owner)
    assert job.params == {"scale": 0.5, "seed": 1, "replace": True, "if_empty": False}
    assert f"Enqueued seed job {job.pk}" in out.getvalue()
