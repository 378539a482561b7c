"""``GET /api/snap``, ``GET /api/reverse`` over the test client: the JSON shapes, CRS handling and every bad input
answered 400 naming the parameter (422 for points outside the county)."""
from __future__ import annotations

from urllib.parse import urlencode

import pytest

from spatial.crs import EPSG_4547, GCJ02

from .conftest import from_storage, nearest_addresses


def url(path: str, **params) -> str:
    return f"{path}?{urlencode(params)}"


def test_snap_answers_grid_staff_town_community_address_and_components(get_json, near_components):
    place = near_components
    body = get_json(url("/api/snap", lon=place.lon, lat=place.lat, radius=100))
    assert body["crs"] == "EPSG:4490"
    assert body["grid"]["code"] == place.grid_code
    assert set(body["grid"]) == {"code", "name", "kind", "grid_leader", "grid_member", "grid_assistant"}
    assert body["grid"]["grid_leader"]["label"] == "网格长"
    assert body["grid"]["grid_member"]["label"] == "专职网格员"
    assert body["grid"]["grid_assistant"]["label"] == "网格协管员"
    assert set(body["town"]) == set(body["community"]) == {"code", "name"}
    (code, distance), = nearest_addresses(place.lon, place.lat)
    assert body["address"]["code"] == code
    assert body["address"]["distance_m"] == round(distance, 2)
    assert body["radius_m"] == 100
    assert body["components"], "the fixture point has components within 100 m"
    component = body["components"][0]
    assert set(component) == {
        "code", "name", "category", "state", "state_label", "owner_department", "distance_m", "position",
    }
    assert set(component["position"]) == {"x", "y", "lon", "lat"}
    distances = [c["distance_m"] for c in body["components"]]
    assert distances == sorted(distances) and distances[-1] <= 100


def test_snap_in_gcj02_with_x_y_aliases(get_json, near_components):
    x, y = from_storage(near_components.lon, near_components.lat, GCJ02)
    body = get_json(url("/api/snap", x=x, y=y, crs="GCJ-02"))
    assert body["crs"] == "GCJ02"
    assert body["grid"]["code"] == near_components.grid_code
    assert body["point"]["x"] == round(x, 7)
    assert abs(body["point"]["lon"] - near_components.lon) < 1e-7


def test_snap_in_gauss_kruger_takes_easting_as_lon(get_json, near_components):
    easting, northing = from_storage(near_components.lon, near_components.lat, EPSG_4547)
    body = get_json(url("/api/snap", lon=easting, lat=northing, crs="EPSG:4547"))
    assert body["grid"]["code"] == near_components.grid_code
    assert body["point"]["x"] == round(easting, 3)
    position = body["address"]["position"]
    assert 300_000 < position["x"] < 700_000 and 4_000_000 < position["y"] < 4_400_000


def test_reverse_answers_the_limit_nearest_addresses_with_parts(get_json, near_components):
    place = near_components
    body = get_json(url("/api/reverse", lon=place.lon, lat=place.lat, limit=3))
    assert [a["code"] for a in body["addresses"]] == [code for code, _ in nearest_addresses(place.lon, place.lat, 3)]
    assert body["grid"]["code"] == place.grid_code
    parts = body["addresses"][0]["parts"]
    assert set(parts) == {"province", "city", "county", "town", "community", "road", "number", "building_no", "unit", "room"}
    assert body["addresses"][0]["level_label"] in {"门牌", "楼栋", "单元", "户室"}


def test_reverse_default_limit_is_one(get_json, near_components):
    body = get_json(url("/api/reverse", lon=near_components.lon, lat=near_components.lat))
    assert len(body["addresses"]) == 1


def test_outside_is_422_with_the_nearest_grid(get_json, db):
    body = get_json(url("/api/snap", lon=115.5, lat=37.8), expect=422)
    assert body["code"] == "OutsideCounty"
    assert body["nearest_grid"]["code"] and body["nearest_grid"]["distance_m"] > 1000
    assert body["point"] == {"crs": "EPSG:4490", "x": 115.5, "y": 37.8}


