"""The case API in ``/openapi.json``: its three operations, the loop's actions and states from the table, and the
examples the real parser and documents agree with."""
from __future__ import annotations

from cases import loop
from cases.openapi import CASE_EXAMPLE, STEP_BODY
from cases.params import parse_step
from tests.accounts.conftest import bearer


def test_the_case_operations_are_documented(client, db):
    document = client.get("/openapi.json").json()
    assert document["paths"]["/api/cases"]["get"]["operationId"] == "listCases"
    act = document["paths"]["/api/cases/{case_id}/actions"]["post"]
    assert act["requestBody"]["content"]["application/json"]["schema"]["properties"]["action"]["enum"] == list(
        loop.ACTIONS)
    assert {"409", "412", "422", "428"} <= set(act["responses"])
    assert document["components"]["schemas"]["case"]["properties"]["state"]["enum"] == list(loop.STATES)
    names = {p["name"] for p in document["paths"]["/api/cases"]["get"]["parameters"]}
    assert names == {"state", "grid", "department", "class", "overdue", "period", "limit", "offset"}


def test_the_examples_agree_with_the_parser_and_the_documents(client, phone_case, crew_for):
    assert parse_step(STEP_BODY["example"]).location is not None
    incident = phone_case()
    crew = crew_for(incident)
    real = client.get(f"/api/cases/{incident.pk}", **bearer(crew.operator)).json()
    assert set(real) == set(CASE_EXAMPLE)
    assert set(real["steps"][0]) == set(CASE_EXAMPLE["steps"][0])
