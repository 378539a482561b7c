"""The synthetic terrain: heights within the Taihang range, high in the west, low in the east, deterministic."""
from __future__ import annotations

import numpy as np

from tiles.raster.layout import aligned_grid, pixel_size
from tiles.raster.terrain import MAX_ELEVATION_M, MIN_ELEVATION_M, Landscape, hillshade, synthetic_dem


def _dem(features, seed=1, zoom=11):
    landscape = Landscape(extent=features.extent, seed=seed)
    grid = aligned_grid(features.extent, zoom=zoom, block=1)
    return synthetic_dem(grid, landscape), grid


def test_heights_stay_in_range_and_fall_from_west_to_east(county_features_small):
    dem, _ = _dem(county_features_small)
    assert MIN_ELEVATION_M <= dem.min() and dem.max() <= MAX_ELEVATION_M
    west, east = dem[:, : dem.shape[1] // 4], dem[:, -dem.shape[1] // 4 :]
    assert west.mean() > east.mean() + 200
    assert west.std() > east.std()


def test_the_terrain_depends_on_the_seed_only(county_features_small):
    first, _ = _dem(county_features_small, seed=3)
    again, _ = _dem(county_features_small, seed=3)
    other, _ = _dem(county_features_small, seed=4)
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)


def test_a_place_keeps_its_height_whatever_the_raster_resolution(county_features_small):
    coarse, _ = _dem(county_features_small, zoom=11)
    fine, _ = _dem(county_features_small, zoom=12)
    assert np.abs(fine[::2, ::2][: coarse.shape[0], : coarse.shape[1]] - coarse).mean() < 40


def test_hillshade_of_flat_land_is_the_sine_of_the_sun_altitude():
    shade = hillshade(np.full((8, 8), 500.0, dtype=np.float32), ground_resolution_m=pixel_size(13), altitude_deg=30.0)
    assert np.allclose(shade, 0.5, atol=1e-6)


def test_a_slope_facing_the_north_west_sun_is_lit_brighter():
    rows, cols = np.mgrid[0:16, 0:16].astype(np.float32)
    facing_nw = (rows + cols) * 5.0  # falls to the north-west
    facing_se = -facing_nw
    assert hillshade(facing_nw, ground_resolution_m=15.0).mean() > hillshade(facing_se, ground_resolution_m=15.0).mean()
