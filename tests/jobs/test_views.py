"""``/api/jobs/{id}``, ``/cancel`` and ``/result`` through the test client with real tokens: the owner sees and
cancels the job; another user gets the same 404 as for a missing job; anonymous callers 401."""
from __future__ import annotations

import uuid

import pytest

from jobs.models import Job
from jobs.services import job_enqueue
from jobs.tasks import run_job_now
from tests.accounts.conftest import bearer


@pytest.fixture
def owned(account, steps_kind):
    user, token = account("reporter")
    job = job_enqueue(kind=steps_kind, owner=user, params={"steps": 2})
    return job, token


def test_the_owner_sees_state_and_progress(client, owned):
    job, token = owned
    answer = client.get(f"/api/jobs/{job.pk}", **bearer(token))
    assert answer.status_code == 200
    body = answer.json()
    assert (body["id"], body["kind"], body["state"], body["progress"]) == (str(job.pk), "test-steps", "queued", 0.0)
    assert body["links"][0]["href"].endswith(f"/api/jobs/{job.pk}")
    run_job_now(str(job.pk))
    body = client.get(f"/api/jobs/{job.pk}", **bearer(token)).json()
    assert (body["state"], body["progress"], body["result"]) == ("succeeded", 1.0, {"done": [0, 1]})
    assert body["finished"] is not None


def test_another_users_job_is_a_404_like_a_missing_one(client, owned, account):
    job, _ = owned
    _, other = account("admin")
    theirs = client.get(f"/api/jobs/{job.pk}", **bearer(other))
    missing = client.get(f"/api/jobs/{uuid.uuid4()}", **bearer(other))
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json()["code"] == "NotFound" and theirs.json()["parameter"] == "id"
    assert client.post(f"/api/jobs/{job.pk}/cancel", **bearer(other)).status_code == 404
    assert Job.objects.get(pk=job.pk).state == "queued"


def test_anonymous_is_401(client, owned):
    job, _ = owned
    answer = client.get(f"/api/jobs/{job.pk}")
    assert answer.status_code == 401 and answer.json()["parameter"] == "Authorization"


def test_a_malformed_id_is_a_json_404(client, owned):
    _, token = owned
    answer = client.get("/api/jobs/not-a-uuid", **bearer(token))
    assert answer.status_code == 404 and answer["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("how", ["post", "delete"])
def test_the_owner_cancels_a_queued_job_then_cancelling_again_is_409(client, owned, how):
    job, token = owned
    url = f"/api/jobs/{job.pk}/cancel" if how == "post" else f"/api/jobs/{job.pk}"
    answer = getattr(client, how)(url, **bearer(token))
    assert answer.status_code == 200 and answer.json()["state"] == "cancelled"
    assert run_job_now(str(job.pk)) == "cancelled"
    again = getattr(client, how)(url, **bearer(token))
    assert again.status_code == 409 and "cancelled" in again.json()["description"]


def test_the_result_file_downloads_and_a_job_without_one_is_404(client, owned, settings, tmp_path):
    job, token = owned
    assert client.get(f"/api/jobs/{job.pk}/result", **bearer(token)).status_code == 404
    settings.PINGDING_DATA_DIR = tmp_path
    (tmp_path / "jobs").mkdir()
    (tmp_path / "jobs" / "组件.csv").write_text("code\n1\n", encoding="utf-8")
    Job.objects.filter(pk=job.pk).update(state="succeeded", result_file="jobs/组件.csv")
    answer = client.get(f"/api/jobs/{job.pk}/result", **bearer(token))
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == b"code\n1\n"
    assert "attachment" in answer["Content-Disposition"]
    assert client.get(f"/api/jobs/{job.pk}", **bearer(token)).json()["links"][1]["rel"] == "enclosure"


def test_a_result_path_outside_the_data_dir_is_refused(client, owned, settings, tmp_path):
    job, token = owned
    settings.PINGDING_DATA_DIR = tmp_path / "data"
    (tmp_path / "data").mkdir()
    (tmp_path / "secret.txt").write_text("no")
    Job.objects.filter(pk=job.pk).update(result_file="../secret.txt")
    assert client.get(f"/api/jobs/{job.pk}/result", **bearer(token)).status_code == 404
