"""A province of three counties (``seed_province --counties 3`` on the small test county, ``conftest.province``):
counts, partitions, geometry, foreign keys, the plans of the hot reads, and the API reading it over a real server."""
from __future__ import annotations

import math

import mapbox_vector_tile
import pytest
import requests

from seeds.province import COPIED, SHANXI_COUNTIES

PINGDING = "140321"
SECOND, THIRD = SHANXI_COUNTIES[0].code, SHANXI_COUNTIES[1].code
PARTITIONED = ("layers_grid", "layers_building", "layers_address", "layers_component")


@pytest.fixture
def query(province):
    """``query(sql, params)``: rows from the province database (each call in its own, rolled-back transaction)."""
    def run(sql: str, params=()):
        with province.connect() as conn, conn.cursor() as cursor:
            cursor.execute(sql, params)
            result = cursor.fetchall()
            conn.rollback()
        return result
    return run


@pytest.mark.parametrize("model", COPIED, ids=lambda model: model._meta.db_table)
def test_every_county_has_the_seeded_countys_rows(query, model):
    table = model._meta.db_table
    counts = dict(query(f"SELECT left(code, 6), count(*) FROM {table} GROUP BY 1"))
    assert counts[PINGDING] > 0
    assert counts == {PINGDING: counts[PINGDING], SECOND: counts[PINGDING], THIRD: counts[PINGDING]}


@pytest.mark.parametrize("table", PARTITIONED)
def test_every_row_sits_in_its_countys_partition(query, table):
    stray = query(f"SELECT count(*) FROM {table} WHERE tableoid::regclass::text <> %s || left(code, 6)", [f"{table}_"])
    assert stray == [(0,)]
    assert query(f"SELECT count(*) FROM {table}_default") == [(0,)]


def test_the_second_county_lies_inside_its_own_polygon_and_the_counties_do_not_overlap(query):
    outside = query(
        "SELECT (SELECT count(*) FROM layers_component c WHERE c.code LIKE %(p)s AND NOT ST_CoveredBy(c.geom, a.geom)),"
        " (SELECT count(*) FROM layers_building b WHERE b.code LIKE %(p)s AND NOT ST_CoveredBy(b.geom, a.geom)),"
        " (SELECT count(*) FROM layers_grid g WHERE g.code LIKE %(p)s AND NOT ST_Within(ST_PointOnSurface(g.geom), a.geom))"
        " FROM layers_adminarea a WHERE a.code = %(c)s", {"p": SECOND + "%", "c": SECOND})
    assert outside == [(0, 0, 0)]
    overlaps = query("SELECT count(*) FROM layers_adminarea a JOIN layers_adminarea b ON a.code < b.code"
                     " WHERE a.level = 'county' AND b.level = 'county' AND ST_Intersects(a.geom, b.geom)")
    assert overlaps == [(0,)]
    [(lon_min, lon_max, lat_min, lat_max)] = query(
        "SELECT min(ST_XMin(geom)), max(ST_XMax(geom)), min(ST_YMin(geom)), max(ST_YMax(geom))"
        " FROM layers_adminarea WHERE level = 'county'")
    assert 110.2 < lon_min and lon_max < 114.6 and 34.6 < lat_min and lat_max < 40.7  # inside Shanxi


def test_the_copies_are_renamed_and_reparented_and_reference_their_own_county(query):
    assert dict(query("SELECT code, name FROM layers_adminarea WHERE level = 'county'")) == {
        PINGDING: "平定县", SECOND: SHANXI_COUNTIES[0].name, THIRD: SHANXI_COUNTIES[1].name}
    foreign = query(
        "SELECT (SELECT count(*) FROM layers_adminarea WHERE code LIKE %(p)s AND level <> 'county'"
        "        AND left(parent_code, 6) <> %(c)s),"
        " (SELECT count(*) FROM layers_building WHERE code LIKE %(p)s AND left(grid_code, 6) <> %(c)s),"
        " (SELECT count(*) FROM layers_address WHERE code LIKE %(p)s AND (left(grid_code, 6) <> %(c)s"
        "        OR left(building_code, 6) <> %(c)s OR county <> %(n)s OR full_text NOT LIKE %(t)s)),"
        " (SELECT count(*) FROM layers_incident WHERE code LIKE %(p)s AND left(component_code, 6) <> %(c)s)",
        {"p": THIRD + "%", "c": THIRD, "n": SHANXI_COUNTIES[1].name, "t": f"%{SHANXI_COUNTIES[1].name}%"})
    assert foreign == [(0, 0, 0, 0)]


