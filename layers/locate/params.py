"""Request parameters of the snapping service: from a ``QueryDict`` or a JSON body to typed values, or a 400 that
names the parameter at fault. Nothing here touches the database.

A point is ``lon``/``lat`` or, equivalently, ``x``/``y`` (one pair or the other, not both): x is the longitude or
the easting, y the latitude or the northing, whatever the axis order EPSG gives the CRS (EPSG:4547 and EPSG:4526
list northing first; here the easting is still ``lon``/``x``). Errors raised further on name ``lon``/``lat``;
:func:`renamed_parameters` rewrites those names to ``x``/``y`` for a request that used the aliases.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.http import QueryDict

from layers.errors import ApiError, InvalidParameter
from spatial.crs import STORAGE_CRS, CrsInfo
from web.bodies import load_json_object
from web.params import Crs, Integer, Number, check_known, finite_number, single

from . import conf

SNAP_PARAMETERS = frozenset({"lon", "lat", "x", "y", "crs", "radius"})
REVERSE_PARAMETERS = frozenset({"lon", "lat", "x", "y", "crs", "limit"})
NEAREST_BODY_KEYS = frozenset({"crs", "points"})
DEFAULT_CRS = STORAGE_CRS
"""The CRS of a request without ``crs``: CGCS2000 lon/lat (EPSG:4490)."""
CRS = Crs("crs", "CRS of the point and of every position in the answer (default EPSG:4490, CGCS2000).",
          default=DEFAULT_CRS)
RADIUS = Number("radius", "Radius of the component search, metres on the spheroid.", minimum=0,
                exclusive_minimum=True, maximum=conf.max_radius_m, default=conf.default_radius_m)
LIMIT = Integer("limit", "How many nearest addresses.", minimum=1, maximum=conf.max_reverse_limit, default=1)
POINT = {
    "lon": Number("lon", "x of the point: longitude (degrees) or easting (metres) in `crs`."),
    "lat": Number("lat", "y of the point: latitude (degrees) or northing (metres) in `crs`."),
    "x": Number("x", "Alias of `lon`."),
    "y": Number("y", "Alias of `lat`."),
}
"""The coordinates of a point; ``lon``/``lat`` or the aliases ``x``/``y``, each required when its pair is used."""


@dataclass(frozen=True)
class PointQuery:
    """A point as the request gave it: ``x``/``y`` in ``crs`` and the parameter names used (``lon``/``lat`` or
    ``x``/``y``)."""

    x: float
    y: float
    crs: CrsInfo
    names: tuple[str, str] = ("lon", "lat")


@dataclass(frozen=True)
class SnapQuery:
    point: PointQuery
    radius_m: float


@dataclass(frozen=True)
class ReverseQuery:
    point: PointQuery
    limit: int


@dataclass(frozen=True)
class NearestBody:
    """The body of ``POST /api/addresses/nearest``: ``points`` as (x, y) pairs in ``crs``."""

    crs: CrsInfo
    points: list[tuple[float, float]]


def parse_crs(value: str | None) -> CrsInfo:
    """``crs`` (default EPSG:4490); an unknown value is a 400 naming ``crs`` (``spatial.errors.UnknownCrs``)."""
    return CRS.parse(value)


def parse_point(query: QueryDict) -> PointQuery:
    """``lon``/``lat`` or ``x``/``y`` and ``crs``: a 400 naming the parameter that is missing or not a number."""
    uses_lonlat = "lon" in query or "lat" in query
    uses_xy = "x" in query or "y" in query
    if uses_lonlat and uses_xy:
        extra = "x" if "x" in query else "y"
        raise InvalidParameter(
            f"Parameter '{extra}' is an alias of lon/lat; give either lon and lat or x and y, not both.",
            parameter=extra,
        )
    names = ("x", "y") if uses_xy else ("lon", "lat")
    crs = parse_crs(single(query, "crs"))
    x = POINT[names[0]].parse(single(query, names[0]))
    y = POINT[names[1]].parse(single(query, names[1]))
    return PointQuery(x=x, y=y, crs=crs, names=names)


def parse_radius(value: str | None) -> float:
    """``radius`` in metres: a number in (0, ``PINGDING_LOCATE_MAX_RADIUS_M``], default 50."""
    return RADIUS.parse(value)


def parse_limit(value: str | None) -> int:
    """``limit``: how many nearest addresses, 1 to ``PINGDING_LOCATE_MAX_REVERSE_LIMIT`` (20), default 1."""
    return LIMIT.parse(value)


def parse_snap_query(query: QueryDict) -> SnapQuery:
    check_known(query, SNAP_PARAMETERS)
    for name in query:
        single(query, name)
    return SnapQuery(point=parse_point(query), radius_m=parse_radius(single(query, "radius")))


def parse_reverse_query(query: QueryDict) -> ReverseQuery:
    check_known(query, REVERSE_PARAMETERS)
    for name in query:
        single(query, name)
    return ReverseQuery(point=parse_point(query), limit=parse_limit(single(query, "limit")))


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def parse_nearest_body(body: bytes) -> NearestBody:
    """``{"crs": "...", "points": [[x, y], ...]}``: 400 naming ``body``, ``crs``, ``points`` or ``points[i]``;
    413 naming ``points`` beyond ``PINGDING_LOCATE_MAX_BULK_POINTS`` (10,000) points."""
    document = load_json_object(body, parameter="body", constants=True)
    for key in document:
        if key not in NEAREST_BODY_KEYS:
            raise InvalidParameter(f"Unknown member {key!r} in the body; use: crs, points.", parameter=key)
    crs_value = document.get("crs")
    if crs_value is not None and not isinstance(crs_value, str):
        raise InvalidParameter("Member 'crs' must be a string such as \"EPSG:4490\" or \"GCJ02\".", parameter="crs")
    crs = parse_crs(crs_value)
    points = document.get("points")
    if not isinstance(points, list):
        raise InvalidParameter("Member 'points' is required: an array of [lon, lat] pairs.", parameter="points")
    maximum = conf.max_bulk_points()
    if len(points) > maximum:
        raise ApiError(
            f"{len(points):,} points in one request; send at most {maximum:,} (split the list).",
            parameter="points", code="PayloadTooLarge", status=413,
        )
    return NearestBody(crs=crs, points=[_pair(i, item) for i, item in enumerate(points)])


def _pair(i: int, item: object) -> tuple[float, float]:
    if not (isinstance(item, list) and len(item) == 2 and _is_number(item[0]) and _is_number(item[1])):
        raise InvalidParameter(
            f"points[{i}] must be a pair of numbers [lon, lat] (x = longitude or easting), got {str(item)[:80]}.",
            parameter=f"points[{i}]",
        )
    return finite_number(item[0], parameter=f"points[{i}]"), finite_number(item[1], parameter=f"points[{i}]")


@contextmanager
def renamed_parameters(names: tuple[str, str]) -> Iterator[None]:
    """Inside, errors naming ``lon``/``lat`` (or the pair ``lon,lat``) are rewritten to ``names``, in ``parameter``
    and where the description quotes the name."""
    if names == ("lon", "lat"):
        yield
        return
    mapping = {"lon": names[0], "lat": names[1]}
    try:
        yield
    except ApiError as error:
        if error.parameter:
            error.parameter = ",".join(mapping.get(part, part) for part in error.parameter.split(","))
        for old, new in mapping.items():
            error.description = error.description.replace(f"'{old}'", f"'{new}'")
        raise
