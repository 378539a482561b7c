"""The geocoding statement: output CRSs, its plans (indexes, the typo path only when needed), its parameters."""
from __future__ import annotations

import pytest
from django.db import connection

from layers.geocoding.selectors import geocode
from layers.geocoding.sql import WEIGHTS, core_text, geocode_parameters, geocode_text, query_parts, road_chars
from spatial.addresses import parse_address
from spatial.crs import CRS_TABLE, STORAGE_CRS
from spatial.transform import transform_xy


@pytest.mark.parametrize("crs", CRS_TABLE, ids=[info.key for info in CRS_TABLE])
def test_output_point_in_every_crs(seeded_addresses, crs) -> None:
    address = seeded_addresses["unit_in_building"]
    top = geocode(q=address.full_text, crs=crs)[0]
    assert (top.lon, top.lat) == pytest.approx((address.geom.x, address.geom.y), abs=1e-7)
    x, y = transform_xy(address.geom.x, address.geom.y, src=STORAGE_CRS, dst=crs)
    tolerance = 1e-3 if not crs.is_geographic else 2e-7
    assert (top.x, top.y) == pytest.approx((x, y), abs=tolerance)


def explain(q: str, *, analyze: bool = True) -> str:
    params = geocode_parameters(parse_address(q), limit=10, only_town=None)
    with connection.cursor() as cursor:
        text = geocode_text(STORAGE_CRS, cursor)
        cursor.execute(f"EXPLAIN ({'ANALYZE, ' if analyze else ''}COSTS OFF) " + text, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_an_existing_road_never_reads_the_road_names(seeded_addresses) -> None:
    plan = explain(seeded_addresses["urban_door"].full_text)
    lines = plan.splitlines()
    group = next(i for i, line in enumerate(lines) if "CTE road_names" in line)
    assert "never executed" in lines[group + 1]


def test_a_misspelt_road_reads_the_road_names_from_the_btree(seeded_addresses) -> None:
    plan = explain("喵喵街1号")
    assert "Index Only Scan using address_road_number" in plan
    lines = plan.splitlines()
    group = next(i for i, line in enumerate(lines) if "CTE road_names" in line)
    assert "never executed" not in lines[group + 1]


def test_input_without_a_road_can_use_the_full_text_trigram_index(db) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    assert "address_full_text_trgm" in explain("城关社区6号", analyze=False)


@pytest.mark.parametrize("road", ["紫云街", "李岩大街", "冠山路东段", "A1路"])
def test_road_chars_is_the_sql_spacing(db, road: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT regexp_replace(%s, '(.)', '\\1 ', 'g')", [road])
        assert cursor.fetchone()[0] == road_chars(road)


def test_query_parts_and_weight() -> None:
    parsed = parse_address("冠山镇城关社区紫云街18号3号楼2单元301室")
    assert query_parts(parsed) == {"town": "冠山镇", "community": "城关社区", "road": "紫云街", "number": "18",
                                   "building": "3", "unit": "2", "room": "301"}
    params = geocode_parameters(parsed, limit=10, only_town=None)
    assert params["query_weight"] == sum(WEIGHTS.values())
    assert params["core"] is None


def test_the_road_guess_stands_in_for_the_road() -> None:
    parsed = parse_address("平定县紫云18号")
    assert query_parts(parsed) == {"road": "紫云", "number": "18"}
    assert core_text(parsed) == "紫云18号"


@pytest.mark.parametrize("q", ["asdf", "!!!", "山西省阳泉市平定县"])
def test_text_naming_nothing_needs_no_statement(q: str) -> None:
    assert geocode_parameters(parse_address(q), limit=10, only_town=None) is None
