"""Make the stored tessellation exact: node all grid boundaries together on a 1e-7° grid and rebuild every level
from the resulting faces.

Clipping Voronoi cells leaves vertices that lie on a neighbour's edge only to the last bit; stored as they are,
a floating-point overlay (``ST_Union`` in PostGIS) stumbles over them and reports square metres of phantom gaps.
Snap-rounding the whole linework at once (``union_all(..., grid_size)``) gives every shared edge the same vertices
on both sides; polygonizing it and unioning faces per grid, community, town and county then yields polygons that
fit exactly. 1e-7° (about 1 cm) is also the precision of coordinates the API writes, so the topology survives a
round trip through GeoJSON. Input and output are EPSG:4490 lon/lat.
"""
from __future__ import annotations

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import MultiPolygon

from .partition import polygonal

GRID_SIZE_DEG = 1e-7


def _owners(faces: NDArray[np.object_], cells: NDArray[np.object_]) -> NDArray[np.int64]:
    """The cell each face came from: the one holding a point inside the face, else the one overlapping it most."""
    tree = shapely.STRtree(cells)
    pairs = tree.query(shapely.point_on_surface(faces), predicate="within")
    owner = np.full(len(faces), -1, dtype=np.int64)
    counts = np.bincount(pairs[0], minlength=len(faces))
    owner[pairs[0]] = pairs[1]
    for f in np.flatnonzero(counts != 1):
        candidates = tree.query(faces[f], predicate="intersects")
        overlap = shapely.area(shapely.intersection(faces[f], cells[candidates]))
        owner[f] = candidates[int(np.argmax(overlap))] if len(candidates) else -1
    return owner


def snap_partition(cells: NDArray[np.object_]) -> NDArray[np.object_]:
    """The cells of a partition rebuilt on one snap-rounded, fully noded linework (same order, MultiPolygons)."""
    lines = shapely.union_all(shapely.boundary(cells), grid_size=GRID_SIZE_DEG)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    faces = faces[shapely.area(faces) > 0]
    owner = _owners(faces, cells)
    if (owner < 0).any():
        raise ValueError(f"{int((owner < 0).sum())} faces of the snapped grid linework belong to no grid")
    result = np.empty(len(cells), dtype=object)
    for i in range(len(cells)):
        mine = faces[owner == i]
        if len(mine) == 0:
            raise ValueError(f"grid {i} vanished when snapped to {GRID_SIZE_DEG}°")
        result[i] = MultiPolygon(list(mine)) if len(mine) == 1 else merge(mine)
    return result


def merge(parts: NDArray[np.object_] | list[MultiPolygon]) -> MultiPolygon:
    """The union of snapped polygons that share exact edges (an area from its grids, a town from its areas)."""
    return polygonal(shapely.union_all(np.asarray(parts, dtype=object), grid_size=GRID_SIZE_DEG))