def test_the_copies_wrote_no_history(query):
    assert query("SELECT count(*) FROM layers_history h JOIN layers_component c ON c.id = h.feature_id"
                 " WHERE h.layer = 'components' AND c.code LIKE %s", [SECOND + "%"]) == [(0,)]


def test_seeding_again_skips_present_counties_or_refuses(province):
    skipped = province.manage("seed_province", "--counties", "3", "--if-missing")
    assert "present, skipped" in skipped.stdout and "Wrote 0 counties" in skipped.stdout
    again = province.manage("seed_province", "--counties", "3", check=False)
    assert again.returncode == 1 and "already present; use --if-missing" in again.stderr
    too_many = province.manage("seed_province", "--counties", "11", check=False)
    assert too_many.returncode == 1 and "between 1 and 10" in too_many.stderr


def explain(province, sql: str, params=(), *, seqscan: bool = True) -> str:
    with province.connect() as conn, conn.cursor() as cursor:
        if not seqscan:
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        conn.rollback()
    return plan


def test_a_lookup_by_code_reads_one_partition(province):
    plan = explain(province, "SELECT * FROM layers_component WHERE code = %s", [SECOND + "0101000001"])
    assert f"layers_component_{SECOND}" in plan
    assert PINGDING not in plan and THIRD not in plan and "default" not in plan


@pytest.mark.parametrize("sql", [
    "SELECT id FROM layers_component WHERE geom && ST_MakeEnvelope(113.6, 37.7, 113.7, 37.8, 4490)",
    "SELECT id FROM layers_component ORDER BY geom <-> ST_SetSRID(ST_MakePoint(113.62, 37.79), 4490) LIMIT 5",
    "SELECT code FROM layers_grid WHERE ST_Covers(geom, ST_SetSRID(ST_MakePoint(113.62, 37.79), 4490))",
    "SELECT * FROM layers_address WHERE id = 42",
    "SELECT * FROM layers_building WHERE grid_code = '140321100011001'",
], ids=["bbox", "knn", "covers", "id", "grid"])
def test_the_hot_reads_have_an_index_on_every_partition(province, sql):
    plan = explain(province, sql, seqscan=False)
    assert "Seq Scan" not in plan, plan


def get(url: str, **params) -> requests.Response:
    response = requests.get(url, params=params, timeout=60)
    assert response.status_code == 200, response.text[:500]
    return response


@pytest.mark.live
def test_a_page_with_a_bbox_in_the_second_county_returns_only_its_features(province_url, query):
    [(minx, miny, maxx, maxy)] = query("SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM"
                                       " (SELECT ST_Extent(geom) AS e FROM layers_grid WHERE code LIKE %s) AS x",
                                       [SECOND + "%"])
    bbox = f"{minx},{miny},{maxx},{maxy}"
    body = get(f"{province_url}/ogc/collections/grids/items", bbox=bbox, limit=1000, f="json").json()
    codes = {feature["properties"]["code"] for feature in body["features"]}
    expected = {code for (code,) in query("SELECT code FROM layers_grid WHERE geom && ST_MakeEnvelope(%s, %s, %s, %s, 4490)",
                                          [minx, miny, maxx, maxy])}
    assert codes == expected and codes
    assert all(code.startswith(SECOND) for code in codes)


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2 ** z
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return int((lon + 180) / 360 * n), int(y)


