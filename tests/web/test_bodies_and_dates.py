"""JSON bodies and date-times: what Python reads but the server cannot compute with or store is a 400."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from web.bodies import load_json, load_json_object
from web.errors import InvalidParameter
from web.temporal import MAX_YEAR, MIN_YEAR, parse_instant

SHANGHAI = timedelta(hours=8)


@pytest.mark.parametrize("raw", [
    b"[" * 1000 + b"]" * 1000,  # RecursionError
    b'{"a": ' + b"9" * 5000 + b"}",  # Python's int digit limit
    b'{"a": "\\udc00"}',  # a lone surrogate: no UTF-8 for PostgreSQL
    b'{"a": NaN}',
    b"\xff",
    b"{",
])
def test_unreadable_json_is_a_400_naming_the_body(raw):
    with pytest.raises(InvalidParameter) as caught:
        load_json(raw, parameter="report")
    assert caught.value.parameter == "report" and caught.value.code == "InvalidJson"


def test_constants_may_be_read_for_a_caller_that_names_the_member():
    assert load_json(b"[NaN]", constants=True)[0] != load_json(b"[NaN]", constants=True)[0]


def test_valid_json_with_pairs_of_surrogates_and_chinese_is_read():
    assert load_json_object('{"a": "\\ud83d\\ude00 平定"}'.encode()) == {"a": "\U0001F600 平定"}


def test_a_non_object_is_refused_where_an_object_is_due():
    with pytest.raises(InvalidParameter):
        load_json_object(b"[1]")


@pytest.mark.parametrize(("text", "expected", "whole_day"), [
    ("2026-01-01T00:00:00+15:59", datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=15, minutes=59))), False),
    ("2026-01-01T00:00:00-15:59", datetime(2026, 1, 1, tzinfo=timezone(-timedelta(hours=15, minutes=59))), False),
    ("2026-01-01T00:00:00 08:00", datetime(2026, 1, 1, tzinfo=timezone(SHANGHAI)), False),
    ("2026-01-01", datetime(2026, 1, 1, tzinfo=timezone(SHANGHAI)), True),
    ("2026-01-01T", datetime(2026, 1, 1, tzinfo=timezone(SHANGHAI)), False),
    (f"{MIN_YEAR}-01-01T00:00:00Z", datetime(MIN_YEAR, 1, 1, tzinfo=timezone.utc), False),
    (f"{MAX_YEAR}-12-31", datetime(MAX_YEAR, 12, 31, tzinfo=timezone(SHANGHAI)), True),
])
def test_instants_in_range(text, expected, whole_day):
    moment, day = parse_instant(text, "datetime")
    assert moment == expected and day is whole_day
    moment + timedelta(days=366)  # room for a day or an Open311 window on either side
    moment - timedelta(days=366)


@pytest.mark.parametrize("text", [
    "2026-01-01T00:00:00+16:00", "2026-01-01T00:00:00-16:00", "2026-01-01T00:00:00+23:59",
    "9999-12-31", "9999-12-31T23:59:59Z", "0001-01-01", "0001-01-01T00:00:00+08:00", "2026-13-01", "now", "2026\x00",
])
def test_instants_out_of_range_or_malformed_are_a_400(text):
    with pytest.raises(InvalidParameter) as caught:
        parse_instant(text, "start_date")
    assert caught.value.parameter == "start_date"
