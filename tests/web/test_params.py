"""The shared parsers of ``web``: one copy each, every refusal a 400 naming the parameter, and each parser's
OpenAPI parameter object built from the same bounds it enforces."""
from __future__ import annotations

import math

import pytest
from django.http import QueryDict

from spatial.crs import CRS84, EPSG_4547
from spatial.errors import UnknownCrs
from web.errors import InvalidParameter
from web.params import Crs, Integer, Number, check_known, finite_number, no_nul, single

LIMIT = Integer("limit", "Items per page.", minimum=1, maximum=lambda: 100, default=10)


def refused(call, parameter: str) -> str:
    with pytest.raises(InvalidParameter) as caught:
        call()
    assert caught.value.parameter == parameter and caught.value.status == 400
    return caught.value.description


def test_single_gives_the_one_value_or_none():
    assert single(QueryDict("a=1"), "a") == "1"
    assert single(QueryDict(""), "a") is None


@pytest.mark.parametrize("query", ["a=1&a=2", "a=%00", "a=x%00y"])
def test_single_refuses_a_repeated_value_or_a_nul(query):
    refused(lambda: single(QueryDict(query), "a"), "a")


def test_check_known_names_the_unknown_parameter():
    check_known(QueryDict("a=1"), {"a", "b"})
    assert "accepts: a, b" in refused(lambda: check_known(QueryDict("a=1&c=2"), {"a", "b"}), "c")


def test_no_nul():
    assert no_nul("平定", parameter="q") == "平定"
    refused(lambda: no_nul("\x00", parameter="q"), "q")


@pytest.mark.parametrize(("value", "expected"), [(None, 10), ("1", 1), ("+100", 100), (" 007 ", 7), ("0" * 5000 + "5", 5)])
def test_integer_parses_within_its_bounds(value, expected):
    assert LIMIT.parse(value) == expected


@pytest.mark.parametrize("value", ["0", "101", "-1", "1.5", "1e3", "abc", "", "٣", "9" * 5000, "9" * 19])
def test_integer_refuses_what_is_not_an_integer_in_range(value):
    description = refused(lambda: LIMIT.parse(value), "limit")
    assert len(description) < 200


def test_integer_without_a_default_is_required():
    assert "required" in refused(lambda: Integer("z", "Zoom.", maximum=24).parse(None), "z")


def test_integer_openapi_reads_its_bounds_when_asked():
    assert LIMIT.openapi() == {
        "name": "limit", "in": "query", "required": False, "description": "Items per page.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10},
    }


@pytest.mark.parametrize(("value", "expected"), [(1, 1.0), (2.5, 2.5), ("-2e3", -2000.0), (" .5 ", 0.5), ("1.", 1.0)])
def test_finite_number_accepts_json_numbers_and_decimal_strings(value, expected):
    assert finite_number(value, parameter="lon") == expected


@pytest.mark.parametrize("value", [
    True, None, [1], "NaN", "inf", "0x10", "1_000", "", math.nan, math.inf, 10**400, "9" * 400 + ".0", "1e400",
])
def test_finite_number_refuses_the_rest(value):
    refused(lambda: finite_number(value, parameter="lon"), "lon")


def test_a_huge_value_is_not_echoed_whole():
    assert len(refused(lambda: finite_number("9" * 400, parameter="x"), "x")) < 200


RADIUS = Number("radius", "Metres.", minimum=0, exclusive_minimum=True, maximum=lambda: 1000.0, default=50.0)


@pytest.mark.parametrize(("value", "expected"), [(None, 50.0), ("0.1", 0.1), ("1000", 1000.0)])
def test_number_parses_within_its_bounds(value, expected):
    assert RADIUS.parse(value) == expected


@pytest.mark.parametrize("value", ["0", "-1", "1000.5", "NaN", "1e400", "x"])
def test_number_refuses_out_of_bounds(value):
    refused(lambda: RADIUS.parse(value), "radius")


def test_number_openapi():
    assert RADIUS.openapi()["schema"] == {
        "type": "number", "minimum": 0, "exclusiveMinimum": True, "maximum": 1000.0, "default": 50.0,
    }


def test_crs_parses_resolves_and_defaults():
    crs = Crs("crs", "Output CRS.", default=CRS84)
    assert crs.parse(None) is CRS84
    assert crs.parse("EPSG:4547") == EPSG_4547
    with pytest.raises(UnknownCrs) as caught:
        crs.parse("EPSG:9999")
    assert caught.value.parameter == "crs"
    assert crs.openapi(schema={"enum": ["a"]})["schema"] == {"type": "string", "default": CRS84.key, "enum": ["a"]}


def test_box_reads_the_axis_order_of_its_crs_and_writes_its_openapi_object():
    from spatial.crs import EPSG_4490
    from web.geo import Box

    box = Box("bbox", "A box.")
    parsed = box.parse("37.78,113.60,0,37.81,113.65,100", EPSG_4490)  # latitude first; heights ignored
    assert (parsed.minx, parsed.miny, parsed.maxx, parsed.maxy) == (113.60, 37.78, 113.65, 37.81)
    assert box.parse(None, CRS84) is None
    for bad in ("1,2,3", "113.6,37.8,113.7,1e400", "1_000,1,2,3", "113.7,37.8,113.6,37.9", "0x1,1,2,3"):
        refused(lambda bad=bad: box.parse(bad, CRS84), "bbox")
    assert box.openapi()["style"] == "form" and box.openapi()["schema"]["minItems"] == 4
