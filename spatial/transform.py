"""The pyproj boundary: coordinate transformation between entries of the CRS table.

Every function here takes and returns coordinates in the server's *internal
traditional order*: x = longitude or easting, y = latitude or northing,
whatever the authoritative axis order of the CRS (use
:func:`spatial.crs.to_axis_order` for output). Degrees for geographic CRSs,
metres for projected ones.

pyproj is called only from this module, always with ``always_xy=True`` and
one cached Transformer per pair, and its errors are turned into
:class:`~spatial.errors.SpatialError` here. Every transformation goes
through WGS 84 lon/lat degrees (EPSG:4326 in x, y order): projected CRSs by
pyproj, the non-EPSG systems GCJ-02 and BD-09 by :mod:`spatial.chinese`.
CGCS2000 (EPSG:4490) and WGS 84 lon/lat are taken as identical, which is
what PROJ itself does without a grid (its "ballpark geographic offset" is a
no-op); the real difference is centimetres between the frames plus plate
motion since epoch 2000.0, a few decimetres in the county (see
:mod:`spatial.chinese`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError, ProjError

from spatial import chinese
from spatial.crs import EPSG_4326, CrsInfo
from spatial.errors import CoordinateError, CrsUnavailable, SpatialError

Coord = float | NDArray[np.float64]
_ChineseFn = Callable[[ArrayLike, ArrayLike], tuple[Coord, Coord]]

AREA_MARGIN_DEG = 3.0
"""Degrees by which a projected CRS's EPSG area of use is widened before points are rejected.

