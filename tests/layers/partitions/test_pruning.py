"""The counties' bounds (read once, cached for the TTL) and the code ranges a box leaves out, on the one-county test
database: a box in Pingding leaves nothing out, a box elsewhere leaves Pingding out."""
from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from layers.partitions.bounds import county_bounds, forget_bounds
from layers.partitions.pruning import exclusion_text, far_ranges, merged


@pytest.fixture
def bounds(db):
    forget_bounds()
    yield
    forget_bounds()


def test_the_bounds_are_the_county_envelope_widened_and_read_once_per_ttl(bounds):
    with CaptureQueriesContext(connection) as first:
        [pingding] = county_bounds()
    with CaptureQueriesContext(connection) as second:
        assert county_bounds() == (pingding,)
    assert len(first.captured_queries) == 1 and len(second.captured_queries) == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_XMin(geom), ST_XMax(geom) FROM layers_adminarea WHERE code = '140321'")
        xmin, xmax = cursor.fetchone()
    assert pingding.code == "140321" and pingding.code_range == ("140321", "140322")
    assert pingding.minx == pytest.approx(xmin - 0.001) and pingding.maxx == pytest.approx(xmax + 0.001)
    with override_settings(PINGDING_PARTITIONS_BOUNDS_TTL_S=0), CaptureQueriesContext(connection) as third:
        county_bounds()
    assert len(third.captured_queries) == 1


@pytest.mark.parametrize(("box", "ranges"), [
    ((113.62, 37.79, 113.63, 37.80), ()),
    ((100.0, 20.0, 100.1, 20.1), (("140321", "140322"),)),
])
def test_a_box_leaves_out_the_counties_it_does_not_meet(bounds, box, ranges):
    assert far_ranges(box) == ranges
    with override_settings(PINGDING_PARTITIONS_PRUNE=False):
        assert far_ranges(box) == ()


def test_touching_ranges_merge_and_others_stay_apart():
    assert merged([("140302", "140303"), ("140303", "140304"), ("140311", "140312")]) == (
        ("140302", "140304"), ("140311", "140312"))
    assert merged([]) == ()


def test_the_exclusion_is_one_pair_of_bounds_per_range():
    assert exclusion_text("t", (("%s", "%s"),)) == " AND (t.code < %s OR t.code >= %s)"
    assert exclusion_text("t", ()) == ""
