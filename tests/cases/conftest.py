"""Fixtures of the case-loop tests: a phone's report taken in as a case, accounts of every role of the loop with
their tokens, and ``act``: one step over HTTP, with the ETag of the case as it is now."""
from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from layers.models import Grid, Incident
from tests.accounts.conftest import account, bearer  # noqa: F401  (fixtures)
from tests.cases.reports.conftest import SEAT_GCJ02, committing, data_file, event_body, photos_root  # noqa: F401


@dataclass
class Crew:
    """A token for each role of the loop, scoped to the case's grid and its territory's department."""

    operator: str
    dispatcher: str
    department: str
    grid_member: str
    shift_leader: str
    leader: str
    other_grid_member: str
    other_department: str


@pytest.fixture
def phone_case(db, client):
    """``phone_case(**overrides)``: POST /api/reports as a phone would (anonymous, GCJ-02), returns the incident."""

    def report(**overrides) -> Incident:
        response = client.post("/api/reports", data=json.dumps(event_body(**overrides), ensure_ascii=False),
                               content_type="application/json")
        assert response.status_code == 201, response.content
        return Incident.objects.select_related("grid__town").get(pk=response.json()["id"])

    return report


@pytest.fixture
def crew_for(account):
    """``crew_for(incident)``: accounts of every role for the incident's grid and territory (its town)."""

    def make(incident: Incident) -> Crew:
        other_grid = Grid.objects.exclude(code=incident.grid_id).order_by("code").values_list("code", flat=True)[0]
        town = incident.grid.town.name
        return Crew(
            operator=account("operator")[1], dispatcher=account("dispatcher")[1],
            department=account("department", department=town)[1],
            grid_member=account("grid_member", grids=[incident.grid_id])[1],
            shift_leader=account("shift_leader")[1], leader=account("leader")[1],
            other_grid_member=account("grid_member", grids=[other_grid])[1],
            other_department=account("department", department="县市政公用事业服务中心")[1],
        )

    return make


@pytest.fixture
def act(client):
    """``act(token, case_id, action, photos=(), etag=None, **fields)``: GET the case's ETag (unless given), then
    POST the step (multipart when photos come with it); returns the response."""

    def step(token: str, case_id: int, action: str, *, photos=(), etag: str | None = None, **fields):
        if etag is None:
            seen = client.get(f"/api/cases/{case_id}", **bearer(token))
            assert seen.status_code == 200, seen.content
            etag = seen["ETag"]
        body = {"action": action, **fields}
        headers = {**bearer(token), "HTTP_IF_MATCH": etag}
        if photos:
            data = {"step": json.dumps(body, ensure_ascii=False),
                    "photos": [SimpleUploadedFile(name, blob, content_type=ctype) for name, blob, ctype in photos]}
            return client.post(f"/api/cases/{case_id}/actions", data=data, **headers)
        return client.post(f"/api/cases/{case_id}/actions", data=json.dumps(body, ensure_ascii=False),
                           content_type="application/json", **headers)

    return step


def on_site(lon: float = SEAT_GCJ02[0], lat: float = SEAT_GCJ02[1]) -> dict:
    """A location as WeChat gives it (GCJ-02), by default where the phone reported."""
    return {"lon": lon, "lat": lat, "crs": "GCJ02"}
