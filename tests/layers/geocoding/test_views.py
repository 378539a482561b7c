"""GET /api/geocode: the JSON answer, and a 400 naming the parameter for every bad input."""
from __future__ import annotations

import pytest

from spatial.chinese import wgs84_to_gcj02

URL = "/api/geocode"


def test_answer_shape(client, seeded_addresses) -> None:
    address = seeded_addresses["unit_in_building"]
    response = client.get(URL, {"q": address.full_text, "limit": 5})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Crs"] == "<http://www.opengis.net/def/crs/EPSG/0/4490>"
    assert address.full_text.encode() in response.content  # UTF-8, not \u escapes
    body = response.json()
    assert set(body) == {"query", "crs", "parsed", "candidates"}
    assert (body["query"], body["crs"]) == (address.full_text, "EPSG:4490")
    assert body["parsed"]["road"] == address.road and body["parsed"]["level"] == "unit"
    assert 1 <= len(body["candidates"]) <= 5
    top = body["candidates"][0]
    assert (top["code"], top["level"], top["level_label"], top["matched_level"], top["matched_label"], top["score"]) == (
        address.code, "unit", "单元", "unit", "单元", 1.0)
    assert top["point"] == {"x": top["point"]["lon"], "y": top["point"]["lat"],
                            "lon": pytest.approx(address.geom.x, abs=1e-7), "lat": pytest.approx(address.geom.y, abs=1e-7)}
    scores = [candidate["score"] for candidate in body["candidates"]]
    assert scores == sorted(scores, reverse=True)


def test_traditional_query_is_echoed_as_sent(client, seeded_addresses) -> None:
    q = "冠山鎮" + seeded_addresses["urban_door"].road + "１號"
    body = client.get(URL, {"q": q}).json()
    assert body["query"] == q
    assert body["parsed"]["town"] == "冠山镇" and body["parsed"]["number"] == "1"


def test_gcj02_output(client, seeded_addresses) -> None:
    top = client.get(URL, {"q": seeded_addresses["urban_door"].full_text, "crs": "GCJ02"}).json()["candidates"][0]
    x, y = wgs84_to_gcj02(top["point"]["lon"], top["point"]["lat"])
    assert (top["point"]["x"], top["point"]["y"]) == pytest.approx((x, y), abs=2e-7)
    assert top["point"]["x"] != top["point"]["lon"]


@pytest.mark.parametrize("q", ["asdf", "!!!", "你好世界", "12345"])
def test_garbage_is_200_without_candidates(client, db, q: str) -> None:
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    assert response.json()["candidates"] == []


def test_the_longest_query_is_accepted(client, db) -> None:
    assert client.get(URL, {"q": "紫" * 200}).status_code == 200


@pytest.mark.parametrize("limit", ["1", "50"])
def test_limit_bounds_are_accepted(client, seeded_addresses, limit: str) -> None:
    response = client.get(URL, {"q": seeded_addresses["urban_door"].road, "limit": limit})
    assert response.status_code == 200
    assert len(response.json()["candidates"]) <= int(limit)


@pytest.mark.parametrize("town", ["冠山镇", "冠山鎮"])
def test_town_filter_is_accepted(client, seeded_addresses, town: str) -> None:
    assert client.get(URL, {"q": seeded_addresses["urban_door"].road, "town": town}).status_code == 200


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "\u3000"}, "q"),
        ({"q": "紫" * 201}, "q"),
        ({"q": "紫云街\x0018号"}, "q"),
        ({"q": ["紫云街", "18号"]}, "q"),
        ({"q": "紫云街", "limit": "0"}, "limit"),
        ({"q": "紫云街", "limit": "51"}, "limit"),
        ({"q": "紫云街", "limit": "-1"}, "limit"),
        ({"q": "紫云街", "limit": "abc"}, "limit"),
        ({"q": "紫云街", "limit": "1.5"}, "limit"),
        ({"q": "紫云街", "limit": ""}, "limit"),
        ({"q": "紫云街", "crs": "EPSG:9999"}, "crs"),
        ({"q": "紫云街", "crs": "WGS84"}, "crs"),
        ({"q": "紫云街", "crs": ""}, "crs"),
        ({"q": "紫云街", "town": "北京镇"}, "town"),
        ({"q": "紫云街", "format": "json"}, "format"),
    ],
)
def test_bad_input_is_400_naming_the_parameter(client, db, query: dict, parameter: str) -> None:
    response = client.get(URL, query)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["parameter"] == parameter
    assert body["code"] and body["description"]


def test_post_is_not_allowed(client, db) -> None:
    assert client.post(URL, {"q": "紫云街"}).status_code == 405
