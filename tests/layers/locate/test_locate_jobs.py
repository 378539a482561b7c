"""The job kind ``resnap`` (in-process, in the test's transaction) and ``manage.py resnap --job``: one layer per
step with progress, the history naming the job's owner, and a cancellation between layers."""
from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

import jobs
from jobs.models import Job
from jobs.services import job_cancel, job_enqueue
from jobs.tasks import run_job_now
from layers.locate.bulk import SNAPPED_LAYERS
from tests.accounts.conftest import account  # noqa: F401  (fixture)

from .conftest import fetch
from .test_locate_bulk import strip_moved, would_move  # noqa: F401  (fixture)


def test_the_resnap_job_moves_features_and_names_its_owner_in_the_history(strip_moved, account):
    owner, _ = account("gis_editor")
    expected = {layer_id: len(would_move(layer_id)) for layer_id in SNAPPED_LAYERS}
    assert sum(expected.values()) > 0
    job = job_enqueue(kind="resnap", owner=owner, params={})
    assert run_job_now(str(job.pk)) == "succeeded"
    job.refresh_from_db()
    assert {layer: r["moved"] for layer, r in job.result["layers"].items()} == expected
    assert job.result["moved"] == sum(expected.values()) and job.progress == 1.0
    assert all(would_move(layer_id) == {} for layer_id in SNAPPED_LAYERS)
    actors = fetch("SELECT DISTINCT actor_name, path FROM layers_history WHERE path = 'resnap'")
    assert actors == [(owner.username, "resnap")]


def test_progress_goes_layer_by_layer_and_a_cancel_stops_between_layers(db, account, monkeypatch):
    owner, _ = account("gis_editor")
    job = job_enqueue(kind="resnap", owner=owner, params={"dry_run": True})
    seen = []
    real = jobs.progress

    def progress(job, fraction, message=""):
        seen.append((round(fraction, 3), message))
        if len(seen) == 3:
            job_cancel(job=job)
        real(job, fraction, message)

    monkeypatch.setattr(jobs, "progress", progress)
    assert run_job_now(str(job.pk)) == "cancelled"
    n = len(SNAPPED_LAYERS)
    assert seen == [(round(i / n, 3), f"re-snapping {SNAPPED_LAYERS[i]} ({i + 1} of {n})") for i in range(3)]
    assert Job.objects.get(pk=job.pk).progress == pytest.approx(1 / n)


def test_a_layer_that_cannot_be_resnapped_fails_the_job(db, account):
    owner, _ = account("gis_editor")
    job = job_enqueue(kind="resnap", owner=owner, params={"layers": ["grids"]})
    assert run_job_now(str(job.pk)) == "failed"
    assert "cannot be re-snapped" in Job.objects.get(pk=job.pk).error


def test_the_command_enqueues_with_job_and_owner(db, account):
    owner, _ = account("gis_editor")
    out = io.StringIO()
    call_command("resnap", "--layer", "components", "--dry-run", "--job", "--owner", owner.username, stdout=out)
    job = Job.objects.get(owner=owner)
    assert (job.kind, job.state, job.params) == ("resnap", "queued", {"layers": ["components"], "dry_run": True})
    assert str(job.pk) in out.getvalue()


@pytest.mark.parametrize("owner, message", [(None, "--owner"), ("nobody-here", "No account 'nobody-here'")])
def test_the_command_refuses_a_job_without_a_known_owner(db, owner, message):
    args = ["--job"] + (["--owner", owner] if owner else [])
    with pytest.raises(CommandError, match=message):
        call_command("resnap", *args, stdout=io.StringIO())
    assert not Job.objects.exists()
