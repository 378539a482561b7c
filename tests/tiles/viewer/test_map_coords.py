"""``/map/coords``: a clicked point in CGCS2000 lon/lat and in GK EPSG:4547 metres, checked against pyproj."""
from __future__ import annotations

import pytest
from pyproj import Transformer

POINTS = [(113.627, 37.795), (113.2, 37.6), (114.0, 38.0), (113.5123456, 37.9876543)]


@pytest.mark.parametrize(("lon", "lat"), POINTS)
def test_gk_metres_match_pyproj(client, lon, lat):
    northing, easting = Transformer.from_crs("EPSG:4490", "EPSG:4547").transform(lat, lon)  # EPSG axis order
    body = client.get("/map/coords", {"lon": lon, "lat": lat}).json()
    assert body["gk"]["northing"] == pytest.approx(northing, abs=0.001)
    assert body["gk"]["easting"] == pytest.approx(easting, abs=0.001)
    assert body["gk"]["crs"].endswith("/EPSG/0/4547")
    assert (body["cgcs2000"]["lon"], body["cgcs2000"]["lat"]) == (round(lon, 7), round(lat, 7))


def test_the_seat_lies_west_of_the_central_meridian():
    assert Transformer.from_crs("EPSG:4490", "EPSG:4547").transform(37.795, 113.627)[1] < 500_000


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"lat": "37.8"}, "lon"),
        ({"lon": "113.6"}, "lat"),
        ({"lon": "abc", "lat": "37.8"}, "lon"),
        ({"lon": "113.6", "lat": "nan"}, "lat"),
        ({"lon": "113.6", "lat": "91"}, "lat"),
        ({"lon": "181", "lat": "37.8"}, "lon"),
        ({"lon": "10", "lat": "37.8"}, "lon"),
    ],
)
def test_bad_coordinates_are_a_400_naming_the_parameter(client, query, parameter):
    response = client.get("/map/coords", query)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
