"""GCJ-02 and BD-09, the non-EPSG coordinate systems of Chinese web maps.

GCJ-02 (国测局坐标, "Mars coordinates") is used by WeChat, Tencent Maps and
AMap; BD-09 is Baidu's further offset of GCJ-02. GCJ-02 is **not a datum**: it
is a deliberate, non-linear obfuscation of WGS 84 longitude/latitude that
shifts points by tens to hundreds of metres (about 50-670 m across the
mainland, 545-620 m in Pingding county). The formulae here are the widely
published reverse-engineered ones (Krasovsky-like ``a = 6378245.0``,
``ee = 0.00669342162296594323``; Baidu ``x_pi = pi * 3000 / 180``); they
reproduce what those maps show to well under a metre, which is the only
accuracy claim anyone can honestly make for them.

The forward directions (WGS 84 to GCJ-02, GCJ-02 to BD-09) are closed
formulae. The inverses are solved iteratively to ``tolerance_deg``
(1e-9 degrees is about 0.1 mm), not by the crude one-step subtraction of
the offset, which is off by up to 3.3 m in the county and 5 m elsewhere;
``tests/spatial/test_chinese.py`` measures the round trips in metres.

CGCS2000 (EPSG:4490, the storage CRS) is treated as coincident with WGS 84
here, as PROJ does. At one epoch the two frames agree to a few centimetres;
but CGCS2000 coordinates are fixed at epoch 2000.0 while a phone's WGS 84
fix is at today's epoch, and the crust in Shanxi moves about 3 cm a year,
so the same point differs by a few decimetres (under a metre) between the
two. That is well below consumer GNSS error (3-5 m) and below what GCJ-02
lets anyone claim, and no grid to do better is shipped with PROJ.

Every function takes and returns longitude, latitude in degrees, in that
order (x, y), as Python floats or numpy arrays of any matching shape; scalars
in give floats out. Points outside the published "China" rectangle
(:func:`out_of_china`) are returned unchanged, as the reference algorithm
does for GCJ-02; the BD-09 functions apply the same rule (Baidu's bare
formula has no such test) so that every pair of systems agrees outside
China. NaN also passes through unchanged (validation is the caller's job,
see :mod:`spatial.transform`).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

A = 6378245.0
"""Semi-major axis (metres) of the ellipsoid used by the GCJ-02 formula."""
EE = 0.00669342162296594323
"""First eccentricity squared of the ellipsoid used by the GCJ-02 formula."""
X_PI = math.pi * 3000.0 / 180.0
"""Baidu's angular constant for BD-09."""

CHINA_BOUNDS = (72.004, 0.8293, 137.8347, 55.8271)
"""(min lon, min lat, max lon, max lat) in degrees of the published out-of-China test."""

Coord = float | NDArray[np.float64]
Pair = tuple[NDArray[np.float64], NDArray[np.float64]]


def _arrays(lon: ArrayLike, lat: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64], bool]:
    x = np.asarray(lon, dtype=np.float64)
    y = np.asarray(lat, dtype=np.float64)
    scalar = x.ndim == 0 and y.ndim == 0
    x, y = np.broadcast_arrays(x, y)
    return x, y, scalar


def _out(x: NDArray[np.float64], y: NDArray[np.float64], scalar: bool) -> tuple[Coord, Coord]:
    if scalar:
        return float(x), float(y)
    return x, y


def _in_china(x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.bool_]:
    min_x, min_y, max_x, max_y = CHINA_BOUNDS
    return (x >= min_x) & (x <= max_x) & (y >= min_y) & (y <= max_y)


def out_of_china(lon: ArrayLike, lat: ArrayLike) -> bool | NDArray[np.bool_]:
    """True where (lon, lat) degrees fall outside the published China rectangle.

    The rectangle (:data:`CHINA_BOUNDS`) is the reference algorithm's crude
    test: it also covers Korea, Japan and parts of neighbouring countries.
    NaN counts as outside.
    """
    x, y, scalar = _arrays(lon, lat)
    outside = ~_in_china(x, y)
    return bool(outside) if scalar else outside


def _transform_lat(x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64]:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * math.pi) + 20.0 * np.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(y * math.pi) + 40.0 * np.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * np.sin(y / 12.0 * math.pi) + 320.0 * np.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lon(x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64]:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * math.pi) + 20.0 * np.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(x * math.pi) + 40.0 * np.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * np.sin(x / 12.0 * math.pi) + 300.0 * np.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def _gcj02_offset(x: NDArray[np.float64], y: NDArray[np.float64]) -> Pair:
    """(dlon, dlat) degrees that GCJ-02 adds to WGS 84 (x, y) lon/lat degrees."""
    dlat = _transform_lat(x - 105.0, y - 35.0)
    dlon = _transform_lon(x - 105.0, y - 35.0)
    radlat = y / 180.0 * math.pi
    magic = 1.0 - EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((A * (1.0 - EE)) / (magic * sqrtmagic) * math.pi)
    dlon = (dlon * 180.0) / (A / sqrtmagic * np.cos(radlat) * math.pi)
    return dlon, dlat


