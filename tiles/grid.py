"""Tile arithmetic of the XYZ scheme (Web Mercator, EPSG:3857; y = 0 is the northernmost row).

Units: EPSG:3857 coordinates in metres of the projection (not ground metres: a 3857 metre is
``cos(latitude)`` ground metres), lon/lat in degrees (x = longitude). Within the centimetres that separate
CGCS2000 from WGS 84, the lon/lat bounds here are those of the storage SRID, EPSG:4490.
These functions mirror what PostGIS computes with ``ST_TileEnvelope`` so tests can predict it.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from typing import NamedTuple

from layers.errors import InvalidParameter

from . import conf

WORLD_HALF = 20037508.342789244
"""Half the side of the EPSG:3857 square world, in metres of the projection."""

TILE_PX = 256
"""Side of a display tile in pixels; ``simplify_px`` and the cluster cell are measured in these pixels."""

BBox = tuple[float, float, float, float]


class TileId(NamedTuple):
    z: int
    x: int
    y: int

    def __str__(self) -> str:
        return f"{self.z}/{self.x}/{self.y}"


def parse_tile(z: str, x: str, y: str) -> TileId:
    """A valid tile from URL parts, or :class:`InvalidParameter` naming the part at fault.

    ``z`` must be an integer in 0..``PINGDING_TILES_MAX_ZOOM``; ``x`` and ``y`` integers in 0..2^z - 1.
    """
    zoom = _parse_int("z", z)
    if not 0 <= zoom <= conf.max_zoom():
        raise InvalidParameter(f"Zoom z={zoom} is out of range; use 0 to {conf.max_zoom()}.", parameter="z")
    last = 2**zoom - 1
    column = _parse_int("x", x)
    row = _parse_int("y", y)
    for name, value in (("x", column), ("y", row)):
        if not 0 <= value <= last:
            message = f"Tile {name}={value} is out of range at zoom {zoom}; use 0 to {last}."
            raise InvalidParameter(message, parameter=name)
    return TileId(zoom, column, row)


def _parse_int(name: str, raw: str) -> int:
    if not raw.isascii() or not raw.isdigit():
        raise InvalidParameter(f"Tile {name}={raw[:40]!r} is not a non-negative integer.", parameter=name)
    if len(raw.lstrip("0")) > 18:  # out of every tile range; int() would refuse 4,300+ digits with a ValueError
        raise InvalidParameter(f"Tile {name} has {len(raw):,} digits; it is out of range.", parameter=name)
    return int(raw)


def pixel_size(z: int) -> float:
    """Side of one pixel of a 256-px tile at zoom ``z``, in EPSG:3857 metres."""
    return 2 * WORLD_HALF / (TILE_PX * 2**z)


def tile_bounds_3857(tile: TileId, margin: float = 0.0) -> BBox:
    """``(xmin, ymin, xmax, ymax)`` of the tile in EPSG:3857 metres, grown by ``margin`` tile sides on each side
    and clipped to the world (as ``ST_ClipByBox2D(ST_TileEnvelope(z, x, y, margin => m), ST_TileEnvelope(0,0,0))``)."""
    side = 2 * WORLD_HALF / 2**tile.z
    xmin = -WORLD_HALF + (tile.x - margin) * side
    xmax = -WORLD_HALF + (tile.x + 1 + margin) * side
    ymax = WORLD_HALF - (tile.y - margin) * side
    ymin = WORLD_HALF - (tile.y + 1 + margin) * side
    return (max(xmin, -WORLD_HALF), max(ymin, -WORLD_HALF), min(xmax, WORLD_HALF), min(ymax, WORLD_HALF))


def tile_bounds_lonlat(tile: TileId, margin: float = 0.0) -> BBox:
    """``(west, south, east, north)`` of the tile (grown by ``margin`` tile sides, clipped to the world) in degrees."""
    xmin, ymin, xmax, ymax = tile_bounds_3857(tile, margin)
    west, south = mercator_to_lonlat(xmin, ymin)
    east, north = mercator_to_lonlat(xmax, ymax)
    return (west, south, east, north)


def query_margin() -> float:
    """The margin, in tile sides, of the envelope a tile reads and its cache row stores (buffer / extent)."""
    return conf.buffer() / conf.extent()


def mercator_to_lonlat(x: float, y: float) -> tuple[float, float]:
    """EPSG:3857 metres to lon/lat degrees."""
    lon = math.degrees(x / 6378137.0)
    lat = math.degrees(2 * math.atan(math.exp(y / 6378137.0)) - math.pi / 2)
    return lon, lat


def lonlat_to_mercator(lon: float, lat: float) -> tuple[float, float]:
    """Lon/lat degrees to EPSG:3857 metres (latitude must be within +-85.05113)."""
    x = math.radians(lon) * 6378137.0
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) * 6378137.0
    return x, y


def tile_at(lon: float, lat: float, z: int) -> TileId:
    """The tile of zoom ``z`` that contains the point (a point on an edge belongs to the east / south tile)."""
    x, y = lonlat_to_mercator(lon, lat)
    n = 2**z
    column = math.floor((x + WORLD_HALF) / (2 * WORLD_HALF) * n)
    row = math.floor((WORLD_HALF - y) / (2 * WORLD_HALF) * n)
    return TileId(z, min(max(column, 0), n - 1), min(max(row, 0), n - 1))


def tile_range(bbox: BBox, z: int) -> tuple[TileId, TileId]:
    """The top-left and bottom-right tiles of zoom ``z`` that cover the lon/lat ``bbox`` (west, south, east, north)."""
    west, south, east, north = bbox
    return tile_at(west, north, z), tile_at(east, south, z)


def tiles_in_bbox(bbox: BBox, z: int) -> Iterator[TileId]:
    """Every tile of zoom ``z`` that intersects the lon/lat ``bbox`` (west, south, east, north), row by row."""
    top_left, bottom_right = tile_range(bbox, z)
    for row in range(top_left.y, bottom_right.y + 1):
        for column in range(top_left.x, bottom_right.x + 1):
            yield TileId(z, column, row)
