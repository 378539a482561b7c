"""The standard map under a print map: its XYZ tiles read straight from the COG and stitched into one image."""
from __future__ import annotations

import math

import numpy as np

from tiles.grid import TILE_PX, WORLD_HALF, lonlat_to_mercator, tile_range
from tiles.raster import reader
from tiles.raster.tileset import MAXZOOM, MINZOOM, standard_map_path

MAX_TILES = 400
"""At most this many tiles under one page (20 x 20 = 5,120 px a side, enough for A3 at 300 dpi)."""


def zoom_for(bbox: tuple[float, float, float, float], width_px: int) -> int:
    """The zoom whose tiles give about ``width_px`` pixels across the lon/lat ``bbox``, within the map's zooms and
    :data:`MAX_TILES`."""
    west, _, east, _ = bbox
    span = max(lonlat_to_mercator(east, 0)[0] - lonlat_to_mercator(west, 0)[0], 1.0)
    zoom = round(math.log2(width_px * 2 * WORLD_HALF / (TILE_PX * span)))
    zoom = min(max(zoom, MINZOOM), MAXZOOM)
    while zoom > MINZOOM and _count(bbox, zoom) > MAX_TILES:
        zoom -= 1
    return zoom


def _count(bbox, zoom: int) -> int:
    top_left, bottom_right = tile_range(bbox, zoom)
    return (bottom_right.x - top_left.x + 1) * (bottom_right.y - top_left.y + 1)


def mosaic(bbox: tuple[float, float, float, float], zoom: int) -> tuple[np.ndarray, tuple[float, float, float, float]]:
    """``(pixels, extent)``: RGBA rows x cols x 4 of the tiles covering the lon/lat ``bbox`` at ``zoom`` (transparent
    where the map is not) and their EPSG:3857 extent (left, right, bottom, top), as ``imshow`` takes it.
    :class:`~tiles.raster.errors.StandardMapUnavailable` when the map is not built."""
    path = standard_map_path()
    top_left, bottom_right = tile_range(bbox, zoom)
    columns, rows = bottom_right.x - top_left.x + 1, bottom_right.y - top_left.y + 1
    pixels = np.zeros((rows * TILE_PX, columns * TILE_PX, 4), dtype=np.uint8)
    for row in range(rows):
        for column in range(columns):
            tile = top_left._replace(x=top_left.x + column, y=top_left.y + row)
            part = reader.read_tile(path, tile)
            if part is not None:
                pixels[row * TILE_PX:(row + 1) * TILE_PX, column * TILE_PX:(column + 1) * TILE_PX] = part
    side = 2 * WORLD_HALF / 2**zoom
    left, top = -WORLD_HALF + top_left.x * side, WORLD_HALF - top_left.y * side
    return pixels, (left, left + columns * side, top - rows * side, top)
