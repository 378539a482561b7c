"""The OpenAPI fragments of /api/geocode: one path, its parameters and examples, every reference resolvable."""
from __future__ import annotations

import json

import zhconv

from layers.geocoding.openapi import QUERY_EXAMPLES, RESPONSE_EXAMPLE, openapi_paths, openapi_schemas
from spatial.addresses import parse_address


def refs(node) -> list[str]:
    if isinstance(node, dict):
        return [node["$ref"]] if "$ref" in node else [ref for value in node.values() for ref in refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in refs(value)]
    return []


def test_one_absolute_path_with_its_parameters() -> None:
    paths = openapi_paths()
    assert list(paths) == ["/api/geocode"]
    operation = paths["/api/geocode"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert set(parameters) == {"q", "limit", "crs", "town"}
    assert parameters["q"]["required"] is True and parameters["q"]["schema"]["maxLength"] == 200
    assert (parameters["limit"]["schema"]["minimum"], parameters["limit"]["schema"]["maximum"]) == (1, 50)
    assert {"EPSG:4490", "GCJ02", "BD09", "EPSG:4547"} <= set(parameters["crs"]["schema"]["enum"])
    assert set(operation["responses"]) == {"200", "400"}


def test_every_reference_resolves_and_the_document_is_json() -> None:
    schemas = openapi_schemas()
    for ref in refs(openapi_paths()) + refs(schemas):
        assert ref.removeprefix("#/components/schemas/") in schemas, ref
    json.dumps({"paths": openapi_paths(), "schemas": schemas}, ensure_ascii=False)


def test_query_examples_cover_the_forms() -> None:
    values = {name: example["value"] for name, example in QUERY_EXAMPLES.items()}
    assert values["full"].startswith("山西省阳泉市平定县冠山镇")
    assert zhconv.convert(values["traditional"], "zh-hans") != values["traditional"]
    assert any(numeral in values["chinese_numerals"] for numeral in "十两")
    for value in values.values():
        assert parse_address(value).level in ("number", "building", "unit", "room"), value


def test_response_example_has_every_required_field() -> None:
    schemas = openapi_schemas()
    assert set(schemas["geocodeResult"]["required"]) <= set(RESPONSE_EXAMPLE)
    assert set(schemas["geocodeParsed"]["required"]) == set(RESPONSE_EXAMPLE["parsed"])
    for candidate in RESPONSE_EXAMPLE["candidates"]:
        assert set(schemas["geocodeCandidate"]["required"]) == set(candidate)
        assert set(schemas["geocodePoint"]["required"]) == set(candidate["point"])
    assert RESPONSE_EXAMPLE["parsed"] == parse_address(RESPONSE_EXAMPLE["query"]).as_dict()
