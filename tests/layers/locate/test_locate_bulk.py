"""Bulk operations: ``resnap_layers`` after a grid boundary moves (inside the test transaction), the dry run, the
``resnap`` command, and ``bulk_nearest_addresses`` / ``POST /api/addresses/nearest`` against per-point answers."""
from __future__ import annotations

import io
import json
import math

import numpy as np
import pytest
from django.core.management import call_command

from layers.errors import InvalidParameter
from layers.locate.bulk import SNAPPED_LAYERS, bulk_nearest_addresses, resnap_layers
from layers.locate.snap import reverse_point
from layers.locate.sql_bulk import key_column
from layers.registry import get_layer
from spatial.crs import EPSG_4490, EPSG_4547, GCJ02

from .conftest import fetch, from_storage, nearest_addresses


def snap_point_sql(layer_id: str) -> str:
    layer = get_layer(layer_id)
    if layer.geometry_type == "Point":
        return "t.geom"
    return "CASE WHEN ST_Dimension(t.geom) = 0 THEN t.geom ELSE ST_PointOnSurface(t.geom) END"


def expected_grids(layer_id: str) -> dict[str, tuple[str | None, str | None]]:
    """key -> (current grid_code, the grid by the boundary rule by brute force: min code of all coverers)."""
    layer = get_layer(layer_id)
    rows = fetch(
        f'SELECT t."{key_column(layer)}", t.grid_code, (SELECT min(g.code) FROM layers_grid g '
        f"WHERE ST_Covers(g.geom, {snap_point_sql(layer_id)})) FROM \"{layer.table}\" t"
    )
    return {key: (current, rule) for key, current, rule in rows}


def would_move(layer_id: str) -> dict[str, tuple[str | None, str]]:
    return {key: (old, new) for key, (old, new) in expected_grids(layer_id).items() if new is not None and new != old}


@pytest.fixture
def strip_moved(db) -> tuple[str, str]:
    """Re-divide two adjacent grids: the strip of grid A within ~150 m of its neighbour B is given to B (A shrinks,
    B grows, no gap, no overlap). A is the grid with the most components that has a neighbour. Returns (A, B)."""
    a, b = fetch(
        "SELECT a.code, b.code FROM layers_grid a JOIN layers_grid b ON a.code <> b.code AND a.geom && b.geom "
        "AND ST_Length(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom))) > 0 "
        "ORDER BY (SELECT count(*) FROM layers_component c WHERE c.grid_code = a.code) DESC, a.code, b.code LIMIT 1"
    )[0]
    fetch(
        "WITH strip AS (SELECT ST_Intersection(a.geom, ST_Buffer(b.geom, 0.0015)) AS g FROM layers_grid a, layers_grid b "
        "WHERE a.code = %(a)s AND b.code = %(b)s), "
        "grown AS (UPDATE layers_grid SET geom = ST_Multi(ST_CollectionExtract(ST_Union(geom, (SELECT g FROM strip)), 3)) "
        "WHERE code = %(b)s RETURNING 1) "
        "UPDATE layers_grid SET geom = ST_Multi(ST_CollectionExtract(ST_Difference(geom, (SELECT g FROM strip)), 3)) "
        "WHERE code = %(a)s RETURNING 1",
        {"a": a, "b": b},
    )
    return a, b


def test_nothing_moves_on_the_seeded_point_layers(db):
    reports = resnap_layers(layers=("addresses", "incidents", "organisations", "facilities"), dry_run=True)
    for layer_id, report in reports.items():
        assert {m.code: (m.old_grid, m.new_grid) for m in report.moves} == would_move(layer_id)
        assert report.examined == fetch(f'SELECT count(*) FROM "{get_layer(layer_id).table}"')[0][0]


def test_resnap_after_a_boundary_moves(strip_moved):
    a, b = strip_moved
    expected = {layer_id: would_move(layer_id) for layer_id in SNAPPED_LAYERS}
    assert sum(len(moves) for moves in expected.values()) > 0, "the strip holds features"
    assert any(new == b for moves in expected.values() for _, new in moves.values())
    reports = resnap_layers()
    assert list(reports) == list(SNAPPED_LAYERS)
    for layer_id, report in reports.items():
        assert {m.code: (m.old_grid, m.new_grid) for m in report.moves} == expected[layer_id]
        assert report.moved == len(expected[layer_id])
        assert [m.code for m in report.moves] == sorted(m.code for m in report.moves)
        assert report.examined == fetch(f'SELECT count(*) FROM "{get_layer(layer_id).table}"')[0][0]
        for key, (current, rule) in expected_grids(layer_id).items():
            if rule is not None:
                assert current == rule, (layer_id, key)
    assert resnap_layers()["components"].moved == 0  # a second run moves nothing


