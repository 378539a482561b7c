"""No huge tiles: a sample of tiles at every zoom 0-20 over the county, for every tileset, each at most 500 KB.

The sample is the seat and its 8 neighbours (the densest tiles) plus tiles at an even stride across the county.
On top of the session's seeded county, a block of components far denser than the real seat (3,000 in one z16
tile, the full-scale density is ~1,200) checks that clustering and the zoom ranges keep tiles bounded.
"""
from __future__ import annotations

import pytest
from django.contrib.gis.geos import Point

from layers.models import Component
from tiles.catalog import tilesets
from tiles.grid import TileId, tile_at
from tiles.sample import SEAT_LAT, SEAT_LON, benchmark_tiles
from tiles.selectors import tile_render

COUNTY = (113.20, 37.55, 114.05, 38.05)
MAX_BYTES = 500 * 1024


def sample(z: int) -> list[TileId]:
    seat = tile_at(SEAT_LON, SEAT_LAT, z)
    around = {
        TileId(z, seat.x + dx, seat.y + dy)
        for dx in (-1, 0, 1) for dy in (-1, 0, 1)
        if 0 <= seat.x + dx < 2**z and 0 <= seat.y + dy < 2**z
    }
    return sorted(around | set(benchmark_tiles(per_zoom=8, bbox=COUNTY, zooms=range(z, z + 1))))


@pytest.fixture
def dense_block(grid, category):
    """3,000 components in one z16 tile at the seat."""
    west, south = SEAT_LON - 0.002, SEAT_LAT - 0.0015
    Component.objects.bulk_create(
        Component(
            code=f"140321{category.code}{800000 + i:06d}", category=category, name=f"密集部件 {i}",
            supervising_department="县城管局", owner_department="县城管局", maintainer_department="县环卫所",
            grid=grid, geom=Point(west + (i % 60) * 0.00006, south + (i // 60) * 0.00006, srid=4490),
        )
        for i in range(3000)
    )


@pytest.mark.parametrize("tileset", tilesets(), ids=lambda tileset: tileset.id)
def test_every_sampled_tile_is_at_most_500_kb(dense_block, tileset):
    largest: dict[int, int] = {}
    for z in range(0, 21):
        if not tileset.layers_at(z):
            continue
        for tile in sample(z):
            size = len(tile_render(tileset=tileset, tile=tile).mvt)
            largest[z] = max(largest.get(z, 0), size)
            assert size <= MAX_BYTES, f"{tileset.id} {tile}: {size} bytes"
    assert largest, f"{tileset.id} draws no zoom of 0-20"
