"""Every tile within 500 KB whatever the data: a point layer over its per-tile budget is drawn as bare clusters (id
and ``count``) at any zoom, and a tile over its byte bound draws all its point layers so; every feature says how many
rows it stands for (``count``; a plain feature stands for one)."""
from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings

from layers.models import Incident
from tiles.catalog import get_tileset
from tiles.grid import TileId, tile_at
from tiles.selectors import tile_render

from .conftest import centre

MAX_BYTES = 500 * 1024
SPOT = centre(tile_at(112.2, 37.1, 20))
"""The middle of a z20 tile west of the county, where the seed puts nothing: the tile of every zoom 10-20 holds
the whole pile and nothing else."""


def pile_up(count: int, *, description_chars: int = 0, spread_deg: float = 4e-5) -> None:
    """``count`` incidents within about ``spread_deg`` degrees (4e-5: ±2 m) of :data:`SPOT`, by one statement; each
    description is different (an MVT stores a repeated value once)."""
    text = f"repeat('垃', {description_chars}) || i" if description_chars else "'路口机动车乱停放，堵住了公交站 ' || i"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {Incident._meta.db_table} (code, event_class_code, status, source, description, reporter,
                reporter_phone, routed_to, reported_at, geom)
            SELECT '14032120991231' || lpad(i::text, 6, '0'), (SELECT min(code) FROM layers_eventclass), 'reported',
                   'public_app', {text}, '', '', '', now(),
                   ST_SetSRID(ST_MakePoint(%s + %s * (((i * 0.6180339887) %% 1) - 0.5),
                                           %s + %s * (((i * 0.7548776662) %% 1) - 0.5)), 4490)
            FROM generate_series(1, %s) AS i
            """,
            [SPOT[0], spread_deg, SPOT[1], spread_deg, count],
        )


def incident_features(decode, tileset: str, tile: TileId) -> tuple[int, list[dict]]:
    """The tile's size in bytes and its ``incidents`` features."""
    mvt = tile_render(tileset=get_tileset(tileset), tile=tile).mvt
    return len(mvt), decode(mvt).get("incidents", {}).get("features", []) if mvt else []


def rows_standing(features: list[dict]) -> int:
    return sum(feature["properties"].get("count", 1) for feature in features)


@pytest.mark.parametrize("tileset", ["incidents", "all"])
def test_thousands_of_reports_at_one_spot_keep_every_tile_small_and_counted(db, decode, tileset):
    pile_up(4000)
    for z in range(10, 21):
        size, features = incident_features(decode, tileset, tile_at(*SPOT, z))
        assert size <= MAX_BYTES, f"{tileset} z{z}: {size} bytes"
        assert rows_standing(features) == 4000, f"{tileset} z{z}"
        assert len(features) <= 256  # one cluster per 16-px cell at most


@pytest.mark.parametrize("tileset", ["incidents", "all"])
def test_long_descriptions_cannot_push_a_tile_past_its_bound(db, decode, tileset):
    """2,000 reports of about 4,000 characters each (12 KB of UTF-8 apiece) spread over the z20 tile: at z20 one cluster
    per 16-px cell would carry 3 MB of text, so the tile falls back to bare clusters (id and count)."""
    pile_up(2000, description_chars=3990, spread_deg=2.4e-4)
    for z in range(10, 21):
        size, features = incident_features(decode, tileset, tile_at(*SPOT, z))
        assert size <= MAX_BYTES, f"{tileset} z{z}: {size} bytes"
        assert rows_standing(features) == 2000, f"{tileset} z{z}"
    _, bare = incident_features(decode, tileset, tile_at(*SPOT, 20))
    assert len(bare) > 40 and all(set(feature["properties"]) == {"count"} for feature in bare)


@override_settings(PINGDING_TILES_MAX_FEATURES=5)
def test_a_layer_over_its_budget_is_clustered_at_its_maxzoom(db, decode):
    """Over the budget, clusters are bare: the id of their lowest-id row and ``count``."""
    pile_up(6, spread_deg=0)
    lowest = Incident.objects.filter(code__startswith="14032120991231").order_by("pk").first()
    _, [cluster] = incident_features(decode, "incidents", tile_at(*SPOT, 20))
    assert cluster["properties"] == {"count": 6} and cluster["id"] == lowest.pk


@override_settings(PINGDING_TILES_MAX_FEATURES=6)
def test_a_layer_within_its_budget_draws_one_feature_per_row(db, decode):
    pile_up(6)
    _, features = incident_features(decode, "incidents", tile_at(*SPOT, 20))
    assert len(features) == 6 and all("count" not in feature["properties"] for feature in features)
    assert len({feature["properties"]["code"] for feature in features}) == 6


@override_settings(PINGDING_TILES_MAX_LAYER_BYTES=2000)
def test_a_layer_over_its_byte_budget_is_clustered(db, decode):
    pile_up(30, description_chars=100, spread_deg=0)
    _, features = incident_features(decode, "incidents", tile_at(*SPOT, 20))
    assert [feature["properties"]["count"] for feature in features] == [30]