def test_dry_run_reports_the_moves_and_changes_nothing(strip_moved):
    before = {layer_id: expected_grids(layer_id) for layer_id in SNAPPED_LAYERS}
    reports = resnap_layers(dry_run=True)
    assert sum(report.moved for report in reports.values()) > 0
    for layer_id, report in reports.items():
        assert report.moved == len(would_move(layer_id))
        assert expected_grids(layer_id) == before[layer_id]


def test_resnap_of_one_layer_leaves_the_others(strip_moved):
    reports = resnap_layers(layers=("buildings",))
    assert list(reports) == ["buildings"]
    assert would_move("buildings") == {}
    assert would_move("components") != {} or would_move("addresses") != {}


@pytest.mark.parametrize("layer", ["grids", "admin-areas", "nope"])
def test_resnap_refuses_layers_without_grid(db, layer):
    with pytest.raises(InvalidParameter) as caught:
        resnap_layers(layers=(layer,))
    assert caught.value.parameter == "layer"


def test_resnap_command_prints_counts_and_moves(strip_moved):
    out = io.StringIO()
    call_command("resnap", "--layer", "components", "--layer", "addresses", "--dry-run", stdout=out)
    text = out.getvalue()
    moves = would_move("components")
    assert "components" in text and "addresses" in text and "buildings" not in text
    assert f"would move {len(moves):>6,}" in text
    for key, (old, new) in sorted(moves.items())[:20]:
        assert f"{key}: {old} -> {new}" in text
    assert "dry run: nothing changed" in text
    assert would_move("components") == moves


def test_resnap_command_moves(strip_moved):
    out = io.StringIO()
    call_command("resnap", stdout=out)
    assert "examined" in out.getvalue() and "moved" in out.getvalue()
    assert all(would_move(layer_id) == {} for layer_id in SNAPPED_LAYERS)


@pytest.fixture
def random_points(db) -> np.ndarray:
    """200 deterministic random points over the addresses' extent widened by 20 % (some outside every grid)."""
    xmin, ymin, xmax, ymax = fetch(
        "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) e FROM layers_address) s"
    )[0]
    dx, dy = (xmax - xmin) * 0.1, (ymax - ymin) * 0.1
    rng = np.random.default_rng(7)
    return np.column_stack([rng.uniform(xmin - dx, xmax + dx, 200), rng.uniform(ymin - dy, ymax + dy, 200)])


def test_bulk_nearest_equals_per_point_answers(random_points):
    answers = bulk_nearest_addresses(points=random_points, crs=EPSG_4490)
    assert len(answers) == len(random_points)
    knn_farther = 0
    for (lon, lat), (code, distance) in zip(random_points.tolist(), answers):
        (exact_code, exact_distance), = nearest_addresses(lon, lat)
        assert (code, round(distance, 6)) == (exact_code, round(exact_distance, 6))
        (knn_code, knn_distance), = fetch(
            "SELECT code, ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(%s, %s), 4490)::geography) "
            "FROM layers_address ORDER BY geom <-> ST_SetSRID(ST_MakePoint(%s, %s), 4490) LIMIT 1", (lon, lat, lon, lat),
        )
        assert distance <= knn_distance + 1e-9  # never farther than the lon/lat-degree KNN answer
        knn_farther += knn_code != code
    assert knn_farther < len(answers) / 4


def test_bulk_nearest_agrees_with_reverse(random_points):
    answers = bulk_nearest_addresses(points=random_points[:30].tolist(), crs=EPSG_4490)
    for (lon, lat), (code, distance) in zip(random_points[:30].tolist(), answers):
        try:
            first = reverse_point(lon=lon, lat=lat, crs=EPSG_4490).addresses[0]
        except Exception:  # outside the county: reverse is a 422, bulk still answers
            continue
        assert (first.code, round(first.distance_m, 6)) == (code, round(distance, 6))


@pytest.mark.parametrize("crs", [GCJ02, EPSG_4547], ids=lambda c: c.key)
def test_bulk_nearest_in_other_crs(random_points, crs):
    converted = [from_storage(lon, lat, crs) for lon, lat in random_points[:40].tolist()]
    assert [c for c, _ in bulk_nearest_addresses(points=converted, crs=crs)] == [
        c for c, _ in bulk_nearest_addresses(points=random_points[:40], crs=EPSG_4490)
    ]


def test_bulk_nearest_of_nothing_is_empty(db):
    assert bulk_nearest_addresses(points=[], crs=EPSG_4490) == []


@pytest.mark.parametrize(
    ("points", "crs", "parameter"),
    [
        ([[113.6, 37.8], [math.nan, 37.8]], EPSG_4490, "points[1]"),
        ([[113.6, 37.8], [113.6, 37.8], [113.6, 95.0]], EPSG_4490, "points[2]"),
        ([[467000.0, 4184000.0], [1.0, 1.0]], EPSG_4547, "points[1]"),
        ([[113.6, 37.8, 1.0]], EPSG_4490, "points"),
    ],
)
def test_bulk_nearest_bad_points_name_the_index(db, points, crs, parameter):
    with pytest.raises(InvalidParameter) as caught:
        bulk_nearest_addresses(points=points, crs=crs)
    assert caught.value.parameter == parameter


