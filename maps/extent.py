"""The lon/lat extent of GeoJSON geometries, for fitting a map to what it draws."""
from __future__ import annotations

from collections.abc import Iterable


def lonlat_extent(geometries: Iterable[dict | None]) -> tuple[float, float, float, float] | None:
    """``(west, south, east, north)`` in degrees of every coordinate of ``geometries``; None when there is none."""
    lons: list[float] = []
    lats: list[float] = []

    def walk(coordinates) -> None:
        if coordinates and isinstance(coordinates[0], (int, float)):
            lons.append(coordinates[0])
            lats.append(coordinates[1])
        else:
            for part in coordinates:
                walk(part)

    for geometry in geometries:
        if geometry:
            walk(geometry["coordinates"])
    return (min(lons), min(lats), max(lons), max(lats)) if lons else None