def _gcj02_forward(x: NDArray[np.float64], y: NDArray[np.float64]) -> Pair:
    dx, dy = _gcj02_offset(x, y)
    return x + dx, y + dy


def _bd09_forward(x: NDArray[np.float64], y: NDArray[np.float64]) -> Pair:
    z = np.sqrt(x * x + y * y) + 0.00002 * np.sin(y * X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def _bd09_one_step_inverse(x: NDArray[np.float64], y: NDArray[np.float64]) -> Pair:
    x = x - 0.0065
    y = y - 0.006
    z = np.sqrt(x * x + y * y) - 0.00002 * np.sin(y * X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * X_PI)
    return z * np.cos(theta), z * np.sin(theta)


def _map_inside(
    fn: Callable[[NDArray[np.float64], NDArray[np.float64]], Pair], lon: ArrayLike, lat: ArrayLike
) -> tuple[Coord, Coord]:
    """Apply ``fn`` to the points inside :data:`CHINA_BOUNDS`; return the others unchanged."""
    x, y, scalar = _arrays(lon, lat)
    inside = _in_china(x, y)
    out_x, out_y = x.copy(), y.copy()
    if inside.any():
        out_x[inside], out_y[inside] = fn(x[inside], y[inside])
    return _out(out_x, out_y, scalar)


def _fixed_point_inverse(
    forward: Callable[[NDArray[np.float64], NDArray[np.float64]], Pair],
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    guess: Pair,
    tolerance_deg: float,
    max_iter: int,
) -> Pair:
    """Solve ``forward(gx, gy) == (x, y)`` from ``guess`` by fixed-point iteration.

    Converges because each forward map is the identity plus a slowly varying
    offset: the error shrinks about 250-fold per step (2.7e-5, 1.1e-7, 4e-10
    degrees in the county), so three steps reach 1e-9 degrees.
    """
    gx, gy = guess
    for _ in range(max_iter):
        fx, fy = forward(gx, gy)
        rx, ry = x - fx, y - fy
        gx, gy = gx + rx, gy + ry
        if np.max(np.maximum(np.abs(rx), np.abs(ry)), initial=0.0) <= tolerance_deg:
            break
    return gx, gy


def wgs84_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[Coord, Coord]:
    """WGS 84 (or CGCS2000) lon/lat degrees to GCJ-02 lon/lat degrees."""
    return _map_inside(_gcj02_forward, lon, lat)


def gcj02_to_wgs84(
    lon: ArrayLike, lat: ArrayLike, *, tolerance_deg: float = 1e-9, max_iter: int = 30
) -> tuple[Coord, Coord]:
    """GCJ-02 lon/lat degrees to WGS 84 lon/lat degrees, iterated to ``tolerance_deg``.

    Starts from the one-step inverse (subtract the offset computed at the
    GCJ-02 point) and refines until the forward transform of the result
    matches the input to ``tolerance_deg`` degrees or ``max_iter`` steps run.
    """

    def inverse(x: NDArray[np.float64], y: NDArray[np.float64]) -> Pair:
        dx, dy = _gcj02_offset(x, y)
        return _fixed_point_inverse(_gcj02_forward, x, y, (x - dx, y - dy), tolerance_deg, max_iter)

    return _map_inside(inverse, lon, lat)


def gcj02_to_bd09(lon: ArrayLike, lat: ArrayLike) -> tuple[Coord, Coord]:
    """GCJ-02 lon/lat degrees to BD-09 lon/lat degrees (Baidu's published formula)."""
    return _map_inside(_bd09_forward, lon, lat)


def bd09_to_gcj02(
    lon: ArrayLike, lat: ArrayLike, *, tolerance_deg: float = 1e-9, max_iter: int = 30
) -> tuple[Coord, Coord]:
    """BD-09 lon/lat degrees to GCJ-02 lon/lat degrees, iterated to ``tolerance_deg``.

    Baidu's published inverse is a one-step approximation (off by up to
    about 0.15 m in the county); it is used as the initial guess and refined here.
    """

    def inverse(x: NDArray[np.float64], y: NDArray[np.float64]) -> Pair:
        guess = _bd09_one_step_inverse(x, y)
        return _fixed_point_inverse(_bd09_forward, x, y, guess, tolerance_deg, max_iter)

    return _map_inside(inverse, lon, lat)


def wgs84_to_bd09(lon: ArrayLike, lat: ArrayLike) -> tuple[Coord, Coord]:
    """WGS 84 (or CGCS2000) lon/lat degrees to BD-09 lon/lat degrees, through GCJ-02."""
    gx, gy = wgs84_to_gcj02(lon, lat)
    return gcj02_to_bd09(gx, gy)


def bd09_to_wgs84(
    lon: ArrayLike, lat: ArrayLike, *, tolerance_deg: float = 1e-9, max_iter: int = 30
) -> tuple[Coord, Coord]:
    """BD-09 lon/lat degrees to WGS 84 lon/lat degrees, through GCJ-02 (both inverses iterated)."""
    gx, gy = bd09_to_gcj02(lon, lat, tolerance_deg=tolerance_deg, max_iter=max_iter)
    return gcj02_to_wgs84(gx, gy, tolerance_deg=tolerance_deg, max_iter=max_iter)
