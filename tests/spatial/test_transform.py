"""transform_xy and friends: Gauss-Kruger arithmetic, round trips in metres, errors."""

import math

import numpy as np
import pytest
from pyproj import Geod

from spatial.chinese import wgs84_to_bd09, wgs84_to_gcj02
from spatial.crs import BD09, CRS84, CRS_TABLE, EPSG_3857, EPSG_4326, EPSG_4490, EPSG_4526, EPSG_4547, GCJ02
from spatial.errors import CoordinateError
from spatial.transform import transform_bbox, transform_xy, validate_lonlat

GEOD = Geod(ellps="GRS80")
COUNTY_SEAT = (113.627, 37.795)
COUNTY_POINTS = (np.array([113.2, 113.627, 114.0, 113.85]), np.array([37.5, 37.795, 38.1, 37.62]))


def test_county_seat_in_epsg_4547():
    easting, northing = transform_xy(*COUNTY_SEAT, src=EPSG_4490, dst=EPSG_4547)
    assert 4_180_000 < northing < 4_190_000
    assert 440_000 < easting < 470_000
    assert easting == pytest.approx(467_147.445, abs=0.01)
    assert northing == pytest.approx(4_184_809.674, abs=0.01)


@pytest.mark.parametrize("lat", [37.5, 37.795, 38.1])
def test_central_meridian_maps_to_false_easting(lat):
    easting, _ = transform_xy(114.0, lat, src=EPSG_4490, dst=EPSG_4547)
    assert easting == pytest.approx(500_000.0, abs=1e-6)


@pytest.mark.parametrize("lon, lat", [(113.2, 37.5), COUNTY_SEAT, (114.0, 38.1), (113.9, 37.6)])
def test_zone_38_is_zone_114_with_the_prefix(lon, lat):
    e_4547, n_4547 = transform_xy(lon, lat, src=EPSG_4490, dst=EPSG_4547)
    e_4526, n_4526 = transform_xy(lon, lat, src=EPSG_4490, dst=EPSG_4526)
    assert e_4526 == pytest.approx(38_500_000 + (e_4547 - 500_000), abs=1e-6)
    assert n_4526 == pytest.approx(n_4547, abs=1e-6)


def test_gauss_kruger_distance_matches_geodesic():
    """Scale check: 1 km north of the county seat is 1 km in EPSG:4547 (scale factor 1, near the CM)."""
    lon2, lat2, _ = GEOD.fwd(*COUNTY_SEAT, 0.0, 1000.0)
    e1, n1 = transform_xy(*COUNTY_SEAT, src=EPSG_4490, dst=EPSG_4547)
    e2, n2 = transform_xy(lon2, lat2, src=EPSG_4490, dst=EPSG_4547)
    assert math.hypot(e2 - e1, n2 - n1) == pytest.approx(1000.0, abs=0.05)


CHAIN = [EPSG_4490, EPSG_4547, EPSG_4526, EPSG_3857, CRS84, EPSG_4490]


def test_round_trip_chain_within_a_millimetre():
    xs, ys = COUNTY_POINTS
    for src, dst in zip(CHAIN, CHAIN[1:]):
        xs, ys = transform_xy(xs, ys, src=src, dst=dst)
    assert GEOD.inv(*COUNTY_POINTS, xs, ys)[2].max() < 1e-3


@pytest.mark.parametrize("via", [info for info in CRS_TABLE if info is not EPSG_4490], ids=lambda i: i.key)
def test_round_trip_through_each_crs_within_a_millimetre(via):
    there = transform_xy(*COUNTY_POINTS, src=EPSG_4490, dst=via)
    back = transform_xy(*there, src=via, dst=EPSG_4490)
    assert np.max(GEOD.inv(*COUNTY_POINTS, *back)[2]) < 1e-3


@pytest.mark.parametrize(
    "dst, function", [(GCJ02, wgs84_to_gcj02), (BD09, wgs84_to_bd09)], ids=["GCJ02", "BD09"]
)
def test_chinese_systems_route_through_wgs84(dst, function):
    assert transform_xy(*COUNTY_SEAT, src=EPSG_4490, dst=dst) == function(*COUNTY_SEAT)


