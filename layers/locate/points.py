"""From a point in a request CRS to CGCS2000 lon/lat (EPSG:4490, x = longitude), or an error naming ``lon``/``lat``.

``x`` is always the longitude or the easting and ``y`` the latitude or the northing, whatever the authoritative
axis order of the CRS (EPSG:4547 is northing-first, but its easting is still ``x``). GCJ-02 and BD-09 go back
to WGS 84 by the iterative inverses of ``spatial.chinese``; projected CRSs through ``spatial.transform``
(pyproj). CGCS2000 and WGS 84 lon/lat are taken as identical, as everywhere in the server.
"""
from __future__ import annotations

import numpy as np

from layers.errors import InvalidParameter
from spatial.crs import STORAGE_CRS, CrsInfo
from spatial.errors import SpatialError
from spatial.transform import transform_xy
from web.params import finite_number

PAIR = "lon,lat"
"""The parameter named when the pair, not one of its numbers, is at fault (a projected point off its area)."""


def to_storage(x: float, y: float, *, crs: CrsInfo) -> tuple[float, float]:
    """``(x, y)`` in ``crs`` to CGCS2000 ``(lon, lat)`` degrees.

    Raises :class:`InvalidParameter` naming ``lon`` (longitude outside -180..180), ``lat`` (latitude outside
    -90..90) or ``lon,lat`` (a projected point outside the area of its CRS, or one PROJ cannot transform).
    """
    x = finite_number(x, parameter="lon")
    y = finite_number(y, parameter="lat")
    if crs.is_geographic:
        if not -180.0 <= x <= 180.0:
            raise InvalidParameter(
                f"Parameter 'lon' must be a longitude in -180..180 degrees in {crs.key}, got {x!r}.", parameter="lon"
            )
        if not -90.0 <= y <= 90.0:
            raise InvalidParameter(
                f"Parameter 'lat' must be a latitude in -90..90 degrees in {crs.key}, got {y!r}.", parameter="lat"
            )
    if crs.key == STORAGE_CRS.key or (crs.is_geographic and crs.srid is not None):
        return x, y
    try:
        lon, lat = transform_xy(x, y, src=crs, dst=STORAGE_CRS, parameter=PAIR)
    except SpatialError as error:
        raise InvalidParameter(
            f"{error} In {crs.key}, 'lon' is the easting (x) and 'lat' the northing (y), in metres.", parameter=PAIR
        ) from error
    return float(lon), float(lat)


def try_storage(x: float, y: float, *, crs: CrsInfo) -> tuple[float, float] | None:
    """:func:`to_storage`, or ``None`` where it would raise."""
    try:
        return to_storage(x, y, crs=crs)
    except InvalidParameter:
        return None


def to_storage_many(xs: np.ndarray, ys: np.ndarray, *, crs: CrsInfo) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised :func:`to_storage` for arrays already checked to be finite (and in range, if geographic)."""
    if crs.key == STORAGE_CRS.key or (crs.is_geographic and crs.srid is not None):
        return xs, ys
    try:
        lons, lats = transform_xy(xs, ys, src=crs, dst=STORAGE_CRS, parameter="points")
    except SpatialError as error:
        raise InvalidParameter(str(error), parameter="points") from error
    return np.asarray(lons, dtype=np.float64), np.asarray(lats, dtype=np.float64)
