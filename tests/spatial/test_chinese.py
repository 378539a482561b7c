"""GCJ-02 and BD-09: reference points, offset sizes and round trips measured in metres."""

import math

import numpy as np
import pytest
from pyproj import Geod

from spatial import chinese
from spatial.chinese import (
    bd09_to_gcj02,
    bd09_to_wgs84,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    out_of_china,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)

GEOD = Geod(ellps="WGS84")
COUNTY_SEAT = (113.627, 37.795)


def metres(lon1, lat1, lon2, lat2):
    """Geodesic distance(s) in metres between lon/lat degree pairs."""
    return np.asarray(GEOD.inv(lon1, lat1, lon2, lat2)[2])


@pytest.fixture(scope="module")
def county_grid():
    """A 9 x 7 lon/lat grid over Pingding county (113.2-114.0 E, 37.5-38.1 N), degrees."""
    lon, lat = np.meshgrid(np.linspace(113.2, 114.0, 9), np.linspace(37.5, 38.1, 7))
    return lon.ravel(), lat.ravel()


# Test vectors published with eviltransform (googollee/eviltransform, python/test.py), an
# independent implementation of the same reverse-engineered formula: (wgs lon, wgs lat, gcj lon, gcj lat).
EVILTRANSFORM_WGS_GCJ = [
    pytest.param(121.5272106, 31.1774276, 121.531541859215, 31.17530398364597, id="shanghai"),
    pytest.param(113.912316, 22.543847, 113.9171764808363, 22.540796131694766, id="shenzhen"),
    pytest.param(116.377817, 39.911954, 116.38404722455657, 39.91334545536069, id="beijing"),
]


@pytest.mark.parametrize("wlon, wlat, glon, glat", EVILTRANSFORM_WGS_GCJ)
def test_wgs84_to_gcj02_matches_published_vectors(wlon, wlat, glon, glat):
    lon, lat = wgs84_to_gcj02(wlon, wlat)
    assert lon == pytest.approx(glon, abs=1e-9)
    assert lat == pytest.approx(glat, abs=1e-9)


@pytest.mark.parametrize("wlon, wlat, glon, glat", EVILTRANSFORM_WGS_GCJ)
def test_gcj02_to_wgs84_inverts_published_vectors(wlon, wlat, glon, glat):
    lon, lat = gcj02_to_wgs84(glon, glat)
    assert metres(lon, lat, wlon, wlat) < 0.001


def test_formula_is_within_a_metre_of_the_amap_service():
    """Near Tiananmen, the value a public R package's tests record from the AMap API (marked "# api")."""
    lon, lat = wgs84_to_gcj02(116.39089, 39.90734)
    assert metres(lon, lat, 116.39713623, 39.90874539) < 1.0


def test_gcj02_to_bd09_matches_published_vector():
    lon, lat = gcj02_to_bd09(116.397131, 39.908746)
    assert metres(lon, lat, 116.40350426, 39.91508839) < 0.001


def test_tiananmen_offset_is_a_few_hundred_metres():
    wlon, wlat = 116.391349, 39.907375
    glon, glat = wgs84_to_gcj02(wlon, wlat)
    assert 100.0 < metres(wlon, wlat, glon, glat) < 700.0
    assert glon > wlon and glat > wlat


def test_county_offsets_are_a_few_hundred_metres(county_grid):
    lon, lat = county_grid
    glon, glat = wgs84_to_gcj02(lon, lat)
    offsets = metres(lon, lat, glon, glat)
    assert offsets.min() > 500.0 and offsets.max() < 650.0
    blon, blat = wgs84_to_bd09(lon, lat)
    assert metres(lon, lat, blon, blat).min() > 1000.0


def test_gcj02_round_trip_over_county_is_below_a_centimetre(county_grid):
    lon, lat = county_grid
    back = gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat))
    assert metres(lon, lat, *back).max() < 0.01


def test_bd09_round_trip_over_county_is_below_five_centimetres(county_grid):
    lon, lat = county_grid
    back = bd09_to_wgs84(*wgs84_to_bd09(lon, lat))
    assert metres(lon, lat, *back).max() < 0.05
    gcj = wgs84_to_gcj02(lon, lat)
    back_gcj = bd09_to_gcj02(*gcj02_to_bd09(*gcj))
    assert metres(*gcj, *back_gcj).max() < 0.05


def test_iterative_inverse_beats_one_step_subtraction(county_grid):
    lon, lat = county_grid
    glon, glat = wgs84_to_gcj02(lon, lat)
    dlon, dlat = chinese._gcj02_offset(glon, glat)
    one_step = metres(lon, lat, glon - dlon, glat - dlat).max()
    iterated = metres(lon, lat, *gcj02_to_wgs84(glon, glat)).max()
    assert one_step > 1.0
    assert iterated < 1e-4


def test_tolerance_controls_the_inverse():
    glon, glat = wgs84_to_gcj02(*COUNTY_SEAT)
    coarse = gcj02_to_wgs84(glon, glat, max_iter=0)
    fine = gcj02_to_wgs84(glon, glat)
    assert metres(*coarse, *COUNTY_SEAT) > 1.0
    assert metres(*fine, *COUNTY_SEAT) < 1e-4


def test_scalars_in_floats_out():
    lon, lat = wgs84_to_gcj02(*COUNTY_SEAT)
    assert type(lon) is float and type(lat) is float


def test_arrays_keep_their_shape_and_match_scalars():
    lon = np.array([[113.6, 113.7], [113.8, 113.9]])
    lat = np.full_like(lon, 37.8)
    glon, glat = wgs84_to_gcj02(lon, lat)
    assert glon.shape == lat.shape == (2, 2)
    assert glon[1, 0] == wgs84_to_gcj02(113.8, 37.8)[0]
    assert glat[1, 0] == wgs84_to_gcj02(113.8, 37.8)[1]


def test_empty_arrays():
    lon, lat = gcj02_to_wgs84([], [])
    assert lon.shape == (0,) and lat.shape == (0,)


@pytest.mark.parametrize(
    "function", [wgs84_to_gcj02, gcj02_to_wgs84, gcj02_to_bd09, bd09_to_gcj02, wgs84_to_bd09, bd09_to_wgs84]
)
@pytest.mark.parametrize("lon, lat", [(-0.1276, 51.5072), (151.2093, -33.8688), (179.0, 60.0)])
def test_outside_china_is_unchanged(function, lon, lat):
    assert out_of_china(lon, lat)
    assert function(lon, lat) == (lon, lat)


def test_mixed_inside_and_outside_and_nan():
    lon = np.array([113.627, -0.1276, math.nan])
    lat = np.array([37.795, 51.5072, 37.0])
    glon, glat = wgs84_to_gcj02(lon, lat)
    assert glon[0] != lon[0]
    assert (glon[1], glat[1]) == (lon[1], lat[1])
    assert math.isnan(glon[2]) and glat[2] == 37.0


def test_out_of_china_rectangle():
    assert not out_of_china(*COUNTY_SEAT)
    assert out_of_china(72.0, 30.0) and out_of_china(100.0, 56.0)
    assert out_of_china(math.nan, 30.0)
    assert list(out_of_china([113.6, 0.0], [37.8, 0.0])) == [False, True]