def test_gcj02_to_gauss_kruger():
    gcj = wgs84_to_gcj02(*COUNTY_SEAT)
    from_gcj = transform_xy(*gcj, src=GCJ02, dst=EPSG_4547)
    direct = transform_xy(*COUNTY_SEAT, src=EPSG_4490, dst=EPSG_4547)
    assert math.dist(from_gcj, direct) < 1e-3


def test_same_crs_is_identity_and_scalars_give_floats():
    assert transform_xy(*COUNTY_SEAT, src=GCJ02, dst=GCJ02) == COUNTY_SEAT
    x, y = transform_xy(*COUNTY_SEAT, src=CRS84, dst=EPSG_4326)
    assert (x, y) == COUNTY_SEAT and type(x) is float


def test_arrays_keep_shape():
    xs = np.full((2, 3), 113.6)
    ys = np.full((2, 3), 37.8)
    out_x, out_y = transform_xy(xs, ys, src=CRS84, dst=EPSG_3857)
    assert out_x.shape == (2, 3) and out_y.shape == (2, 3)


@pytest.mark.parametrize(
    "x, y, src, dst",
    [
        pytest.param(math.nan, 37.8, CRS84, EPSG_4547, id="nan"),
        pytest.param(113.6, math.inf, EPSG_4490, GCJ02, id="inf"),
        pytest.param(200.0, 37.8, CRS84, EPSG_3857, id="lon-range"),
        pytest.param(37.8, 113.6, EPSG_4326, EPSG_4547, id="swapped-lonlat"),
        pytest.param(4_184_809.7, 467_147.4, EPSG_4547, CRS84, id="swapped-gauss-kruger"),
        pytest.param(467_147.4, 4_184_809.7, EPSG_4526, CRS84, id="zone-prefix-missing"),
        pytest.param(38_467_147.4, 4_184_809.7, EPSG_4547, CRS84, id="zone-prefix-extra"),
        pytest.param(0.0, 1e30, EPSG_4547, CRS84, id="absurd-northing"),
        pytest.param(-100.0, 40.0, CRS84, EPSG_4547, id="outside-target-area"),
        pytest.param(0.0, 89.0, CRS84, EPSG_3857, id="web-mercator-pole"),
    ],
)
def test_bad_coordinates_raise_coordinate_error_naming_the_parameter(x, y, src, dst):
    with pytest.raises(CoordinateError) as caught:
        transform_xy(x, y, src=src, dst=dst, parameter="coords")
    assert caught.value.parameter == "coords"
    assert caught.value.code == "InvalidCoordinate"
    assert "'coords'" in str(caught.value)


def test_mismatched_lengths_raise():
    with pytest.raises(CoordinateError, match="as many x values as y values"):
        transform_xy([1.0, 2.0], [1.0, 2.0, 3.0], src=CRS84, dst=EPSG_3857)


def test_validate_lonlat():
    assert validate_lonlat(113.6, 37.8, parameter="point") == (113.6, 37.8)
    with pytest.raises(CoordinateError, match="latitude 113.6") as caught:
        validate_lonlat(37.8, 113.6, parameter="point")
    assert caught.value.parameter == "point"
    with pytest.raises(CoordinateError, match="NaN"):
        validate_lonlat([1.0, math.nan], [1.0, 2.0], parameter="bbox")


def test_transform_bbox_encloses_the_curved_box():
    box = (113.2, 37.5, 114.0, 38.1)
    minx, miny, maxx, maxy = transform_bbox(box, src=CRS84, dst=EPSG_4547)
    assert maxx == pytest.approx(500_000.0, abs=1e-6)
    corners = transform_xy([113.2, 113.2, 114.0, 114.0], [37.5, 38.1, 37.5, 38.1], src=CRS84, dst=EPSG_4547)
    assert minx <= corners[0].min() and maxx >= corners[0].max()
    assert miny <= corners[1].min() and maxy >= corners[1].max()
    with pytest.raises(CoordinateError, match="min greater than max"):
        transform_bbox((114.0, 37.5, 113.2, 38.1), src=CRS84, dst=EPSG_4547, parameter="bbox")
