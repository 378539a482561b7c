"""The filter parameters are in the OpenAPI document of every items path; the example filter runs as written."""
from __future__ import annotations

import json
from urllib.parse import urlencode

from ..ogc.conftest import read


def test_every_items_path_takes_the_filter_parameters_and_the_example_runs(client, db):
    document = json.loads(read(client.get("/ogc/api")))
    parameters = document["components"]["parameters"]
    assert parameters["filter-lang"]["schema"]["enum"] == ["cql2-text", "cql2-json"]
    assert "GCJ02" in parameters["filter-crs"]["schema"]["enum"]
    items_paths = [path for path in document["paths"] if path.endswith("/items") and "as-of" not in path]
    assert len(items_paths) > 1
    for path in items_paths:
        names = {p.get("name") or p["$ref"].rsplit("/", 1)[1] for p in document["paths"][path]["get"]["parameters"]}
        assert {"filter", "filter-lang", "filter-crs"} <= names, path
    example = parameters["filter"]["example"]
    response = client.get("/ogc/collections/components/items?" + urlencode({"filter": example}))
    assert response.status_code == 200, read(response)[:300]


def test_queryables_name_the_geometry_for_spatial_filters(client, db):
    body = json.loads(read(client.get("/ogc/collections/incidents/queryables")))
    assert body["properties"]["geometry"]["format"] == "geometry-point"
    assert body["properties"]["geometry"]["x-ogc-role"] == "primary-geometry"
    assert "reporter" not in body["properties"]
