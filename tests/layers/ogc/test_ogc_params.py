"""Parsing the query parameters: typed values in internal axis order, or InvalidParameter naming the culprit."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from django.http import QueryDict

from layers.errors import InvalidParameter
from layers.ogc.params import parse_feature_id, parse_items_query
from layers.query.items import parse_bbox, parse_filter_value
from layers.query.temporal import parse_datetime
from layers.registry import get_layer
from spatial.chinese import wgs84_to_gcj02
from spatial.crs import CRS84, EPSG_4326, EPSG_4490, EPSG_4547, STORAGE_CRS, resolve_crs
from spatial.errors import SpatialError
from spatial.transform import transform_xy

COMPONENTS = get_layer("components")
INCIDENTS = get_layer("incidents")
GRIDS = get_layer("grids")
SHANGHAI = timezone(timedelta(hours=8))


def parse(query_string: str, layer=COMPONENTS):
    return parse_items_query(layer, QueryDict(query_string), None)


def test_defaults_come_from_the_settings_at_request_time(settings):
    settings.PINGDING_OGC_DEFAULT_LIMIT = 7
    query = parse("")
    assert (query.limit, query.offset, query.crs, query.bbox, query.fmt) == (7, 0, CRS84, None, "json")
    assert query.properties == tuple(COMPONENTS.fields)


@pytest.mark.parametrize(
    ("value", "box_crs", "expected"),
    [
        ("113.60,37.78,113.65,37.81", CRS84, (113.60, 37.78, 113.65, 37.81)),
        ("113.60,37.78,0,113.65,37.81,100", CRS84, (113.60, 37.78, 113.65, 37.81)),
        ("37.78,113.60,37.81,113.65", EPSG_4326, (113.60, 37.78, 113.65, 37.81)),
        ("37.78,113.60,37.81,113.65", EPSG_4490, (113.60, 37.78, 113.65, 37.81)),
        ("4180000,460000,4190000,470000", EPSG_4547, (460000.0, 4180000.0, 470000.0, 4190000.0)),
    ],
)
def test_bbox_is_read_in_the_axis_order_of_bbox_crs(value, box_crs, expected):
    box = parse_bbox(value, box_crs)
    assert (box.minx, box.miny, box.maxx, box.maxy) == pytest.approx(expected)
    assert box.crs == box_crs


def test_a_gcj02_bbox_becomes_the_enclosing_storage_box():
    gx0, gy0 = wgs84_to_gcj02(113.60, 37.78)
    gx1, gy1 = wgs84_to_gcj02(113.65, 37.81)
    box = parse_bbox(f"{gx0},{gy0},{gx1},{gy1}", resolve_crs("GCJ02"))
    assert box.crs == STORAGE_CRS
    # The GCJ-02 offset varies along each edge, so the enclosing box is a few metres larger than the original.
    assert box.minx <= 113.60 and box.miny <= 37.78 and box.maxx >= 113.65 and box.maxy >= 37.81
    assert (box.minx, box.miny, box.maxx, box.maxy) == pytest.approx((113.60, 37.78, 113.65, 37.81), abs=1e-4)


@pytest.mark.parametrize(
    ("value", "box_crs"),
    [
        ("1,2,3", CRS84), ("1,2,3,4,5", CRS84), ("a,b,c,d", CRS84), ("nan,37,114,38", CRS84), ("inf,37,114,38", CRS84),
        ("113.65,37.78,113.60,37.81", CRS84), ("113.60,37.81,113.65,37.78", CRS84), ("113.6,-95,113.7,37", CRS84),
        ("190,37,191,38", CRS84), ("113.60,37.78,113.65,37.81", EPSG_4326), ("1e300,1e300,1e301,1e301", EPSG_4547),
        ("", CRS84), (",,,", CRS84),
    ],
)
def test_bad_bboxes_name_bbox(value, box_crs):
    with pytest.raises((InvalidParameter, SpatialError)) as error:
        parse_bbox(value, box_crs)
    assert error.value.parameter == "bbox"


@pytest.mark.parametrize(
    ("query_string", "parameter"),
    [
        ("limit=0", "limit"), ("limit=-1", "limit"), ("limit=abc", "limit"), ("limit=1.5", "limit"),
        ("limit=10001", "limit"), ("offset=-1", "offset"), ("offset=x", "offset"), ("offset=99999999999", "offset"),
        ("crs=EPSG:9999", "crs"), ("bbox-crs=nonsense", "bbox-crs"), ("f=xml", "f"), ("properties=code,nope", "properties"),
        ("sortby=nope", "sortby"), ("nope=1", "nope"), ("state=broken", "state"), ("installed_on=yesterday", "installed_on"),
        ("limit=1&limit=2", "limit"), ("name=a%00b", "name"), ("datetime=2024-01-01", "datetime"),
    ],
)
def test_bad_items_parameters_are_named(query_string, parameter):
    with pytest.raises((InvalidParameter, SpatialError)) as error:
        parse(query_string)
    assert error.value.parameter == parameter


def test_the_maximum_limit_is_read_at_request_time(settings):
    settings.PINGDING_OGC_MAX_LIMIT = 50
    assert parse("limit=50").limit == 50
    with pytest.raises(InvalidParameter, match="between 1 and 50"):
        parse("limit=51")


def test_property_filters_are_typed_by_the_registry():
    assert parse_filter_value(GRIDS, "households", "12") == 12
    assert parse_filter_value(GRIDS, "area_m2", "12.5") == 12.5
    assert parse_filter_value(COMPONENTS, "installed_on", "2020-02-29") == date(2020, 2, 29)
    assert parse_filter_value(COMPONENTS, "state", "damaged") == "damaged"
    assert parse_filter_value(INCIDENTS, "closed_at", "2024-05-01T08:00:00Z") == datetime(2024, 5, 1, 8, tzinfo=timezone.utc)
    for name, value in (("households", "1.5"), ("area_m2", "nan"), ("installed_on", "2020-02-30"), ("households", "9" * 30)):
        layer = COMPONENTS if name == "installed_on" else GRIDS
        with pytest.raises(InvalidParameter) as error:
            parse_filter_value(layer, name, value)
        assert error.value.parameter == name


def test_properties_and_sortby():
    query = parse("properties=state,code,state&sortby=-state,%2Bcode, id")
    assert query.properties == ("state", "code")
    assert query.sortby == (("state", True), ("code", False), ("id", False))
    assert parse("properties=").properties == ()


@pytest.mark.parametrize(
    ("value", "start", "end", "end_inclusive"),
    [
        ("2024-05-01T08:00:00Z", datetime(2024, 5, 1, 8, tzinfo=timezone.utc), datetime(2024, 5, 1, 8, tzinfo=timezone.utc), True),
        ("2024-05-01T08:00:00+08:00/..", datetime(2024, 5, 1, tzinfo=timezone.utc), None, True),
        ("2024-05-01T08:00:00 08:00/..", datetime(2024, 5, 1, tzinfo=timezone.utc), None, True),
        ("../2024-05-01T00:00:00Z", None, datetime(2024, 5, 1, tzinfo=timezone.utc), True),
        ("/2024-05-01T00:00:00Z", None, datetime(2024, 5, 1, tzinfo=timezone.utc), True),
        ("2024-05-01", datetime(2024, 5, 1, tzinfo=SHANGHAI), datetime(2024, 5, 2, tzinfo=SHANGHAI), False),
        ("2024-05-01/2024-05-03", datetime(2024, 5, 1, tzinfo=SHANGHAI), datetime(2024, 5, 4, tzinfo=SHANGHAI), False),
        ("2024-05-01T/2024-05-03T", datetime(2024, 5, 1, tzinfo=SHANGHAI), datetime(2024, 5, 3, tzinfo=SHANGHAI), True),
        ("2024-05-01T08:00:00", datetime(2024, 5, 1, tzinfo=timezone.utc), datetime(2024, 5, 1, tzinfo=timezone.utc), True),
    ],
)
def test_datetime_instants_and_intervals(value, start, end, end_inclusive):
    interval = parse_datetime(value, INCIDENTS)
    assert (interval.start, interval.end, interval.end_inclusive) == (start, end, end_inclusive)


def test_an_open_interval_at_both_ends_is_no_filter():
    assert parse_datetime("../..", INCIDENTS) is None


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01", "2024-05-02/2024-05-01", "a/b/c", "2024-05-01T25:00:00Z"])
def test_bad_datetimes_name_datetime(value):
    with pytest.raises(InvalidParameter) as error:
        parse_datetime(value, INCIDENTS)
    assert error.value.parameter == "datetime"


def test_datetime_on_a_collection_without_time_is_refused():
    with pytest.raises(InvalidParameter, match="no temporal property"):
        parse_datetime("2024-05-01", COMPONENTS)


@pytest.mark.parametrize("value", ["abc", "1.5", "-3", "1e3", "", "99999999999999999999"])
def test_feature_ids_are_integers(value):
    with pytest.raises(InvalidParameter) as error:
        parse_feature_id(value)
    assert error.value.parameter == "featureId"


def test_projected_bbox_round_trip_is_consistent():
    x, y = transform_xy(113.627, 37.795, src=CRS84, dst=EPSG_4547)
    box = parse_bbox(f"{y - 100},{x - 100},{y + 100},{x + 100}", EPSG_4547)
    assert box.minx < x < box.maxx and box.miny < y < box.maxy