@pytest.mark.live
def test_a_tile_over_the_third_county_has_its_grids(province_url, query):
    [(code, lon, lat)] = query("SELECT code, ST_X(p), ST_Y(p) FROM (SELECT code, ST_PointOnSurface(geom) AS p"
                               " FROM layers_grid WHERE code LIKE %s ORDER BY code LIMIT 1) AS g", [THIRD + "%"])
    x, y = tile_of(lon, lat, 14)
    tile = mapbox_vector_tile.decode(get(f"{province_url}/tiles/grids/14/{x}/{y}.mvt").content)
    codes = {feature["properties"]["code"] for layer in tile.values() for feature in layer["features"]}
    assert code in codes
    assert all(c.startswith(THIRD) for c in codes)


@pytest.mark.live
def test_a_snap_in_the_second_county_gives_its_grid(province_url, query):
    [(code, lon, lat)] = query("SELECT code, ST_X(p), ST_Y(p) FROM (SELECT code, ST_PointOnSurface(geom) AS p"
                               " FROM layers_grid WHERE code LIKE %s ORDER BY code DESC LIMIT 1) AS g", [SECOND + "%"])
    body = get(f"{province_url}/api/snap", lon=lon, lat=lat).json()
    assert body["grid"]["code"] == code


def test_an_edit_in_the_third_county_routes_to_its_partition_and_writes_history(province):
    with province.connect() as conn, conn.cursor() as cursor:
        cursor.execute("SET LOCAL pingding.path = 'api'")
        cursor.execute("UPDATE layers_component SET name = name || '（改）' WHERE code = (SELECT min(code) FROM"
                       " layers_component WHERE code LIKE %s) RETURNING id, tableoid::regclass::text", [THIRD + "%"])
        [(feature, partition)] = cursor.fetchall()
        assert partition == f"layers_component_{THIRD}"
        cursor.execute("INSERT INTO layers_component (code, name, supervising_department, owner_department,"
                       " maintainer_department, state, geom, category_code, grid_code, data_source, updated_at)"
                       " SELECT %s, name, supervising_department, owner_department, maintainer_department, state,"
                       " geom, category_code, grid_code, data_source, now() FROM layers_component WHERE id = %s"
                       " RETURNING id, tableoid::regclass::text", [THIRD + "0101999999", feature])
        [(added, added_partition)] = cursor.fetchall()
        assert added_partition == f"layers_component_{THIRD}"
        cursor.execute("SELECT feature_id, version, operation, path FROM layers_history WHERE layer = 'components'"
                       " AND feature_id = ANY(%s) ORDER BY feature_id", [[feature, added]])
        assert cursor.fetchall() == sorted([(feature, 1, "update", "api"), (added, 1, "insert", "api")])
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        conn.rollback()


@pytest.mark.live
def test_a_report_in_the_second_county_is_numbered_by_it_and_lands_in_its_partition(province_url, province, query):
    """A province server numbers each report with the county of the grid it lies in (not the server's own county),
    so the incident sits in that county's partition beside the county's other incidents."""
    [(grid, lon, lat)] = query("SELECT code, ST_X(p), ST_Y(p) FROM (SELECT code, ST_PointOnSurface(geom) AS p"
                               " FROM layers_grid WHERE code LIKE %s ORDER BY code LIMIT 1) AS g", [SECOND + "%"])
    body = {"location": {"lon": lon, "lat": lat, "crs": "EPSG:4490"}, "event_class": "0401",
            "description": "路口有流动摊贩占道经营", "reporter": {"name": "王小明", "phone": "13903531234",
                                                          "role": "resident"}, "source": "public_app"}
    answer = requests.post(f"{province_url}/api/reports", json=body, timeout=60)
    assert answer.status_code == 201, answer.text[:300]
    incident = answer.json()["id"]
    try:
        [(code, partition, grid_code)] = query("SELECT code, tableoid::regclass::text, grid_code FROM layers_incident"
                                               " WHERE id = %s", [incident])
        assert code.startswith(SECOND) and grid_code == grid
        assert partition == f"layers_incident_{SECOND}"
    finally:
        with province.connect() as conn, conn.cursor() as cursor:
            cursor.execute("DELETE FROM layers_incident WHERE id = %s", [incident])
            conn.commit()
