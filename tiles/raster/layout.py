"""The pixel layout of the standard map on the Web Mercator (EPSG:3857) tile pyramid; pure functions, no I/O.

The standard map is stored in EPSG:3857 on a pixel grid that is aligned with the XYZ tile pyramid: its pixel
size is that of one zoom level (:data:`BASE_ZOOM` by default, 19.109 m in EPSG:3857 units, about 15.1 m on the
ground at 37.8° N) and its origin and size are whole multiples of 256 pixels (a tile of the base zoom, and
a multiple of ``2**OVERVIEW_LEVELS``). So every tile from zoom ``BASE_ZOOM - OVERVIEW_LEVELS`` to
``BASE_ZOOM`` is a whole-pixel window of the base image or of one of its overviews: a tile read copies pixels
without any warping or resampling; deeper zooms only upsample.

Coordinates are in EPSG:3857 metres with x = easting, y = northing; lon/lat are CGCS2000 (EPSG:4490) degrees,
taken as equal to WGS 84 on the spherical Mercator, as PostGIS and PROJ do without a datum grid.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from tiles.grid import TILE_PX, WORLD_HALF, BBox, TileId, lonlat_to_mercator, mercator_to_lonlat, pixel_size, \
    tile_bounds_3857

BASE_ZOOM = 13
"""Zoom level whose pixel size is the default base resolution of the standard map."""
OVERVIEW_LEVELS = 6
"""Number of overview levels (factors 2, 4, ... 64): from the base zoom 13 down to zoom 7."""
MAX_ZOOM = 22
"""Deepest zoom level whose pixel size a raster may take."""


def nearest_zoom(resolution_m: float) -> int:
    """The zoom level whose pixel size (EPSG:3857 metres) is nearest to ``resolution_m`` on a log scale."""
    if not resolution_m > 0:
        raise ValueError(f"resolution_m must be a positive number of metres, not {resolution_m!r}")
    return max(0, min(MAX_ZOOM, round(math.log2(pixel_size(0) / resolution_m))))


def lonlat_bounds_to_mercator(bounds: BBox) -> BBox:
    """(west, south, east, north) degrees to (minx, miny, maxx, maxy) EPSG:3857 metres."""
    minx, miny = lonlat_to_mercator(bounds[0], bounds[1])
    maxx, maxy = lonlat_to_mercator(bounds[2], bounds[3])
    return (minx, miny, maxx, maxy)


def mercator_bounds_to_lonlat(bounds: BBox) -> BBox:
    """(minx, miny, maxx, maxy) EPSG:3857 metres to (west, south, east, north) degrees."""
    west, south = mercator_to_lonlat(bounds[0], bounds[1])
    east, north = mercator_to_lonlat(bounds[2], bounds[3])
    return (west, south, east, north)


def ground_scale(lat: float) -> float:
    """Metres on the ground per EPSG:3857 metre at latitude ``lat`` degrees (the cosine of the latitude)."""
    return math.cos(math.radians(lat))


@dataclass(frozen=True)
class RasterGrid:
    """A north-up pixel grid in EPSG:3857: origin (``minx``, ``maxy``) in metres, ``resolution`` metres a pixel.

    ``width`` and ``height`` are pixels; rows run from north to south.
    """

    minx: float
    maxy: float
    resolution: float
    width: int
    height: int

    @property
    def bounds(self) -> BBox:
        """(minx, miny, maxx, maxy) in EPSG:3857 metres."""
        return (
            self.minx,
            self.maxy - self.height * self.resolution,
            self.minx + self.width * self.resolution,
            self.maxy,
        )

    @property
    def center_lat(self) -> float:
        """Latitude of the grid's centre in degrees."""
        b = self.bounds
        return mercator_to_lonlat((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)[1]

    @property
    def ground_resolution_m(self) -> float:
        """Pixel size on the ground at the centre latitude, metres."""
        return self.resolution * ground_scale(self.center_lat)


def aligned_grid(bounds: BBox, *, zoom: int, block: int = 2**OVERVIEW_LEVELS) -> RasterGrid:
    """The smallest grid covering ``bounds`` (EPSG:3857 metres) with the pixel size of ``zoom``.

    The origin lies on the tile pyramid's pixel grid and the origin and size are multiples of ``block``
    pixels, so each overview level (factor 2**k, k <= log2(block)) is again aligned with zoom ``zoom - k``.
    """
    resolution = pixel_size(zoom)
    step = resolution * block
    col0 = math.floor((bounds[0] + WORLD_HALF) / step)
    col1 = math.ceil((bounds[2] + WORLD_HALF) / step)
    row0 = math.floor((WORLD_HALF - bounds[3]) / step)
    row1 = math.ceil((WORLD_HALF - bounds[1]) / step)
    return RasterGrid(
        minx=-WORLD_HALF + col0 * step,
        maxy=WORLD_HALF - row0 * step,
        resolution=resolution,
        width=max(1, col1 - col0) * block,
        height=max(1, row1 - row0) * block,
    )


@dataclass(frozen=True)
class TileWindow:
    """Where a tile meets a raster: the part of the raster to read and where it lands in the tile.

    ``col_off``, ``row_off``, ``width``, ``height`` are base-resolution pixels of the raster (fractional
    beyond the base zoom); ``dst_*`` are pixels of the 256 x 256 tile.
    """

    col_off: float
    row_off: float
    width: float
    height: float
    dst_col: int
    dst_row: int
    dst_width: int
    dst_height: int


def _snap(value: float) -> float:
    """``value`` rounded to the nearest integer when floating-point noise is all that separates them."""
    nearest = round(value)
    return float(nearest) if abs(value - nearest) < 1e-6 else value


def tile_window(grid: RasterGrid, tile: TileId) -> TileWindow | None:
    """The window of ``grid`` that ``tile`` covers, clipped to the raster; ``None`` when they do not meet."""
    minx, miny, maxx, maxy = tile_bounds_3857(tile)
    scale = TILE_PX / ((maxx - minx) / grid.resolution)  # tile pixels per raster pixel
    c0 = max(0.0, _snap((minx - grid.minx) / grid.resolution))
    c1 = min(float(grid.width), _snap((maxx - grid.minx) / grid.resolution))
    r0 = max(0.0, _snap((grid.maxy - maxy) / grid.resolution))
    r1 = min(float(grid.height), _snap((grid.maxy - miny) / grid.resolution))
    if c1 <= c0 or r1 <= r0:
        return None
    dst_col = round(((grid.minx + c0 * grid.resolution) - minx) / grid.resolution * scale)
    dst_row = round((maxy - (grid.maxy - r0 * grid.resolution)) / grid.resolution * scale)
    dst_width = min(TILE_PX - dst_col, max(1, round((c1 - c0) * scale)))
    dst_height = min(TILE_PX - dst_row, max(1, round((r1 - r0) * scale)))
    if dst_width <= 0 or dst_height <= 0:
        return None
    return TileWindow(c0, r0, c1 - c0, r1 - r0, dst_col, dst_row, dst_width, dst_height)