def test_swapped_pair_is_422_mentioning_the_swap(get_json, near_components):
    body = get_json(url("/api/snap", lon=near_components.lat, lat=near_components.lon), expect=422)
    assert "did you swap lon and lat?" in body["description"]
    assert body["swapped"]["grid"]["code"] == near_components.grid_code
    reverse = get_json(url("/api/reverse", lon=near_components.lat, lat=near_components.lon), expect=422)
    assert reverse["swapped"]["grid"]["code"] == near_components.grid_code


SEAT = {"lon": "113.627", "lat": "37.795"}


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/api/snap", {"lat": "37.795"}, "lon"),
        ("/api/snap", {"lon": "113.627"}, "lat"),
        ("/api/snap", {}, "lon"),
        ("/api/snap", {"lon": "", "lat": "37.795"}, "lon"),
        ("/api/snap", {"lon": "abc", "lat": "37.795"}, "lon"),
        ("/api/snap", {"lon": "113.627", "lat": "NaN"}, "lat"),
        ("/api/snap", {"lon": "nan", "lat": "37.795"}, "lon"),
        ("/api/snap", {"lon": "inf", "lat": "37.795"}, "lon"),
        ("/api/snap", {"lon": "-Infinity", "lat": "37.795"}, "lon"),
        ("/api/snap", {"lon": "1e400", "lat": "37.795"}, "lon"),
        ("/api/snap", {"lon": "0x71", "lat": "37.795"}, "lon"),
        ("/api/snap", {"lon": "113_627", "lat": "37.795"}, "lon"),
        ("/api/snap", {"lon": "113.627,1", "lat": "37.795"}, "lon"),
        ("/api/snap", {"lon": "180.5", "lat": "37.795"}, "lon"),
        ("/api/snap", {"lon": "-181", "lat": "37.795"}, "lon"),
        ("/api/snap", {"lon": "113.627", "lat": "90.01"}, "lat"),
        ("/api/snap", {"lon": "113.627", "lat": "-95"}, "lat"),
        ("/api/snap", {"x": "200", "y": "37.795"}, "x"),
        ("/api/snap", {"x": "113.627"}, "y"),
        ("/api/snap", {"lon": "113.627", "lat": "37.795", "x": "113.627"}, "x"),
        ("/api/snap", {**SEAT, "crs": "EPSG:9999"}, "crs"),
        ("/api/snap", {**SEAT, "crs": "WGS84"}, "crs"),
        ("/api/snap", {**SEAT, "crs": ""}, "crs"),
        ("/api/snap", {"lon": "1", "lat": "1", "crs": "EPSG:4547"}, "lon,lat"),
        ("/api/snap", {"lon": "113.627", "lat": "37.795", "crs": "EPSG:3857"}, None),  # a real place: 422, not 400
        ("/api/snap", {**SEAT, "radius": "0"}, "radius"),
        ("/api/snap", {**SEAT, "radius": "-5"}, "radius"),
        ("/api/snap", {**SEAT, "radius": "1000.01"}, "radius"),
        ("/api/snap", {**SEAT, "radius": "abc"}, "radius"),
        ("/api/snap", {**SEAT, "radius": "nan"}, "radius"),
        ("/api/snap", {**SEAT, "limit": "3"}, "limit"),
        ("/api/snap", {**SEAT, "bbox": "1,2,3,4"}, "bbox"),
        ("/api/reverse", {**SEAT, "limit": "0"}, "limit"),
        ("/api/reverse", {**SEAT, "limit": "21"}, "limit"),
        ("/api/reverse", {**SEAT, "limit": "2.5"}, "limit"),
        ("/api/reverse", {**SEAT, "limit": "abc"}, "limit"),
        ("/api/reverse", {**SEAT, "radius": "10"}, "radius"),
        ("/api/reverse", {"lon": "113.627"}, "lat"),
    ],
)
def test_bad_input_is_400_naming_the_parameter(client, db, path, params, parameter):
    response = client.get(url(path, **params))
    body = response.json()
    if parameter is None:
        assert response.status_code == 422, body
        return
    assert response.status_code == 400, body
    assert body["parameter"] == parameter
    assert body["description"]


def test_repeated_parameter_is_400(client, db):
    response = client.get("/api/snap?lon=113.627&lon=113.6&lat=37.795")
    assert response.status_code == 400 and response.json()["parameter"] == "lon"


def test_post_is_not_allowed_on_snap(client, db):
    assert client.post("/api/snap?lon=113.627&lat=37.795").status_code == 405
