"""Tile arithmetic: parsing, envelopes, pixel sizes and coverings (pure, no database)."""
import math

import pytest

from layers.errors import InvalidParameter
from tiles.grid import (
    WORLD_HALF,
    TileId,
    lonlat_to_mercator,
    mercator_to_lonlat,
    parse_tile,
    pixel_size,
    tile_at,
    tile_bounds_3857,
    tile_bounds_lonlat,
    tiles_in_bbox,
)


@pytest.mark.parametrize(
    ("z", "x", "y", "expected"),
    [
        ("0", "0", "0", TileId(0, 0, 0)),
        ("14", "13363", "6331", TileId(14, 13363, 6331)),
        ("24", "16777215", "0", TileId(24, 2**24 - 1, 0)),
    ],
)
def test_parse_tile_accepts_valid_tiles(z, x, y, expected):
    assert parse_tile(z, x, y) == expected


@pytest.mark.parametrize(
    ("z", "x", "y", "parameter"),
    [
        ("25", "0", "0", "z"),  # above PINGDING_TILES_MAX_ZOOM
        ("-1", "0", "0", "z"),
        ("1.5", "0", "0", "z"),
        ("a", "0", "0", "z"),
        ("١", "0", "0", "z"),  # a non-ASCII digit
        ("0", "1", "0", "x"),  # x >= 2^z
        ("3", "8", "0", "x"),
        ("3", "-1", "0", "x"),
        ("3", "0", "8", "y"),
        ("3", "0", "1e1", "y"),
        ("3", "0", "", "y"),
    ],
)
def test_parse_tile_names_the_parameter_at_fault(z, x, y, parameter):
    with pytest.raises(InvalidParameter) as raised:
        parse_tile(z, x, y)
    assert raised.value.parameter == parameter


def test_max_zoom_is_a_setting(settings):
    settings.PINGDING_TILES_MAX_ZOOM = 20
    with pytest.raises(InvalidParameter):
        parse_tile("21", "0", "0")


@pytest.mark.parametrize(("z", "metres"), [(0, 156543.03392804097), (14, 9.554628535647032), (20, 0.1492910708694)])
def test_pixel_size_is_metres_of_3857_per_pixel_of_a_256_px_tile(z, metres):
    assert pixel_size(z) == pytest.approx(metres, rel=1e-12)


@pytest.mark.parametrize(
    ("tile", "bounds"),
    [
        (TileId(0, 0, 0), (-WORLD_HALF, -WORLD_HALF, WORLD_HALF, WORLD_HALF)),
        (TileId(1, 1, 0), (0.0, 0.0, WORLD_HALF, WORLD_HALF)),
        (TileId(1, 0, 1), (-WORLD_HALF, -WORLD_HALF, 0.0, 0.0)),
    ],
)
def test_tile_bounds_3857(tile, bounds):
    assert tile_bounds_3857(tile) == pytest.approx(bounds)


@pytest.mark.parametrize(
    ("tile", "margin", "bounds"),
    [
        # the margin is clipped to the world, as ST_ClipByBox2D(..., ST_TileEnvelope(0, 0, 0)) does in SQL
        (TileId(0, 0, 0), 0.25, (-180.0, -85.0511287798066, 180.0, 85.0511287798066)),
        (TileId(1, 1, 0), 64 / 4096, (-2.8125, -2.811371193331119, 180.0, 85.0511287798066)),
        (TileId(14, 13363, 6233), 64 / 4096, (113.6202621459961, 39.4698600917458, 113.64292144775389, 39.48734994667788)),
    ],
)
def test_tile_bounds_lonlat_with_margin_matches_postgis(tile, margin, bounds):
    assert tile_bounds_lonlat(tile, margin) == pytest.approx(bounds, abs=1e-9)


@pytest.mark.parametrize(
    ("lon", "lat", "z", "tile"),
    [
        (113.627, 37.795, 0, TileId(0, 0, 0)),
        (113.627, 37.795, 10, TileId(10, 835, 395)),
        (113.627, 37.795, 14, TileId(14, 13363, 6331)),
        (113.627, 37.795, 20, TileId(20, 855250, 405222)),
        (-180.0, 85.0511, 3, TileId(3, 0, 0)),
        (180.0, -85.0511, 3, TileId(3, 7, 7)),
    ],
)
def test_tile_at(lon, lat, z, tile):
    assert tile_at(lon, lat, z) == tile
    west, south, east, north = tile_bounds_lonlat(tile)
    assert west <= lon <= east and south <= lat <= north


@pytest.mark.parametrize(("lon", "lat"), [(0.0, 0.0), (113.627, 37.795), (-70.5, -33.4), (179.9, 85.0)])
def test_mercator_round_trip(lon, lat):
    assert mercator_to_lonlat(*lonlat_to_mercator(lon, lat)) == pytest.approx((lon, lat), abs=1e-9)


@pytest.mark.parametrize(("z", "count"), [(0, 1), (8, 4), (10, 12), (12, 88)])
def test_tiles_in_bbox_covers_the_county(z, count):
    county = (113.20, 37.55, 114.05, 38.05)
    tiles = list(tiles_in_bbox(county, z))
    assert len(tiles) == count
    assert len(set(tiles)) == count
    west = min(tile_bounds_lonlat(t)[0] for t in tiles)
    north = max(tile_bounds_lonlat(t)[3] for t in tiles)
    assert west <= 113.20 and north >= 38.05
    assert all(math.isfinite(v) for t in tiles for v in tile_bounds_lonlat(t))
