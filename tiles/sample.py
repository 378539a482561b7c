"""The fixed set of tiles the tile benchmark requests: zooms 10 to 17 over the county seat's built-up area.

Pure and deterministic (no database, no randomness), so every run of the benchmark asks for the same tiles.
"""
from __future__ import annotations

from .grid import BBox, TileId, tile_range

SEAT_LON = 113.627
SEAT_LAT = 37.795
"""The county seat (冠山镇), EPSG:4490 degrees."""

BUILT_UP_BBOX: BBox = (113.598, 37.7725, 113.656, 37.8175)
"""About 5 x 5 km around the seat (lon/lat degrees: west, south, east, north): the ~15 km² built-up area with margin."""

ZOOMS = range(10, 18)


def benchmark_tiles(*, per_zoom: int = 12, bbox: BBox = BUILT_UP_BBOX, zooms: range = ZOOMS) -> list[TileId]:
    """Up to ``per_zoom`` tiles per zoom covering ``bbox``, zoom by zoom.

    Where a zoom has more tiles than that, they are taken at an even stride through the row-major list of the
    covering tiles, starting with the one in the middle of the first stride, so the sample spans the whole area
    (dense centre and sparse edges alike).
    """
    sample: list[TileId] = []
    for z in zooms:
        top_left, bottom_right = tile_range(bbox, z)
        columns = bottom_right.x - top_left.x + 1
        count = columns * (bottom_right.y - top_left.y + 1)
        if count <= per_zoom:
            picks = range(count)
        else:
            stride = count / per_zoom
            picks = (int(stride * i + stride / 2) for i in range(per_zoom))
        sample.extend(TileId(z, top_left.x + i % columns, top_left.y + i // columns) for i in picks)
    return sample