def test_post_addresses_nearest(post_json, random_points):
    points = random_points[:50].tolist()
    body = post_json("/api/addresses/nearest", {"crs": "EPSG:4490", "points": points})
    assert body["crs"] == "EPSG:4490" and body["count"] == 50
    expected = bulk_nearest_addresses(points=points, crs=EPSG_4490)
    assert [(n["code"], n["distance_m"]) for n in body["nearest"]] == [(c, round(d, 2)) for c, d in expected]


def test_post_addresses_nearest_default_crs_and_gcj02(post_json, random_points):
    lon, lat = random_points[0].tolist()
    plain = post_json("/api/addresses/nearest", {"points": [[lon, lat]]})
    gcj = post_json("/api/addresses/nearest", {"crs": "GCJ02", "points": [list(from_storage(lon, lat, GCJ02))]})
    assert plain["crs"] == "EPSG:4490" and gcj["crs"] == "GCJ02"
    assert plain["nearest"][0]["code"] == gcj["nearest"][0]["code"]


@pytest.mark.parametrize(
    ("body", "status", "parameter"),
    [
        (b"{not json", 400, "body"),
        (b"\xff\xfe", 400, "body"),
        ([[113.6, 37.8]], 400, "body"),
        ({}, 400, "points"),
        ({"points": "113.6,37.8"}, 400, "points"),
        ({"points": [[113.6, 37.8]], "limit": 3}, 400, "limit"),
        ({"points": [[113.6, 37.8]], "crs": "EPSG:9999"}, 400, "crs"),
        ({"points": [[113.6, 37.8]], "crs": 4490}, 400, "crs"),
        ({"points": [[113.6, 37.8], [113.6]]}, 400, "points[1]"),
        ({"points": [[113.6, 37.8], "113.6,37.8"]}, 400, "points[1]"),
        ({"points": [["113.6", 37.8]]}, 400, "points[0]"),
        ({"points": [[True, 37.8]]}, 400, "points[0]"),
        ({"points": [[113.6, None]]}, 400, "points[0]"),
        ({"points": [[113.6, 37.8], [113.6, 37.8], [200.0, 37.8]]}, 400, "points[2]"),
        (b'{"points": [[113.6, 37.8], [NaN, 37.8]]}', 400, "points[1]"),
        (b'{"points": [[Infinity, 37.8]]}', 400, "points[0]"),
        ({"points": [[1.0, 1.0]], "crs": "EPSG:4547"}, 400, "points[0]"),
        ({"points": [[113.6, 37.8]] * 10_001}, 413, "points"),
    ],
)
def test_post_addresses_nearest_bad_bodies(post_json, db, body, status, parameter):
    answer = post_json("/api/addresses/nearest", body, expect=status)
    assert answer["parameter"] == parameter
    assert answer["description"]


def test_post_addresses_nearest_accepts_exactly_the_maximum(post_json, db):
    body = post_json("/api/addresses/nearest", {"points": [[113.627, 37.795]] * 10_000})
    assert body["count"] == 10_000 and len({n["code"] for n in body["nearest"]}) == 1


def test_post_addresses_nearest_body_over_the_upload_limit_is_413(client, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = client.post(
        "/api/addresses/nearest", data=json.dumps({"points": [[113.627, 37.795]] * 100}), content_type="application/json"
    )
    assert response.status_code == 413 and response.json()["parameter"] == "points"


def test_the_point_limit_is_a_setting(post_json, db, settings):
    settings.PINGDING_LOCATE_MAX_BULK_POINTS = 3
    assert post_json("/api/addresses/nearest", {"points": [[113.627, 37.795]] * 3})["count"] == 3
    too_many = post_json("/api/addresses/nearest", {"points": [[113.627, 37.795]] * 4}, expect=413)
    assert too_many["parameter"] == "points"


def test_get_addresses_nearest_is_405(client, db):
    assert client.get("/api/addresses/nearest").status_code == 405


def test_bulk_json_is_utf8(post_json, db):
    body = json.dumps({"points": [[113.627, 37.795]]}).encode("utf-8")
    assert post_json("/api/addresses/nearest", body)["count"] == 1


def test_bulk_requests_past_the_per_minute_limit_get_429_per_client_address(client, db, settings):
    settings.PINGDING_LOCATE_BULK_RATE_PER_MINUTE = 2
    body = json.dumps({"crs": "EPSG:4490", "points": [[113.627, 37.795]]})

    def post(address: str):
        return client.post("/api/addresses/nearest", body, content_type="application/json", REMOTE_ADDR=address)

    assert [post("203.0.113.9").status_code for _ in range(2)] == [200, 200]
    refused = post("203.0.113.9")
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["code"] == "TooManyRequests" and refused.json()["limit"] == "2 per minute"
    assert post("198.51.100.9").status_code == 200
