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

    Job.objects.filter(pk=job_id).update(state="queued")  # as if its worker was lost after the dry run
    assert run_job_now(job_id) == "succeeded"
    assert client.get(f"/api/imports/{import_id}", **bearer(token)).json()["counts"]["rows"] == 4

    queued = commit(client, token, import_id)
    assert queued.status_code == 202
    assert run_job_now(queued.json()["job"]) == "succeeded"
    Job.objects.filter(pk=queued.json()["job"]).update(state="queued")
    assert run_job_now(queued.json()["job"]) == "succeeded"
    assert Job.objects.get(pk=queued.json()["job"]).result["state"] == "committed"
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


@override_settings(PINGDING_IMPORT_SYNC_MAX_FEATURES=3)
def test_an_expired_import_is_dropped_with_its_rows_and_its_upload(client, editor, points):
    import datetime as dt

    from django.utils import timezone

    from layers.imports.models import Import, ImportRow

    _, token = editor
    waiting = upload(client, token, geojson_bytes(points), "big.geojson").json()["import"]
    assert upload_directory(waiting).exists()
    with override_settings(PINGDING_IMPORT_SYNC_MAX_FEATURES=100):
        staged = upload(client, token, geojson_bytes(points), "small.geojson").json()["id"]
    assert ImportRow.objects.filter(batch_id=staged).count() == 4
    Import.objects.filter(pk__in=[waiting, staged]).update(expires=timezone.now() - dt.timedelta(minutes=1))
    with override_settings(PINGDING_IMPORT_SYNC_MAX_FEATURES=100):
        assert upload(client, token, geojson_bytes(points), "next.geojson").status_code == 201
    assert not Import.objects.filter(pk__in=[waiting, staged]).exists()
    assert not ImportRow.objects.filter(batch_id=staged).exists() and not upload_directory(waiting).exists()


@override_settings(PINGDING_IMPORT_SYNC_MAX_FEATURES=3)
def test_a_csv_is_counted_before_it_is_read(client, editor, points):
    lines = ["code,name,WKT"] + [f'{r["code"]},{r["name"]},"POINT ({r["lon"]} {r["lat"]})"' for r in points]
    answer = upload(client, editor[1], "\n".join(lines).encode(), "big.csv", crs="EPSG:4490")
    assert answer.status_code == 202, answer.content
