"""A report is an incident: the feature API and the vector tiles show it at once, without the reporter."""
from __future__ import annotations

import json

import mapbox_vector_tile

from tiles.grid import tile_at

from .conftest import event_body

RESTRICTED = ("reporter", "reporter_phone")


def test_the_report_is_a_feature_without_the_reporter(post_json, client):
    answer = post_json(event_body()).json()
    response = client.get(f"/ogc/collections/incidents/items/{answer['id']}", {"f": "json"})
    assert response.status_code == 200, response.content
    feature = response.json()
    assert feature["id"] == answer["id"]
    properties = feature["properties"]
    assert properties["code"] == answer["code"]
    assert properties["status"] == "reported"
    assert properties["grid_code"] == answer["snap"]["grid"]["code"]
    assert properties["routed_to"] == answer["routed_to"]
    assert not set(RESTRICTED) & set(properties)
    text = response.content.decode("utf-8")
    assert "王小明" not in text and "13903531234" not in text
    lon, lat = feature["geometry"]["coordinates"]  # CRS84 by default
    assert (lon, lat) == (round(answer["location"]["lon"], 7), round(answer["location"]["lat"], 7))


def test_the_report_is_in_the_items_of_its_day(post_json, client):
    answer = post_json(event_body()).json()
    day = answer["reported_at"][:10]
    response = client.get(
        "/ogc/collections/incidents/items",
        {"f": "json", "datetime": f"{day}T00:00:00+08:00/..", "limit": 1000},
    )
    assert response.status_code == 200
    collection = json.loads(b"".join(response.streaming_content))
    codes = [f["properties"]["code"] for f in collection["features"]]
    assert answer["code"] in codes


def test_the_report_is_in_its_z16_vector_tile(post_json, client):
    """In-process (the test's own transaction); the live-server version is in test_live_reports.py."""
    answer = post_json(event_body()).json()
    tile = tile_at(answer["location"]["lon"], answer["location"]["lat"], 16)
    response = client.get(f"/tiles/incidents/{tile.z}/{tile.x}/{tile.y}.mvt")
    assert response.status_code == 200
    layer = mapbox_vector_tile.decode(response.content)["incidents"]
    mine = [f for f in layer["features"] if f["id"] == answer["id"]]
    assert len(mine) == 1
    assert mine[0]["properties"]["code"] == answer["code"]
    assert not set(RESTRICTED) & set(mine[0]["properties"])
