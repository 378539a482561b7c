"""Bad input over HTTP: a 4xx JSON answer with a code, a sentence and the parameter at fault; never a 500."""
from __future__ import annotations

import json

import pytest

from .conftest import read

ITEMS = "/ogc/collections/components/items"


@pytest.mark.parametrize(
    ("url", "status", "parameter"),
    [
        (ITEMS + "?bbox=1,2,3", 400, "bbox"),
        (ITEMS + "?bbox=1,2,3,4,5", 400, "bbox"),
        (ITEMS + "?bbox=a,b,c,d", 400, "bbox"),
        (ITEMS + "?bbox=NaN,37,114,38", 400, "bbox"),
        (ITEMS + "?bbox=114,37,113,38", 400, "bbox"),
        (ITEMS + "?bbox=113,95,114,96", 400, "bbox"),
        (ITEMS + "?bbox=113.6,37.78,113.65,37.81&bbox-crs=EPSG:4326", 400, "bbox"),
        (ITEMS + "?bbox=1e300,1e300,1e301,1e301&bbox-crs=EPSG:4547", 400, "bbox"),
        (ITEMS + "?bbox=1e300,1e300,1e301,1e301&bbox-crs=EPSG:3857", 400, "bbox"),
        (ITEMS + "?bbox-crs=EPSG:1234", 400, "bbox-crs"),
        (ITEMS + "?crs=EPSG:1234", 400, "crs"),
        (ITEMS + "?crs=", 400, "crs"),
        (ITEMS + "?limit=0", 400, "limit"),
        (ITEMS + "?limit=10001", 400, "limit"),
        (ITEMS + "?limit=ten", 400, "limit"),
        (ITEMS + "?offset=-5", 400, "offset"),
        (ITEMS + "?offset=1e3", 400, "offset"),
        (ITEMS + "?datetime=2024-01-01", 400, "datetime"),
        ("/ogc/collections/incidents/items?datetime=not-a-date", 400, "datetime"),
        ("/ogc/collections/incidents/items?datetime=2024-02-01/2024-01-01", 400, "datetime"),
        (ITEMS + "?properties=code,secret", 400, "properties"),
        (ITEMS + "?member_phone=1", 400, "member_phone"),
        ("/ogc/collections/grids/items?member_phone=1", 400, "member_phone"),
        ("/ogc/collections/incidents/items?reporter_phone=1", 400, "reporter_phone"),
        (ITEMS + "?state=gone", 400, "state"),
        (ITEMS + "?installed_on=2024-02-30", 400, "installed_on"),
        ("/ogc/collections/grids/items?households=many", 400, "households"),
        (ITEMS + "?sortby=secret", 400, "sortby"),
        (ITEMS + "?f=xml", 400, "f"),
        (ITEMS + "?limit=1&limit=2", 400, "limit"),
        (ITEMS + "?name=%00", 400, "name"),
        ("/ogc/collections/nope/items", 404, "collectionId"),
        ("/ogc/collections/nope", 404, "collectionId"),
        ("/ogc/collections/nope/queryables", 404, "collectionId"),
        ("/ogc/collections/components/items/12x", 400, "featureId"),
        ("/ogc/collections/components/items/99999999999999999999", 400, "featureId"),
        ("/ogc/collections/components/items/987654321", 404, "featureId"),
        ("/ogc/collections/components/items/1?limit=5", 400, "limit"),
        ("/ogc/collections/components/items/1?crs=EPSG:1", 400, "crs"),
        ("/ogc/?f=pdf", 400, "f"),
        ("/ogc/collections?foo=bar", 400, "foo"),
        ("/ogc/conformance?f=yaml", 400, "f"),
        ("/ogc/api?f=yaml", 400, "f"),
    ],
)
def test_bad_input_is_a_json_4xx_naming_the_parameter(client, db, url, status, parameter):
    response = client.get(url)
    body = json.loads(read(response))
    assert response.status_code == status, body
    assert response["Content-Type"].startswith("application/json")
    assert body["parameter"] == parameter
    assert body["code"] and len(body["description"]) > 10


@pytest.mark.parametrize(
    "query",
    [
        "bbox=-180,-90,180,90", "bbox=0,0,0,0", "bbox=-180,-90,180,90&bbox-crs=EPSG:4326", "bbox=0,0,1,1&bbox-crs=EPSG:4547",
        "bbox=-9e6,-9e6,9e6,9e6&bbox-crs=EPSG:4547", "bbox=-2e7,-2e7,2e7,2e7&bbox-crs=EPSG:3857",
        "bbox=0,0,100,100&bbox-crs=EPSG:4526", "bbox=1,1,1,1&bbox-crs=GCJ02", "bbox=-180,-90,180,90&bbox-crs=BD09",
        "bbox=113.6,37.7,113.7,37.8&crs=EPSG:4526", "offset=2147483647", "crs=EPSG:3857&limit=10000",
        "sortby=%2B,-", "properties=,,,", "name=%27%3B%20DROP%20TABLE%20layers_component%3B--", "code=%F0%9F%98%80",
        "bbox=113.6,37.7,113.7,37.8,1,2", "datetime=..", "f=HTML", "installed_on=0001-01-01", "surveyed_on=9999-12-31",
    ],
)
def test_odd_but_valid_or_invalid_input_never_gives_a_500(client, db, query):
    response = client.get(f"{ITEMS}?{query}")
    read(response)
    assert response.status_code < 500, query


def test_a_405_for_other_methods(client, db):
    assert client.put(ITEMS).status_code == 405
