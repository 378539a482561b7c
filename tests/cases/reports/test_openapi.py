"""The OpenAPI fragments of the reports: every reference resolves, every templated path declares its parameters,
and the examples are real: posted to the server, they are accepted."""
from __future__ import annotations

import json
import re

import pytest

from cases.reports.openapi import openapi_paths, openapi_schemas
from cases.reports.openapi_examples import REPORT_CREATED_EXAMPLE, REQUEST_EXAMPLE

METHODS = ("get", "post", "put", "patch", "delete")


def _refs(node) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if "$ref" in node else []
        return found + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def test_paths_are_absolute_and_every_ref_resolves():
    paths, schemas = openapi_paths(), openapi_schemas()
    assert set(paths) == {
        "/api/reports", "/open311/v2/services.{format}", "/open311/v2/services/{service_code}.{format}",
        "/open311/v2/requests.{format}", "/open311/v2/requests/{service_request_id}.{format}",
    }
    refs = _refs(paths) + _refs(schemas)
    assert refs
    for ref in refs:
        assert ref.startswith("#/components/schemas/")
        assert ref.rsplit("/", 1)[1] in schemas, ref
    assert all(re.fullmatch(r"(report|open311)[A-Z]\w*", name) for name in schemas)
    json.dumps(paths, ensure_ascii=False)  # JSON-serialisable as it is


@pytest.mark.parametrize("path", list(openapi_paths()))
def test_every_operation_is_complete(path):
    item = openapi_paths()[path]
    templated = set(re.findall(r"{(\w+)}", path))
    operation_ids = []
    for method in (m for m in METHODS if m in item):
        operation = item[method]
        operation_ids.append(operation["operationId"])
        assert operation["summary"] and operation["tags"]
        assert any(code.startswith("2") for code in operation["responses"])
        assert any(code.startswith("4") for code in operation["responses"])
        declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
        assert declared == templated
    assert operation_ids


def test_the_wechat_example_is_a_gcj02_report_near_the_seat():
    location = REQUEST_EXAMPLE["location"]
    assert (location["lon"], location["lat"], location["crs"]) == (113.6331, 37.7961, "GCJ02")
    body = openapi_paths()["/api/reports"]["post"]["requestBody"]["content"]["application/json"]
    assert body["examples"]["wechat-gcj02"]["value"] == REQUEST_EXAMPLE


def test_the_request_examples_are_accepted(post_json):
    examples = openapi_paths()["/api/reports"]["post"]["requestBody"]["content"]["application/json"]["examples"]
    for name, example in examples.items():
        response = post_json(example["value"])
        assert response.status_code == 201, (name, response.content)
    answer = post_json(REQUEST_EXAMPLE).json()
    assert set(answer) == set(REPORT_CREATED_EXAMPLE)
    assert set(answer["snap"]) == set(REPORT_CREATED_EXAMPLE["snap"])
    assert answer["routed_to"] == REPORT_CREATED_EXAMPLE["routed_to"]  # the test county is the example's county


def test_the_open311_form_example_is_accepted(client, db):
    form = openapi_paths()["/open311/v2/requests.{format}"]["post"]["requestBody"]["content"][
        "application/x-www-form-urlencoded"]["example"]
    response = client.post("/open311/v2/requests.json", {k: str(v) for k, v in form.items()})
    assert response.status_code == 201, response.content
