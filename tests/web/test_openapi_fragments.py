"""The OpenAPI parameters written by the parsers: the document states the bounds the parsers enforce."""
from __future__ import annotations

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def parameters(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                if "$ref" in parameter:
                    parameter = document["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
                yield f"{method.upper()} {path} {parameter['name']}", parameter


def test_every_default_is_one_of_its_enum():
    document = Client().get("/openapi.json").json()
    checked = 0
    for where, parameter in parameters(document):
        schema = parameter["schema"]
        if "enum" in schema and "default" in schema:
            assert schema["default"] in schema["enum"], where
            checked += 1
    assert checked >= 5  # crs of the feature API, snapping, geocoding and Open311


def test_a_limit_setting_changes_the_document_and_the_parser_together():
    with override_settings(PINGDING_OGC_MAX_LIMIT=500):
        document = Client().get("/openapi.json").json()
        accepted = Client().get("/ogc/collections/incidents/items?limit=500")
        accepted_body = b"".join(accepted.streaming_content)  # read to its end: the stream holds a cursor open
        accepted.close()
        refused = Client().get("/ogc/collections/incidents/items?limit=501")
    limit = next(p for where, p in parameters(document) if where == "GET /ogc/collections/{collectionId}/items limit")
    assert limit["schema"]["maximum"] == 500
    assert accepted.status_code == 200 and b"FeatureCollection" in accepted_body
    assert refused.status_code == 400 and refused.json()["parameter"] == "limit"
