"""An ordinary tile is drawn by a lean statement that carries none of the budget's fallback; only a flooded tile (a
layer past its budget, or the tile past its byte bound) is drawn again by the statement that decides the fallback.
From z14 on, the ordinary statement is prepared once per session and run by its generic plan."""
from __future__ import annotations

from django.db import connection
from django.test import override_settings

from tiles import selectors
from tiles.catalog import get_tileset
from tiles.grid import pixel_size, tile_at
from tiles.selectors import PLANNER_SETTINGS, positional, run_tile_statement, tile_render
from tiles.flooded import flooded_statement
from tiles.sql import tile_statement

from .test_tile_budget import SPOT, incident_features, pile_up


def ordinary_tile(tileset: str, z: int) -> bytes | None:
    """The tile column of the ordinary statement, run as the endpoint runs it."""
    tile, views = tile_at(*SPOT, z), get_tileset(tileset)
    params = {
        "z": tile.z, "x": tile.x, "y": tile.y, "px": pixel_size(tile.z), "grids": views.grids,
        "layers": [layer.id for layer in views.layers_at(tile.z)],
    }
    with connection.cursor() as cursor:
        cursor.execute(PLANNER_SETTINGS + tile_statement(views, tile.z), params)
        return cursor.fetchone()[1]


def test_the_ordinary_statement_carries_no_fallback():
    for tileset in ("incidents", "all"):
        for z in (14, 17, 20):
            ordinary, flooded = tile_statement(get_tileset(tileset), z), flooded_statement(get_tileset(tileset), z)
            assert '"bare_incidents"' not in ordinary and not ordinary.startswith("WITH")
            assert '"bare_incidents" AS MATERIALIZED' in flooded
            if z >= 16:  # incidents are clustered below z16
                assert f"LIMIT {2500 + 1}" in ordinary


@override_settings(PINGDING_TILES_MAX_FEATURES=5)
def test_a_layer_past_its_budget_makes_the_ordinary_tile_null_and_the_flooded_one_draws_it(db, decode):
    pile_up(6, spread_deg=0)
    assert ordinary_tile("incidents", 20) is None and ordinary_tile("all", 20) is None
    _, features = incident_features(decode, "all", tile_at(*SPOT, 20))
    assert [feature["properties"] for feature in features] == [{"count": 6}]


@override_settings(PINGDING_TILES_MAX_FEATURES=6)
def test_a_layer_at_its_budget_is_drawn_by_the_ordinary_statement(db, decode):
    pile_up(6)
    assert len(decode(ordinary_tile("incidents", 20))["incidents"]["features"]) == 6


@override_settings(PINGDING_TILES_MAX_TILE_BYTES=3000)
def test_a_tile_past_its_byte_bound_is_drawn_by_the_flooded_statement(db, decode):
    """Within every layer budget, but 30 long descriptions pass the tile's bound: the ordinary tile is whole and too
    big, so the endpoint draws the flooded one (bare clusters)."""
    pile_up(30, description_chars=100, spread_deg=0)
    assert len(ordinary_tile("incidents", 20)) > 3000
    size, features = incident_features(decode, "incidents", tile_at(*SPOT, 20))
    assert size <= 3000 and [feature["properties"] for feature in features] == [{"count": 30}]


def test_named_parameters_become_positional_in_the_order_of_the_prepared_statement():
    text = "SELECT %(px)s * %(z)s, %(grids)s::text[], to_char(now(), '99%%'), %(z)s"
    assert positional(text) == "SELECT $4 * $1, $6::text[], to_char(now(), '99%'), $1"


def prepared_tile_statements() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, generic_plans FROM pg_prepared_statements WHERE name LIKE 'pingding_mvt_%%'")
        return dict(cursor.fetchall())


def test_from_z14_a_tile_statement_is_prepared_once_and_run_by_its_generic_plan_drawing_the_same_tile(db, decode):
    pile_up(40)
    views, tile = get_tileset("all"), tile_at(*SPOT, 17)
    params = {
        "z": tile.z, "x": tile.x, "y": tile.y, "px": pixel_size(tile.z), "grids": views.grids,
        "layers": [layer.id for layer in views.layers_at(tile.z)],
    }
    rendered = [tile_render(tileset=views, tile=tile)]
    name = selectors._prepared[connection.connection][tile_statement(views, 17)]
    before = prepared_tile_statements()[name]
    rendered += [tile_render(tileset=views, tile=tile) for _ in range(2)]
    assert prepared_tile_statements()[name] == before + 2 and len({r.mvt for r in rendered}) == 1
    _, text = run_tile_statement(connection.connection, tile_statement(views, 17), params, prepared=False)
    by_text = decode(bytes(text))["incidents"]["features"]
    by_plan = decode(rendered[0].mvt)["incidents"]["features"]
    assert len(by_plan) == 40 and sorted(f["id"] for f in by_plan) == sorted(f["id"] for f in by_text)


def test_below_z14_a_tile_statement_is_sent_as_text(db):
    before = prepared_tile_statements()
    tile_render(tileset=get_tileset("all"), tile=tile_at(*SPOT, 13))
    assert prepared_tile_statements() == before


def test_a_session_keeps_a_bounded_number_of_prepared_tile_statements(db, monkeypatch, settings):
    monkeypatch.setattr(selectors, "PREPARED_KEPT", 2)
    settings.PINGDING_TILES_MAX_FEATURES = 2499  # statements no earlier test prepared
    for z in (14, 15, 16, 17, 18):
        tile_render(tileset=get_tileset("all"), tile=tile_at(*SPOT, z))
        assert 1 <= len(prepared_tile_statements()) <= 2
