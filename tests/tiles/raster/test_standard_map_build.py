"""The standard map file: a valid COG in EPSG:3857, aligned with the tile pyramid, transparent off the county."""
from __future__ import annotations

import hashlib

import numpy as np
import pytest
import rasterio

from tiles.grid import lonlat_to_mercator, pixel_size
from tiles.raster.reader import describe
from tiles.raster.standard_map import COUNTY_BOUNDS_TAG, build_standard_map

from .conftest import COARSE_RESOLUTION_M, SEAT


def _pixels_hash(path) -> str:
    with rasterio.open(path) as ds:
        return hashlib.sha256(ds.read().tobytes()).hexdigest()


def test_the_map_is_a_tiled_cog_in_web_mercator_with_overviews(built_map):
    path, summary = built_map
    info = describe(path)
    assert info.layout == "COG"
    assert info.crs == "EPSG:3857"
    assert info.count == 4
    assert info.colorinterp == ("red", "green", "blue", "alpha")
    assert set(info.block_shapes) == {(256, 256)}
    assert info.compression == "deflate"
    assert info.overviews == summary.overviews
    assert info.overviews[:2] == (2, 4)
    assert summary.size_bytes == path.stat().st_size > 0


def test_the_pixel_grid_sits_on_the_tile_pyramid(built_map):
    grid = describe(built_map[0]).grid
    assert grid.resolution == pytest.approx(COARSE_RESOLUTION_M)
    half_world = 128 * pixel_size(0)
    assert ((grid.minx + half_world) / grid.resolution) % 256 == pytest.approx(0, abs=1e-6)
    assert ((half_world - grid.maxy) / grid.resolution) % 256 == pytest.approx(0, abs=1e-6)
    assert grid.width % 256 == 0 and grid.height % 256 == 0


def test_outside_the_county_is_transparent_and_inside_opaque(built_map):
    with rasterio.open(built_map[0]) as ds:
        alpha = ds.read(4)
        row, col = ds.index(*lonlat_to_mercator(*SEAT))
    assert alpha[0, 0] == 0 and alpha[-1, -1] == 0
    assert alpha[row, col] == 255
    assert np.isin(alpha, (0, 255)).mean() > 0.97  # partial alpha only along the anti-aliased outline


def test_the_county_bounds_are_recorded_in_the_file(built_map):
    with rasterio.open(built_map[0]) as ds:
        west, south, east, north = (float(v) for v in ds.tags()[COUNTY_BOUNDS_TAG].split(","))
    assert west < SEAT[0] < east and south < SEAT[1] < north


def test_the_same_seed_builds_the_same_pixels_and_another_seed_others(tmp_path, built_map, county_features_small):
    again = build_standard_map(path=tmp_path / "again.tif", seed=1, resolution_m=COARSE_RESOLUTION_M,
                               features=county_features_small)
    other = build_standard_map(path=tmp_path / "other.tif", seed=2, resolution_m=COARSE_RESOLUTION_M,
                               features=county_features_small)
    assert _pixels_hash(again.path) == _pixels_hash(built_map[0])
    assert _pixels_hash(other.path) != _pixels_hash(built_map[0])


def test_bounds_limit_the_raster_and_resolution_snaps_to_a_zoom_level(tmp_path, county_features_small):
    lon, lat = SEAT
    summary = build_standard_map(path=tmp_path / "part.tif", seed=1, bounds=(lon - 0.02, lat - 0.02, lon + 0.02, lat + 0.02),
                                 resolution_m=80.0, features=county_features_small)
    assert summary.zoom == 11
    assert summary.width == summary.height == 256
    with rasterio.open(summary.path) as ds:
        assert ds.read(4).any()


def test_a_rebuild_replaces_the_file_atomically(tmp_path, county_features_small):
    path = tmp_path / "standard_map.tif"
    for seed in (1, 2):
        build_standard_map(path=path, seed=seed, resolution_m=COARSE_RESOLUTION_M, features=county_features_small)
    assert [p.name for p in tmp_path.iterdir()] == ["standard_map.tif"]
