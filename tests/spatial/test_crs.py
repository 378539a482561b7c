"""The CRS table: axis claims checked against pyproj, identifier forms, axis-order helpers."""

import numpy as np
import pytest
from pyproj import CRS

from spatial.crs import (
    BD09,
    CRS84,
    CRS_TABLE,
    EPSG_3857,
    EPSG_4326,
    EPSG_4490,
    EPSG_4526,
    EPSG_4547,
    GCJ02,
    OGC_CRS_URIS,
    STORAGE_CRS,
    STORAGE_SRID,
    crs_by_srid,
    from_axis_order,
    resolve_crs,
    to_axis_order,
)
from spatial.errors import SpatialError, UnknownCrs

AXIS_FROM_PYPROJ = {
    ("east", "north"): {"lonlat", "en"},
    ("north", "east"): {"latlon", "ne"},
}

EPSG_ENTRIES = [info for info in CRS_TABLE if info.proj is not None]


@pytest.mark.parametrize("info", EPSG_ENTRIES, ids=lambda i: i.key)
def test_axis_order_matches_pyproj(info):
    crs = CRS.from_user_input(info.proj)
    directions = tuple(axis.direction for axis in crs.axis_info[:2])
    assert info.axis in AXIS_FROM_PYPROJ[directions]
    assert info.is_geographic == crs.is_geographic
    assert (info.axis in ("lonlat", "latlon")) == crs.is_geographic


@pytest.mark.parametrize("info", EPSG_ENTRIES, ids=lambda i: i.key)
def test_srid_and_uri_match_pyproj(info):
    crs = CRS.from_user_input(info.proj)
    if info.key == "CRS84":
        assert crs.to_authority() == ("OGC", "CRS84")
        assert info.srid == 4326
    else:
        assert crs.to_epsg() == info.srid
        assert info.uri.endswith(f"/EPSG/0/{info.srid}")


def test_gauss_kruger_entries_are_the_cm_114_zone():
    for info in (EPSG_4547, EPSG_4526):
        params = {p.name: p.value for p in CRS.from_user_input(info.proj).coordinate_operation.params}
        assert params["Longitude of natural origin"] == 114
    assert "CM 114E" in CRS.from_epsg(4547).name
    assert "zone 38" in CRS.from_epsg(4526).name


def test_storage_is_cgcs2000():
    assert STORAGE_SRID == 4490
    assert STORAGE_CRS is EPSG_4490
    assert CRS.from_epsg(STORAGE_SRID).name == "China Geodetic Coordinate System 2000"


def test_chinese_entries_have_no_srid_and_are_lonlat():
    for info in (GCJ02, BD09):
        assert info.srid is None and info.proj is None
        assert info.axis == "lonlat" and info.decimals == 7 and info.is_geographic


def test_ogc_uris_are_epsg_and_ogc_only():
    assert OGC_CRS_URIS[0] == "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
    assert len(OGC_CRS_URIS) == 6
    assert all(uri.startswith("http://www.opengis.net/def/crs/") for uri in OGC_CRS_URIS)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("http://www.opengis.net/def/crs/OGC/1.3/CRS84", CRS84),
        ("CRS84", CRS84),
        ("ogc:crs84", CRS84),
        ("urn:ogc:def:crs:OGC:1.3:CRS84", CRS84),
        ("EPSG:4490", EPSG_4490),
        ("epsg:4326", EPSG_4326),
        ("urn:ogc:def:crs:EPSG::4547", EPSG_4547),
        ("http://www.opengis.net/def/crs/EPSG/0/4526", EPSG_4526),
        ("https://www.opengis.net/def/crs/EPSG/0/3857", EPSG_3857),
        ("  EPSG:3857 ", EPSG_3857),
        ("GCJ02", GCJ02),
        ("gcj-02", GCJ02),
        ("urn:pingding:crs:GCJ02", GCJ02),
        ("BD09", BD09),
        ("bd-09", BD09),
    ],
)
def test_resolve_crs_forms(value, expected):
    assert resolve_crs(value) is expected


@pytest.mark.parametrize("value", ["EPSG:9999", "EPSG:4549", "WGS84", "", "GCJ", "4326"])
def test_resolve_crs_unknown_names_parameter_and_choices(value):
    with pytest.raises(UnknownCrs) as caught:
        resolve_crs(value, parameter="bbox-crs")
    error = caught.value
    assert isinstance(error, SpatialError) and isinstance(error, ValueError)
    assert error.code == "UnknownCrs"
    assert error.parameter == "bbox-crs"
    message = str(error)
    assert repr(value) in message and "'bbox-crs'" in message
    assert "EPSG:4547" in message and "GCJ02" in message and "CRS84" in message


def test_crs_by_srid():
    assert crs_by_srid(4326) is EPSG_4326
    assert crs_by_srid(4547) is EPSG_4547
    with pytest.raises(UnknownCrs, match="SRID 2385"):
        crs_by_srid(2385)


@pytest.mark.parametrize(
    "info, expected",
    [
        (CRS84, (113.627, 37.795)),
        (GCJ02, (113.627, 37.795)),
        (EPSG_4490, (37.795, 113.627)),
        (EPSG_4326, (37.795, 113.627)),
        (EPSG_3857, (113.627, 37.795)),
        (EPSG_4547, (37.795, 113.627)),
    ],
    ids=lambda v: getattr(v, "key", ""),
)
def test_to_and_from_axis_order(info, expected):
    assert to_axis_order(113.627, 37.795, info) == expected
    assert from_axis_order(*expected, info) == (113.627, 37.795)


def test_axis_order_on_arrays():
    xs, ys = np.array([1.0, 2.0]), np.array([3.0, 4.0])
    a, b = to_axis_order(xs, ys, EPSG_4547)
    assert a is ys and b is xs


def test_crs_info_is_frozen():
    with pytest.raises(AttributeError):
        CRS84.srid = 4490  # type: ignore[misc]
