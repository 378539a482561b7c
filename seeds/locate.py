"""Which grid holds a point or a footprint, decided on the final EPSG:4490 geometry (the one that gets stored).

Deciding on stored coordinates is what makes ``ST_Contains(grid.geom, point)`` in PostGIS agree with the
``grid_code`` the generator writes: both test the very same doubles.
"""
from __future__ import annotations

import numpy as np
import shapely
from numpy.typing import NDArray


class GridLocator:
    """A spatial index over the grid polygons (lon/lat, EPSG:4490), in grid order."""

    def __init__(self, grid_geoms_lonlat: NDArray[np.object_]) -> None:
        self.geoms = grid_geoms_lonlat
        self.tree = shapely.STRtree(grid_geoms_lonlat)

    def _within(self, geoms: NDArray[np.object_]) -> NDArray[np.int64]:
        found = np.full(len(geoms), -1, dtype=np.int64)
        if len(geoms) == 0:
            return found
        pairs = self.tree.query(geoms, predicate="within")
        counts = np.bincount(pairs[0], minlength=len(geoms))
        found[pairs[0]] = pairs[1]
        found[counts != 1] = -1
        return found

    def points(self, lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.int64]:
        """Index of the grid whose interior holds each point (lon/lat degrees), -1 where none does."""
        return self._within(shapely.points(np.column_stack([lon, lat])))

    def footprints(self, polygons_lonlat: NDArray[np.object_]) -> NDArray[np.int64]:
        """Index of the one grid each polygon lies within, -1 where it straddles a grid boundary or lies outside."""
        return self._within(polygons_lonlat)
