"""The OpenAPI fragments of the snapping service: every route documented, every reference resolvable, examples
that the live server reproduces in shape."""
from __future__ import annotations

import json

import pytest
import requests
from django.urls import reverse

from layers.locate.openapi import openapi_paths, openapi_schemas


def refs(node) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if "$ref" in node else []
        return found + [r for value in node.values() for r in refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in refs(value)]
    return []


def test_every_route_is_documented():
    paths = openapi_paths()
    assert set(paths) == {reverse("locate:snap"), reverse("locate:reverse"), reverse("locate:addresses-nearest")}
    assert set(paths["/api/snap"]) == {"get"} and set(paths["/api/addresses/nearest"]) == {"post"}


def test_every_reference_resolves_to_a_locate_schema():
    schemas = openapi_schemas()
    document = {"paths": openapi_paths(), "schemas": schemas}
    names = {r.removeprefix("#/components/schemas/") for r in refs(document)}
    assert names and names <= set(schemas)
    assert all(name.startswith("locate") for name in schemas)
    json.dumps(document, ensure_ascii=False)  # serialisable


def test_operations_have_errors_and_examples():
    paths = openapi_paths()
    for path in ("/api/snap", "/api/reverse"):
        operation = paths[path]["get"]
        assert {"200", "400", "422"} <= set(operation["responses"])
        assert "smallest code" in operation["description"]
        names = {p["name"] for p in operation["parameters"]}
        assert {"lon", "lat", "x", "y", "crs"} <= names
    examples = paths["/api/snap"]["get"]["responses"]["200"]["content"]["application/json"]["examples"]
    assert {"seat", "gcj02"} <= set(examples)
    outside = paths["/api/snap"]["get"]["responses"]["422"]["content"]["application/json"]["examples"]
    assert "did you swap lon and lat?" in outside["swapped"]["value"]["description"]
    assert {"200", "400", "413"} <= set(paths["/api/addresses/nearest"]["post"]["responses"])
    lon = next(p for p in paths["/api/snap"]["get"]["parameters"] if p["name"] == "lon")
    assert "easting" in lon["description"] and "EPSG:4547" in lon["description"]


def required_keys(schemas: dict, name: str) -> set[str]:
    return set(schemas[name]["required"])


@pytest.mark.live
def test_live_answers_match_the_documented_schemas(live_url, db):
    """The live server on the seeded test county: a snap, a reverse, a 422 and a bulk nearest, keys as documented."""
    from .conftest import fetch

    lon, lat = fetch("SELECT ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom)) FROM layers_grid ORDER BY code LIMIT 1")[0]
    schemas = openapi_schemas()
    with requests.Session() as session:
        snap = session.get(f"{live_url}/api/snap", params={"lon": lon, "lat": lat}, timeout=30)
        assert snap.status_code == 200, snap.text
        assert set(snap.json()) == required_keys(schemas, "locateSnap")
        assert set(snap.json()["grid"]) == required_keys(schemas, "locateGrid")
        rev = session.get(f"{live_url}/api/reverse", params={"lon": lon, "lat": lat, "limit": 2}, timeout=30)
        assert set(rev.json()) == required_keys(schemas, "locateReverse")
        outside = session.get(f"{live_url}/api/snap", params={"lon": lat, "lat": lon}, timeout=30)
        assert outside.status_code == 422
        assert required_keys(schemas, "locateOutsideCounty") <= set(outside.json())
        nearest = session.post(f"{live_url}/api/addresses/nearest", json={"points": [[lon, lat]]}, timeout=30)
        assert nearest.status_code == 200, nearest.text
        assert set(nearest.json()) == required_keys(schemas, "locateNearestResult")