Three degrees is one Gauss-Kruger zone width: the whole of Shanxi fits in
EPSG:4547 with it, while swapped easting/northing and wrong-zone input fall
far outside.
"""

_TO_WGS84: dict[str, _ChineseFn] = {"GCJ02": chinese.gcj02_to_wgs84, "BD09": chinese.bd09_to_wgs84}
_FROM_WGS84: dict[str, _ChineseFn] = {"GCJ02": chinese.wgs84_to_gcj02, "BD09": chinese.wgs84_to_bd09}


def _in(parameter: str | None) -> str:
    return f" in parameter '{parameter}'" if parameter else ""


def _proj_unavailable(what: str, exc: Exception) -> CrsUnavailable:
    return CrsUnavailable(
        f"PROJ cannot build {what} ({exc}); check that pyproj and its PROJ database are installed "
        "(pip install -r requirements).",
    )


@lru_cache(maxsize=64)
def _transformer(src_proj: str, dst_proj: str) -> Transformer:
    """One cached pyproj Transformer per (src, dst) pair; thread-safe since pyproj 3.1."""
    try:
        return Transformer.from_crs(src_proj, dst_proj, always_xy=True)
    except (CRSError, ProjError) as exc:
        raise _proj_unavailable(f"a transformation from {src_proj} to {dst_proj}", exc) from exc


def _finite_arrays(
    xs: ArrayLike, ys: ArrayLike, *, parameter: str | None
) -> tuple[NDArray[np.float64], NDArray[np.float64], tuple[int, ...]]:
    """Return flat float64 copies of ``xs``, ``ys`` and their common shape (``()`` for scalars)."""
    try:
        x, y = np.broadcast_arrays(np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64))
        shape = x.shape
        x, y = x.ravel().copy(), y.ravel().copy()
    except (TypeError, ValueError) as exc:
        raise CoordinateError(
            f"Coordinates{_in(parameter)} must be numbers with as many x values as y values ({exc}).",
            parameter=parameter,
        ) from exc
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise CoordinateError(
            f"Coordinates{_in(parameter)} contain NaN or infinity; send finite numbers only.",
            parameter=parameter,
        )
    return x, y, shape


def _restore(x: NDArray[np.float64], y: NDArray[np.float64], shape: tuple[int, ...]) -> tuple[Coord, Coord]:
    if shape == ():
        return float(x[0]), float(y[0])
    return x.reshape(shape), y.reshape(shape)


def _lonlat_out_of_range(x: NDArray[np.float64], y: NDArray[np.float64]) -> str | None:
    if x.size and (np.abs(x) > 180.0).any():
        return f"longitude {float(x[np.abs(x) > 180.0][0])!r} is outside -180..180 degrees"
    if y.size and (np.abs(y) > 90.0).any():
        return f"latitude {float(y[np.abs(y) > 90.0][0])!r} is outside -90..90 degrees"
    return None


def validate_lonlat(lon: ArrayLike, lat: ArrayLike, *, parameter: str) -> tuple[Coord, Coord]:
    """Check longitude/latitude degrees (x = lon, y = lat) and return them as floats or arrays.

    Raises :class:`~spatial.errors.CoordinateError` naming ``parameter`` for
    NaN, infinity, a longitude outside -180..180 or a latitude outside
    -90..90. A latitude in the longitude place (a swapped pair) is usually
    caught by the latitude check, and the message says so.
    """
    x, y, shape = _finite_arrays(lon, lat, parameter=parameter)
    problem = _lonlat_out_of_range(x, y)
    if problem:
        raise CoordinateError(
            f"Coordinates{_in(parameter)} are out of range: {problem}; "
            "send longitude first, then latitude, in degrees (check that the pair is not swapped).",
            parameter=parameter,
        )
    return _restore(x, y, shape)


def transform_xy(
    xs: ArrayLike, ys: ArrayLike, *, src: CrsInfo, dst: CrsInfo, parameter: str | None = None
) -> tuple[Coord, Coord]:
    """Transform coordinates from ``src`` to ``dst``, both in internal (x, y) order.

    ``xs``/``ys`` are longitudes/eastings and latitudes/northings, scalars or
    numpy arrays of matching shape; the result has the same shape (floats
    for scalar input). Units follow each CRS: degrees or metres.

    Every transformation goes through WGS 84 lon/lat degrees (the hub), where
    the points are checked: NaN and infinity, degrees out of range, points
    PROJ cannot transform, and points of a projected CRS lying outside its
    area of use widened by :data:`AREA_MARGIN_DEG` (the usual sign of
    swapped easting/northing or of the wrong zone) raise
    :class:`~spatial.errors.CoordinateError` naming ``parameter``.
    """
    x, y, shape = _finite_arrays(xs, ys, parameter=parameter)
    if src.key == dst.key:
        return _restore(x, y, shape)
    lon, lat = _to_lonlat(x, y, src=src, parameter=parameter)
    _check_area(lon, lat, info=dst, parameter=parameter, role="target")
    out_x, out_y = _from_lonlat(lon, lat, dst=dst, parameter=parameter)
    return _restore(out_x, out_y, shape)


def _to_lonlat(
    x: NDArray[np.float64], y: NDArray[np.float64], *, src: CrsInfo, parameter: str | None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    if src.is_geographic:
        problem = _lonlat_out_of_range(x, y)
        if problem:
            raise CoordinateError(
                f"Coordinates{_in(parameter)} are not {src.key}: {problem}; "
                "send x = longitude, y = latitude.",
                parameter=parameter,
            )
    if src.key in _TO_WGS84:
        lon, lat = _TO_WGS84[src.key](x, y)
        return np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64)
    if src.is_geographic:
        return x, y
    lon, lat = _pyproj_transform(x, y, src=src, dst=EPSG_4326, parameter=parameter)
    _check_area(lon, lat, info=src, parameter=parameter, role="source")
    return lon, lat


def _from_lonlat(
    lon: NDArray[np.float64], lat: NDArray[np.float64], *, dst: CrsInfo, parameter: str | None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    if dst.key in _FROM_WGS84:
        x, y = _FROM_WGS84[dst.key](lon, lat)
        return np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if dst.is_geographic:
        return lon, lat
    return _pyproj_transform(lon, lat, src=EPSG_4326, dst=dst, parameter=parameter)


@lru_cache(maxsize=16)
def _area_of_use(proj: str) -> tuple[float, float, float, float, str] | None:
    try:
        area = CRS.from_user_input(proj).area_of_use
    except CRSError as exc:
        raise _proj_unavailable(f"the CRS {proj}", exc) from exc
    if area is None:
        return None
    return area.west, area.south, area.east, area.north, area.name.rstrip(".")


def _check_area(
    lon: NDArray[np.float64], lat: NDArray[np.float64], *, info: CrsInfo, parameter: str | None, role: str
) -> None:
    if info.is_geographic or info.proj is None or lon.size == 0:
        return
    area = _area_of_use(info.proj)
    if area is None:
        return
    west, south, east, north, name = area
    m = AREA_MARGIN_DEG
    outside = (lon < west - m) | (lon > east + m) | (lat < south - m) | (lat > north + m)
    if outside.any():
        i = int(np.argmax(outside))
        hint = (
            "check the CRS and that easting and northing are not swapped"
            if role == "source"
            else f"choose a CRS whose area covers these points, e.g. {EPSG_4326.key}"
        )
        raise CoordinateError(
            f"Coordinates{_in(parameter)} fall at lon {lon[i]:.4f}, lat {lat[i]:.4f}, "
            f"outside the area of the {role} CRS {info.key} "
            f"({name}: {west}..{east} E, {south}..{north} N); {hint}.",
            parameter=parameter,
        )


def _pyproj_transform(
    x: NDArray[np.float64], y: NDArray[np.float64], *, src: CrsInfo, dst: CrsInfo, parameter: str | None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    transformer = _transformer(str(src.proj), str(dst.proj))
    try:
        out_x, out_y = transformer.transform(x, y, errcheck=True)
    except ProjError as exc:
        raise CoordinateError(
            f"Coordinates{_in(parameter)} cannot be transformed from {src.key} to {dst.key} ({exc}); "
            f"check that they are {src.key} values in x, y order (easting before northing).",
            parameter=parameter,
        ) from exc
    out_x = np.asarray(out_x, dtype=np.float64)
    out_y = np.asarray(out_y, dtype=np.float64)
    if not (np.isfinite(out_x).all() and np.isfinite(out_y).all()):
        raise CoordinateError(
            f"Coordinates{_in(parameter)} fall outside the area where {dst.key} is defined.",
            parameter=parameter,
        )
    return out_x, out_y


def transform_bbox(
    bbox: tuple[float, float, float, float],
    *,
    src: CrsInfo,
    dst: CrsInfo,
    densify: int = 21,
    parameter: str | None = None,
) -> tuple[float, float, float, float]:
    """Transform ``(minx, miny, maxx, maxy)`` in internal order and return the enclosing box in ``dst``.

    Each edge is densified with ``densify`` points so that curved edges
    (Gauss-Kruger, GCJ-02) stay inside the result. Does not handle boxes
    crossing the antimeridian, which no county query needs.
    """
    minx, miny, maxx, maxy = bbox
    if minx > maxx or miny > maxy:
        raise CoordinateError(
            f"Box{_in(parameter)} has min greater than max; send minx, miny, maxx, maxy.",
            parameter=parameter,
        )
    t = np.linspace(0.0, 1.0, max(densify, 2))
    along_x = minx + (maxx - minx) * t
    along_y = miny + (maxy - miny) * t
    xs = np.concatenate([along_x, np.full_like(t, maxx), along_x[::-1], np.full_like(t, minx)])
    ys = np.concatenate([np.full_like(t, miny), along_y, np.full_like(t, maxy), along_y[::-1]])
    out_x, out_y = transform_xy(xs, ys, src=src, dst=dst, parameter=parameter)
    return float(np.min(out_x)), float(np.min(out_y)), float(np.max(out_x)), float(np.max(out_y))


@lru_cache(maxsize=16)
def domain_box(info: CrsInfo) -> tuple[float, float, float, float]:
    """Where ``info`` is defined, as ``(minx, miny, maxx, maxy)`` in internal order: the whole Earth in degrees for a
    geographic CRS, else its area of use transformed to it (metres). Clients clamp their "everything" boxes to it."""
    area = None if info.is_geographic or info.proj is None else _area_of_use(info.proj)
    if area is None:
        return (-180.0, -90.0, 180.0, 90.0)
    west, south, east, north, _ = area
    return transform_bbox((west, south, east, north), src=EPSG_4326, dst=info)
