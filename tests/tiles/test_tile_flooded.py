"""An ordinary tile is drawn by a lean statement that carries none of the budget's fallback; only a flooded tile (a
layer past its budget, or the tile past its byte bound) is drawn again by the statement that decides the fallback."""
from __future__ import annotations

from django.db import connection
from django.test import override_settings

from tiles.catalog import get_tileset
from tiles.grid import pixel_size, tile_at
from tiles.selectors import PLANNER_SETTINGS
from tiles.sql import flooded_statement, tile_statement

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
