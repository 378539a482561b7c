"""Pixel layout arithmetic of the standard map: zoom snapping, aligned grids and tile windows."""
from __future__ import annotations

import pytest

from tiles.grid import TileId, pixel_size, tile_at, tile_bounds_3857
from tiles.raster.layout import aligned_grid, nearest_zoom, tile_window

SEAT = (113.627, 37.795)


@pytest.mark.parametrize(
    ("resolution_m", "zoom"),
    [(pixel_size(13), 13), (15.0, 13), (25.0, 13), (30.0, 12), (76.4, 11), (1e9, 0), (1e-9, 22)],
)
def test_a_resolution_snaps_to_the_nearest_zoom_level(resolution_m, zoom):
    assert nearest_zoom(resolution_m) == zoom


@pytest.mark.parametrize("resolution_m", [0.0, -5.0, float("nan")])
def test_a_resolution_must_be_positive(resolution_m):
    with pytest.raises(ValueError, match="positive"):
        nearest_zoom(resolution_m)


@pytest.fixture
def seat_grid():
    """A grid of zoom 13's pixels covering the seat's zoom-11 tile, with 256-px alignment."""
    return aligned_grid(tile_bounds_3857(tile_at(*SEAT, 11)), zoom=13, block=256)


def test_an_aligned_grid_covers_its_bounds_in_whole_blocks(seat_grid):
    bounds = tile_bounds_3857(tile_at(*SEAT, 11))
    assert seat_grid.width == seat_grid.height == 1024
    assert seat_grid.bounds == pytest.approx(bounds)


@pytest.mark.parametrize(("z", "factor"), [(13, 1), (12, 2), (11, 4)])
def test_tiles_at_and_above_the_base_zoom_are_whole_pixel_windows(seat_grid, z, factor):
    window = tile_window(seat_grid, tile_at(*SEAT, z))
    assert window is not None
    assert window.width == window.height == 256 * factor
    assert window.col_off == int(window.col_off) and window.row_off == int(window.row_off)
    assert (window.dst_col, window.dst_row, window.dst_width, window.dst_height) == (0, 0, 256, 256)


@pytest.mark.parametrize("z", [15, 18])
def test_deeper_tiles_are_fractions_of_a_block(seat_grid, z):
    window = tile_window(seat_grid, tile_at(*SEAT, z))
    assert window.width == window.height == pytest.approx(256 / 2 ** (z - 13))
    assert (window.dst_width, window.dst_height) == (256, 256)


def test_a_tile_over_the_edge_lands_in_part_of_the_tile(seat_grid):
    inside = tile_at(*SEAT, 11)
    window = tile_window(seat_grid, TileId(10, inside.x // 2, inside.y // 2))
    assert (window.dst_width, window.dst_height) == (128, 128)
    assert window.width == window.height == 1024


def test_a_tile_away_from_the_grid_has_no_window(seat_grid):
    assert tile_window(seat_grid, TileId(13, 0, 0)) is None
