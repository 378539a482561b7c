"""Who may claim a report's source and its reporter's role follows from the caller (``cases.reports.claims``):
anonymous callers post only as the public and as residents; a grid member's token may post as a grid member, a
system's token (api_client) as the 12345 hotline or the case system."""
from __future__ import annotations

import pytest

from accounts.services import create_account, new_token
from layers.models import Grid, Incident

from .conftest import event_body
from .test_open311 import BASE, open311_request


@pytest.fixture
def token_of(db):
    def make(role: str) -> dict:
        grids = [Grid.objects.order_by("code").values_list("code", flat=True).first()] if role == "grid_member" else []
        user = create_account(f"claims-{role}", role, grids=grids)
        return {"HTTP_AUTHORIZATION": f"Bearer {new_token(user.username)[1]}"}

    return make


def post(client, body: dict, **headers):
    return client.post("/api/reports", data=body, content_type="application/json", **headers)


@pytest.mark.parametrize(("override", "parameter"), [
    ({"source": "case_system"}, "source"),
    ({"source": "grid_member_app"}, "source"),
    ({"source": "officer"}, "source"),
    ({"reporter": {"name": "李四", "role": "officer"}}, "reporter.role"),
])
def test_an_anonymous_caller_cannot_claim_another_source_or_role_and_nothing_is_stored(client, db, override, parameter):
    before = Incident.objects.count()
    answer = post(client, event_body(**override))
    assert answer.status_code == 403
    assert answer.json()["code"] == "Forbidden" and answer.json()["parameter"] == parameter
    assert Incident.objects.count() == before


def test_a_grid_members_token_posts_as_a_grid_member(client, token_of):
    body = event_body(source="grid_member_app", reporter={"name": "王芳", "role": "grid_member"})
    answer = post(client, body, **token_of("grid_member"))
    assert answer.status_code == 201, answer.content
    assert Incident.objects.get(code=answer.json()["code"]).source == "grid_member_app"


def test_a_grid_member_cannot_claim_the_case_system(client, token_of):
    answer = post(client, event_body(source="case_system"), **token_of("grid_member"))
    assert answer.status_code == 403 and answer.json()["parameter"] == "source"


def test_open311_the_case_system_source_needs_a_systems_token(client, token_of):
    form = open311_request(source="case_system")
    refused = client.post(f"{BASE}/requests.json", form)
    assert refused.status_code == 403
    [item] = refused.json()
    assert item["code"] == 403 and "source" in item["description"]
    created = client.post(f"{BASE}/requests.json", form, **token_of("api_client"))
    assert created.status_code == 201, created.content
    [answer] = created.json()
    assert Incident.objects.get(code=answer["service_request_id"]).source == "case_system"
