"""Exports above ``PINGDING_EXPORT_SYNC_MAX_FEATURES`` run as jobs: 202 with ``Location: /api/jobs/{id}``, the job
writes the file the direct answer would have sent (same name, read back with GDAL) under ``PINGDING_DATA_DIR``, with
the owner's fields only, and ``/api/jobs/{id}/result`` downloads it; the same through a real worker and the live
server."""
from __future__ import annotations

import urllib.parse
import urllib.request
import zipfile
from datetime import datetime

import pyogrio
import pytest

from accounts.services import new_token
from jobs.models import Job
from jobs.services import job_enqueue
from jobs.tasks import run_job_now
from tests.accounts.conftest import account, bearer  # noqa: F401  (fixtures)
from tests.jobs.test_worker_process import committed_owner, start_worker, stop, wait_for  # noqa: F401  (fixture)

from .conftest import SEAT, read

COMPONENTS = "/ogc/collections/components/items"
NAME = "平定县导出任务测试灯"


@pytest.fixture
def three(make_component, settings, tmp_path):
    """Three components named :data:`NAME`, an export limit of 2 and a data dir of the test's own."""
    for _ in range(3):
        make_component(*SEAT, name=NAME)
    settings.PINGDING_EXPORT_SYNC_MAX_FEATURES = 2
    settings.PINGDING_DATA_DIR = tmp_path
    return tmp_path


def query(fmt: str) -> str:
    return urllib.parse.urlencode({"f": fmt, "filter": f"name = '{NAME}'"})


def local(url: str) -> str:
    return url.split("testserver", 1)[1]


@pytest.mark.parametrize("fmt", ["gpkg", "shp"])
def test_a_big_export_is_a_job_whose_file_downloads_under_its_own_name(client, account, three, settings, fmt):
    user, token = account("reporter")
    answer = client.get(f"{COMPONENTS}?{query(fmt)}", **bearer(token))
    assert answer.status_code == 202, read(answer)[:300]
    job = Job.objects.get(pk=answer.json()["id"])
    assert answer["Location"].endswith(f"/api/jobs/{job.pk}") and answer.json()["state"] == "queued"
    assert (job.kind, job.owner_id, job.params["collection"], job.params["count"]) == ("export", user.pk,
                                                                                       "components", 3)
    assert run_job_now(str(job.pk)) == "succeeded"

    polled = client.get(local(answer["Location"]), **bearer(token)).json()
    assert (polled["state"], polled["progress"]) == ("succeeded", 1.0)
    assert polled["result"]["features"] == 3 and polled["result"]["format"] == fmt
    enclosure = next(link["href"] for link in polled["links"] if link["rel"] == "enclosure")
    download = client.get(local(enclosure), **bearer(token))
    assert download.status_code == 200
    settings.PINGDING_EXPORT_SYNC_MAX_FEATURES = 100
    direct = client.get(f"{COMPONENTS}?{query(fmt)}", **bearer(token))
    assert download["Content-Disposition"] == direct["Content-Disposition"]
    name = direct["Content-Disposition"].split('filename="', 1)[1].rstrip('"')
    assert polled["message"] == f"keeping {name}"  # its last step; reading and writing were reported before
    stored = three / "jobs" / str(job.pk) / name
    assert stored.is_file() and stored.read_bytes() == b"".join(download.streaming_content)
    path = f"/vsizip/{stored}/{name[:-4]}.shp" if fmt == "shp" else str(stored)
    frame = pyogrio.read_dataframe(path)
    assert list(frame["name"]) == [NAME] * 3
    if fmt == "shp":
        assert {"fields.csv", "README.txt", f"{name[:-4]}.cpg"} <= set(zipfile.ZipFile(stored).namelist())


def test_the_job_writes_only_the_fields_its_owner_may_read(client, account, make_incident, settings, tmp_path):
    for hour in (9, 10):
        make_incident(datetime(2026, 12, 1, hour), reporter="张导出", description="导出任务测试")
    settings.PINGDING_EXPORT_SYNC_MAX_FEATURES = 1
    settings.PINGDING_DATA_DIR = tmp_path
    url = "/ogc/collections/incidents/items?" + urllib.parse.urlencode(
        {"f": "gpkg", "filter": "description = '导出任务测试'"})
    files = {}
    for role in ("reporter", "leader"):
        _, token = account(role)
        job = client.get(url, **bearer(token)).json()
        assert run_job_now(job["id"]) == "succeeded"
        files[role] = pyogrio.read_dataframe(tmp_path / Job.objects.get(pk=job["id"]).result_file)
    assert "reporter" not in files["reporter"].columns and len(files["reporter"]) == 2
    assert list(files["leader"]["reporter"]) == ["张导出", "张导出"]


def test_anonymous_callers_are_asked_to_sign_in_and_nothing_is_queued(client, three):
    answer = client.get(f"{COMPONENTS}?{query('gpkg')}")
    assert answer.status_code == 401 and answer.json()["parameter"] == "Authorization"
    assert not Job.objects.exists()


def test_a_small_export_is_still_answered_at_once(client, account, three):
    _, token = account("reporter")
    answer = client.get(f"{COMPONENTS}?{query('gpkg')}&limit=2", **bearer(token))
    assert answer.status_code == 200 and answer["X-Feature-Count"] == "2" and not Job.objects.exists()


@pytest.mark.live
def test_a_real_worker_writes_the_export_and_the_live_server_downloads_it(
        committed_owner, live_env, live_url, live_data_dir, django_db_blocker, tmp_path):
    with django_db_blocker.unblock():
        token = new_token(committed_owner.username)[1]
        job = job_enqueue(kind="export", owner=committed_owner,
                          params={"collection": "components", "query": "f=fgb&properties=code,name"})
        with (tmp_path / "worker.log").open("wb") as log:
            worker = start_worker(live_env, log)
            try:
                job = wait_for(job, {"succeeded", "failed"})
            finally:
                assert stop(worker) == 0
    assert job.state == "succeeded", (tmp_path / "worker.log").read_text()
    assert job.result_file.startswith(f"jobs/{job.pk}/components_CRS84_") and job.result_file.endswith(".fgb")
    request = urllib.request.Request(f"{live_url}/api/jobs/{job.pk}/result",
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request) as answer:
        body = answer.read()
        disposition = answer.headers["Content-Disposition"]
    assert job.result_file.rsplit("/", 1)[1] in disposition
    assert body == (live_data_dir / job.result_file).read_bytes()
    (tmp_path / "got.fgb").write_bytes(body)
    frame = pyogrio.read_dataframe(tmp_path / "got.fgb")
    assert len(frame) > 0 and set(frame.columns) == {"code", "name", "geometry"}


def test_the_export_job_reports_its_steps(client, account, three, monkeypatch):
    import jobs

    steps = []
    real = jobs.progress
    monkeypatch.setattr("jobs.progress", lambda job, fraction, message="": (steps.append((fraction, message)),
                                                                           real(job, fraction, message)))
    _, token = account("reporter")
    job = client.get(f"{COMPONENTS}?{query('csv')}", **bearer(token)).json()
    assert run_job_now(job["id"]) == "succeeded"
    assert [fraction for fraction, _ in steps] == [0.05, 0.5, 0.95]
    assert steps[0][1] == "reading 3 features of components" and steps[1][1] == "writing 3 features as csv"
