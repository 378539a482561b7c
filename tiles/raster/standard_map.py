"""Build the standard map (标准作业图): a Cloud-Optimised GeoTIFF of the county in EPSG:3857.

Why EPSG:3857 and not the county's Gauss-Kruger zone (EPSG:4547): the map is served as Web Mercator XYZ tiles,
so a file in EPSG:3857 whose pixels sit on the tile pyramid's grid turns every tile into a plain windowed read
(whole pixels of the base image or one overview at zooms 7-13, a small upsampled window deeper) with no
reprojection at request time; a GK file would need a warp per tile. The price, a ground resolution that varies
by about 0.5 % across the county's 40 km of latitude, does not matter for a base map.

Content: hillshaded, tinted synthetic terrain (:mod:`.terrain`), a river and reservoir, the built-up area,
trunk roads and streets (:mod:`.network`), town and county boundaries; alpha 0 outside the county. Storage:
RGBA bytes, 256 x 256 blocks, DEFLATE with the horizontal predictor, averaged overviews 2..64.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from tiles.grid import TILE_PX, BBox, pixel_size

from .layout import BASE_ZOOM, OVERVIEW_LEVELS, aligned_grid, lonlat_bounds_to_mercator, mercator_bounds_to_lonlat, \
    nearest_zoom
from .network import synthetic_overlays
from .reader import coverage, write_cog
from .render import Layers, compose
from .sources import CountyFeatures, county_features
from .terrain import Landscape, hillshade, synthetic_dem

DEFAULT_RESOLUTION_M = pixel_size(BASE_ZOOM)
"""19.109 m in EPSG:3857 units, the pixel size of zoom 13: about 15.1 m on the ground at 37.8° N."""
OVERVIEW_FACTORS = [2**k for k in range(1, OVERVIEW_LEVELS + 1)]
MARGIN_M = 1_500.0
"""Ground margin around the county included in the raster, metres (transparent, compresses to nothing)."""

COUNTY_BOUNDS_TAG = "PINGDING_COUNTY_BOUNDS"
"""Metadata tag of the file: the county's (west, south, east, north) CGCS2000 degrees, comma-separated."""

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildSummary:
    """What a build wrote: file, size in bytes, pixels, ground resolution (m), overview factors, seconds."""

    path: Path
    size_bytes: int
    width: int
    height: int
    zoom: int
    ground_resolution_m: float
    overviews: tuple[int, ...]
    seconds: float


def build_standard_map(
    *,
    path: Path,
    seed: int,
    bounds: BBox | None = None,
    resolution_m: float = DEFAULT_RESOLUTION_M,
    features: CountyFeatures | None = None,
    progress: Progress | None = None,
) -> BuildSummary:
    """Build the standard map of the county and write it to ``path`` as a COG (EPSG:3857).

    ``bounds`` (west, south, east, north) in CGCS2000 degrees limits the raster (default: the county plus
    :data:`MARGIN_M`); ``resolution_m`` is a pixel size in EPSG:3857 metres, rounded to the nearest zoom level's
    pixel size so that pixels sit on the tile grid; ``features`` replaces the county, towns and built-up area
    read from PostGIS (EPSG:3857). The terrain and road network are deterministic from ``seed``.
    """
    say = progress or (lambda message: None)
    started = time.perf_counter()
    if features is None:
        say("reading the county, towns and built-up area from PostGIS")
        features = county_features()
    landscape = Landscape(extent=features.extent, seed=seed)
    zoom = nearest_zoom(resolution_m)
    if bounds is None:
        margin = MARGIN_M / landscape.ground_scale
        minx, miny, maxx, maxy = features.extent
        area = (minx - margin, miny - margin, maxx + margin, maxy + margin)
    else:
        area = lonlat_bounds_to_mercator(bounds)
    grid = aligned_grid(area, zoom=zoom, block=TILE_PX)
    say(f"grid {grid.width} x {grid.height} px at zoom {zoom} ({grid.ground_resolution_m:.1f} m ground)")

    dem = synthetic_dem(grid, landscape)
    shade = hillshade(dem, ground_resolution_m=grid.ground_resolution_m)
    say(f"terrain: {dem.min():.0f}..{dem.max():.0f} m, hillshaded ({time.perf_counter() - started:.1f} s)")

    overlays = synthetic_overlays(features, landscape, resolution=grid.resolution)
    px = grid.resolution
    layers = Layers(
        county=coverage([features.county], grid),
        built_up=coverage([features.built_up], grid),
        water=coverage([overlays.river.buffer(1.3 * px), overlays.reservoir], grid),
        streets=coverage([overlays.streets.buffer(0.6 * px)], grid),
        main_streets=coverage([overlays.main_streets.buffer(0.9 * px)], grid),
        trunk_casing=coverage([overlays.trunk_roads.buffer(1.6 * px)], grid),
        trunk_fill=coverage([overlays.trunk_roads.buffer(0.9 * px)], grid),
        town_lines=coverage([overlays.town_lines.buffer(0.5 * px)], grid),
        county_line=coverage([overlays.county_line.buffer(1.2 * px)], grid),
    )
    say(f"overlays rasterised ({time.perf_counter() - started:.1f} s)")

    rgba = compose(dem, shade, layers)
    path.parent.mkdir(parents=True, exist_ok=True)
    factors = [f for f in OVERVIEW_FACTORS if min(grid.width, grid.height) // f >= 1]
    west, south, east, north = mercator_bounds_to_lonlat(features.extent)
    tags = {
        COUNTY_BOUNDS_TAG: f"{west:.7f},{south:.7f},{east:.7f},{north:.7f}",
        "PINGDING_SEED": str(seed),
        "TIFFTAG_IMAGEDESCRIPTION": "平定县标准作业图 standard map (synthetic), EPSG:3857",
    }
    write_cog(path, rgba, grid, overview_factors=factors, tags=tags)
    seconds = time.perf_counter() - started
    say(f"wrote {path} ({seconds:.1f} s)")
    return BuildSummary(
        path=path, size_bytes=path.stat().st_size, width=grid.width, height=grid.height, zoom=zoom,
        ground_resolution_m=grid.ground_resolution_m, overviews=tuple(factors), seconds=seconds,
    )
