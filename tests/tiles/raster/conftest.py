"""Fixtures of the standard map tests: a small synthetic county, a coarse COG built from it, a PNG decoder.

The county here is made in the test (no database): an ellipse of 16 x 10 km around the county seat with two
towns and a built-up circle. The COG is built once per session at zoom 11's pixel size (76 m), which takes
well under a second.
"""
from __future__ import annotations

import struct
import zlib

import numpy as np
import pytest
from shapely import affinity
from shapely.geometry import Point, box

from tiles.grid import lonlat_to_mercator, pixel_size
from tiles.raster.layout import ground_scale
from tiles.raster.sources import CountyFeatures, Town, seat_circle
from tiles.raster.standard_map import build_standard_map

SEAT = (113.627, 37.795)
COARSE_RESOLUTION_M = pixel_size(11)


def small_county() -> CountyFeatures:
    """A 16 x 10 km (ground) elliptic county around the seat, split into a west and an east town (EPSG:3857)."""
    cx, cy = lonlat_to_mercator(*SEAT)
    k = 1 / ground_scale(SEAT[1])
    county = affinity.scale(Point(cx, cy).buffer(1.0, quad_segs=64), 8_000 * k, 5_000 * k)
    minx, miny, maxx, maxy = county.bounds
    towns = tuple(
        Town(code=code, name=name, area=part, centre=part.representative_point())
        for code, name, part in (
            ("140321100", "冠山镇", county.intersection(box(minx, miny, cx, maxy))),
            ("140321101", "冶西镇", county.intersection(box(cx, miny, maxx, maxy))),
        )
    )
    return CountyFeatures(county=county, towns=towns, built_up=seat_circle(county))


@pytest.fixture(scope="session")
def county_features_small() -> CountyFeatures:
    return small_county()


@pytest.fixture(scope="session")
def built_map(tmp_path_factory, county_features_small):
    """(path, summary) of a coarse standard map of the small county, in its own data directory."""
    data_dir = tmp_path_factory.mktemp("standard-map")
    path = data_dir / "standard_map.tif"
    summary = build_standard_map(path=path, seed=1, resolution_m=COARSE_RESOLUTION_M, features=county_features_small)
    return path, summary


@pytest.fixture
def map_settings(settings, built_map):
    """Django settings whose ``PINGDING_DATA_DIR`` holds the built map."""
    settings.PINGDING_DATA_DIR = built_map[0].parent
    return settings


def decode_png(body: bytes) -> np.ndarray:
    """Pixels (rows, cols, 4) of an 8-bit RGBA PNG with filter types 0 (None) and 2 (Up) only."""
    assert body[:8] == b"\x89PNG\r\n\x1a\n"
    pos, header, data = 8, None, b""
    while pos < len(body):
        (length,) = struct.unpack(">I", body[pos:pos + 4])
        kind, chunk = body[pos + 4:pos + 8], body[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            data += chunk
        pos += 12 + length
    width, height, depth, colour_type = header[:4]
    assert (depth, colour_type) == (8, 6)
    raw = np.frombuffer(zlib.decompress(data), dtype=np.uint8).reshape(height, width * 4 + 1)
    rows = raw[:, 1:].copy()
    for r in range(height):
        assert raw[r, 0] in (0, 2), f"unsupported PNG filter {raw[r, 0]}"
        if raw[r, 0] == 2 and r > 0:
            rows[r] = rows[r] + rows[r - 1]
    return rows.reshape(height, width, 4)


@pytest.fixture
def png():
    """``png(body)``: decode an RGBA PNG tile into a (rows, cols, 4) array."""
    return decode_png
