"""``GET /api/jobs`` (the caller's own jobs, newest first, paged, by state and kind) and ``POST /api/jobs`` (a
re-snap started by a GIS editor or admin; 403 for other roles, 401 anonymous, 400 naming bad kinds and params)."""
from __future__ import annotations

import json

import pytest
from django_tasks_db.models import DBTaskResult

from jobs.models import Job
from jobs.services import job_enqueue
from jobs.tasks import run_job_now
from tests.accounts.conftest import bearer


@pytest.fixture
def mine(account, steps_kind):
    user, token = account("reporter")
    made = [job_enqueue(kind=steps_kind, owner=user, params={"steps": 1}) for _ in range(5)]
    run_job_now(str(made[1].pk))
    other, _ = account("reporter")
    job_enqueue(kind=steps_kind, owner=other, params={})
    return made, token


def test_the_list_holds_the_callers_jobs_only_newest_first(client, mine):
    made, token = mine
    body = client.get("/api/jobs", **bearer(token)).json()
    assert [job["id"] for job in body["jobs"]] == [str(job.pk) for job in reversed(made)]
    assert body["numberMatched"] == body["numberReturned"] == 5
    assert [link["rel"] for link in body["links"]] == ["self"]


def test_the_list_is_paged_with_next_and_prev_links(client, mine):
    made, token = mine
    first = client.get("/api/jobs?limit=2", **bearer(token)).json()
    assert [job["id"] for job in first["jobs"]] == [str(made[4].pk), str(made[3].pk)]
    following = next(link["href"] for link in first["links"] if link["rel"] == "next")
    second = client.get(following.split("testserver", 1)[1], **bearer(token)).json()
    assert [job["id"] for job in second["jobs"]] == [str(made[2].pk), str(made[1].pk)]
    assert {link["rel"] for link in second["links"]} == {"self", "next", "prev"}


def test_the_list_filters_by_state_and_kind(client, mine, steps_kind):
    made, token = mine
    done = client.get("/api/jobs?state=succeeded", **bearer(token)).json()
    assert [job["id"] for job in done["jobs"]] == [str(made[1].pk)]
    assert client.get(f"/api/jobs?kind={steps_kind}&state=queued", **bearer(token)).json()["numberMatched"] == 4
    assert client.get("/api/jobs?kind=resnap", **bearer(token)).json()["numberMatched"] == 0


@pytest.mark.parametrize("query, parameter", [
    ("state=done", "state"), ("kind=nope", "kind"), ("limit=0", "limit"), ("limit=101", "limit"),
    ("offset=-1", "offset"), ("colour=red", "colour"),
])
def test_bad_list_queries_are_400_naming_the_parameter(client, mine, query, parameter):
    answer = client.get(f"/api/jobs?{query}", **bearer(mine[1]))
    assert answer.status_code == 400 and answer.json()["parameter"] == parameter


def test_anonymous_callers_have_no_list(client, db):
    answer = client.get("/api/jobs")
    assert answer.status_code == 401 and answer.json()["parameter"] == "Authorization"


def post(client, token, document, **extra):
    return client.post("/api/jobs", data=json.dumps(document), content_type="application/json",
                       **(bearer(token) if token else {}), **extra)


@pytest.mark.parametrize("role", ["gis_editor", "admin"])
def test_an_editor_starts_a_resnap_that_runs(client, account, role):
    user, token = account(role)
    answer = post(client, token, {"kind": "resnap", "params": {"layers": ["incidents"], "dry_run": True}})
    assert answer.status_code == 202, answer.content
    job = Job.objects.get(pk=answer.json()["id"])
    assert answer["Location"].endswith(f"/api/jobs/{job.pk}") and job.owner_id == user.pk
    assert (job.kind, job.state, job.params) == ("resnap", "queued", {"layers": ["incidents"], "dry_run": True})
    assert DBTaskResult.objects.filter(args_kwargs__args__0=str(job.pk)).exists()
    assert run_job_now(str(job.pk)) == "succeeded"
    body = client.get(answer["Location"].split("testserver", 1)[1], **bearer(token)).json()
    assert body["result"]["dryRun"] is True and body["result"]["layers"]["incidents"]["examined"] > 0


@pytest.mark.parametrize("role", ["reporter", "grid_member", "leader"])
def test_other_roles_may_not_start_a_resnap(client, account, role):
    from layers.models import Grid

    _, token = account(role, grids=[Grid.objects.values_list("code", flat=True).first()] if role == "grid_member"
                       else ())
    answer = post(client, token, {"kind": "resnap", "params": {}})
    assert answer.status_code == 403 and answer.json()["parameter"] == "kind"
    assert not Job.objects.exists()


def test_anonymous_callers_start_nothing(client, db):
    answer = post(client, None, {"kind": "resnap"})
    assert answer.status_code == 401 and not Job.objects.exists()


@pytest.mark.parametrize("document, parameter", [
    ({"kind": "seed"}, "kind"),
    ({"kind": "export"}, "kind"),
    ({}, "kind"),
    ({"kind": "resnap", "params": []}, "params"),
    ({"kind": "resnap", "params": {"colour": "red"}}, "params"),
    ({"kind": "resnap", "params": {"layers": ["grids"]}}, "layer"),
    ({"kind": "resnap", "params": {"layers": "incidents"}}, "params.layers"),
    ({"kind": "resnap", "params": {"dry_run": "yes"}}, "params.dry_run"),
    ({"kind": "resnap", "when": "now"}, "when"),
])
def test_bad_starts_are_400_naming_the_member_and_queue_nothing(client, account, document, parameter):
    _, token = account("gis_editor")
    answer = post(client, token, document)
    assert answer.status_code == 400, answer.content
    assert answer.json()["parameter"] == parameter
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()


def test_a_body_that_is_not_json_is_400(client, account):
    _, token = account("gis_editor")
    answer = client.post("/api/jobs", data="kind=resnap", content_type="application/json", **bearer(token))
    assert answer.status_code == 400 and answer.json()["parameter"] == "body"


def test_the_openapi_document_has_the_jobs_collection_and_filtered_tiles(client, db):
    document = client.get("/openapi.json").json()
    assert {"get", "post"} <= set(document["paths"]["/api/jobs"])
    assert document["paths"]["/api/jobs"]["post"]["responses"]["202"]["headers"]["Location"]
    tile = document["paths"]["/tiles/{tileset}/{z}/{x}/{y}.mvt"]["get"]
    assert {"filter", "filter-lang", "filter-crs"} <= {parameter["name"] for parameter in tile["parameters"]}
