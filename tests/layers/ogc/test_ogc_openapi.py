"""The OpenAPI 3.0 document: well formed, every $ref resolves, every path parameter declared, every collection listed."""
from __future__ import annotations

import re

import pytest

from layers.registry import public_layers
from spatial.crs import CRS84


@pytest.fixture
def document(get_json, db):
    response, body = get_json("/ogc/api")
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json;version=3.0")
    return body


def refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def resolve(document: dict, ref: str):
    assert ref.startswith("#/"), ref
    node = document
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def test_structure(document):
    assert document["openapi"].startswith("3.0.")
    assert document["info"]["title"] and document["info"]["version"]
    assert document["servers"][0]["url"] == "http://testserver/ogc"
    for path, item in document["paths"].items():
        assert path.startswith("/")
        for method, operation in item.items():
            assert method in ("get", "post", "put", "patch", "delete", "options")
            assert operation["operationId"] and operation["responses"]["200"]


def test_operation_ids_are_unique(document):
    ids = [op["operationId"] for item in document["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))


def test_every_ref_resolves(document):
    found = list(refs(document))
    assert found
    for ref in found:
        assert isinstance(resolve(document, ref), dict), ref


def test_every_path_parameter_is_declared(document):
    for path, item in document["paths"].items():
        for operation in item.values():
            params = [resolve(document, p["$ref"]) if "$ref" in p else p for p in operation["parameters"]]
            declared = {p["name"] for p in params if p["in"] == "path"}
            assert declared == set(re.findall(r"{(\w+)}", path)), path
            assert all(p["required"] for p in params if p["in"] == "path")
            names = [(p["name"], p["in"]) for p in params]
            assert len(names) == len(set(names)), path


def test_collections_crs_and_limits(document, settings):
    parameters = document["components"]["parameters"]
    assert parameters["collectionId"]["schema"]["enum"] == [layer.id for layer in public_layers()]
    assert parameters["crs"]["schema"]["default"] == CRS84.uri and "GCJ02" in parameters["crs"]["schema"]["enum"]
    assert parameters["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 10000, "default": 100}
    assert parameters["bbox"]["example"] == [113.60, 37.78, 113.65, 37.81]
    for layer in public_layers():
        operation = document["paths"][f"/collections/{layer.id}/items"]["get"]
        names = {p.get("name") or p["$ref"].rsplit("/", 1)[1] for p in operation["parameters"]}
        assert set(layer.fields) <= names and not set(layer.restricted_fields) & names
        assert ("datetime" in names) == bool(layer.temporal_field)


def test_limits_follow_the_settings(get_json, settings, db):
    settings.PINGDING_OGC_MAX_LIMIT = 500
    settings.PINGDING_OGC_DEFAULT_LIMIT = 20
    _, body = get_json("/ogc/api")
    assert body["components"]["parameters"]["limit"]["schema"]["maximum"] == 500
    assert body["components"]["parameters"]["limit"]["schema"]["default"] == 20
