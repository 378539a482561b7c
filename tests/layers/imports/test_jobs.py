"""A file beyond PINGDING_IMPORT_SYNC_MAX_FEATURES: its dry run and its commit run as jobs (202 + Location), and
each job's result links back to the import's report."""
from __future__ import annotations

from django.test import override_settings

from jobs.models import Job
from jobs.tasks import run_job_now
from layers.imports.storage import upload_directory
from layers.models import Component
from tests.accounts.conftest import bearer

from .conftest import commit, geojson_bytes, upload


@override_settings(PINGDING_IMPORT_SYNC_MAX_FEATURES=3)
def test_a_big_import_runs_its_dry_run_and_its_commit_as_jobs(client, editor, points):
    _, token = editor
    points[0]["state"] = "damaged"
    answer = upload(client, token, geojson_bytes(points), "big.geojson")
    assert answer.status_code == 202, answer.content
    job_id, import_id = answer.json()["job"], answer.json()["import"]
    assert answer["Location"].endswith(f"/api/jobs/{job_id}")
    assert client.get(f"/api/imports/{import_id}", **bearer(token)).json()["state"] == "reading"
    assert commit(client, token, import_id).status_code == 409

    assert run_job_now(job_id) == "succeeded", Job.objects.get(pk=job_id).error
    assert Job.objects.get(pk=job_id).message == "dry run of 4 rows: 2 to add, 1 to update, 0 to delete, 0 invalid"
    result = client.get(f"/api/jobs/{job_id}", **bearer(token)).json()["result"]
    assert result["links"][0]["href"] == f"/api/imports/{import_id}"
    report = client.get(result["links"][0]["href"], **bearer(token)).json()
    assert (report["state"], report["counts"]["adds"], report["counts"]["updates"]) == ("dry_run", 2, 1)
    assert not upload_directory(import_id).exists()

    queued = commit(client, token, import_id)
    assert queued.status_code == 202
    assert run_job_now(queued.json()["job"]) == "succeeded"
    assert client.get(f"/api/imports/{import_id}", **bearer(token)).json()["result"]["added"] == 2
    assert Component.objects.get(pk=points[0]["id"]).state == "damaged"


@override_settings(PINGDING_IMPORT_SYNC_MAX_FEATURES=3)
def test_a_big_file_refused_in_its_job_fails_the_job_and_the_import(client, editor, points):
    _, token = editor
    for row in points:
        row["colour"] = "红"
    answer = upload(client, token, geojson_bytes(points, ("code", "colour")), "big.geojson")
    job_id, import_id = answer.json()["job"], answer.json()["import"]
    assert run_job_now(job_id) == "failed"
    report = client.get(f"/api/imports/{import_id}", **bearer(token)).json()
    assert report["state"] == "failed" and report["error"]["code"] == "UnknownField"
