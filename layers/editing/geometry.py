"""A geometry a client sends (GeoJSON, in the body's CRS and axis order) as a GEOS geometry in EPSG:4490, checked
against what its layer declares.

Coordinates come in the axis order of their CRS (OGC API - Features Part 2, as the server writes them: EPSG:4490
and EPSG:4326 latitude first, EPSG:4547/4526 northing first, CRS84 and EPSG:3857 x first); GCJ-02 and BD-09 are
inverted to CGCS2000 with the iterative inverse of ``spatial.chinese``. Heights are dropped (the layers are 2D).
What only the database can judge (validity with its reason and location, lying inside the county) is checked in
the edit's transaction (``layers.editing.sql``).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.contrib.gis.geos import (
    GEOSException,
    GEOSGeometry,
    LinearRing,
    LineString,
    MultiLineString,
    MultiPoint,
    MultiPolygon,
    Point,
    Polygon,
)

from spatial.crs import STORAGE_CRS, STORAGE_SRID, CrsInfo, from_axis_order, to_axis_order
from spatial.transform import transform_xy
from web.errors import InvalidParameter

PARAMETER = "geometry"

ACCEPTED = {
    "Point": ("Point",),
    "LineString": ("LineString",),
    "Polygon": ("Polygon",),
    "MultiPoint": ("MultiPoint", "Point"),
    "MultiLineString": ("MultiLineString", "LineString"),
    "MultiPolygon": ("MultiPolygon", "Polygon"),
    "Geometry": ("Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon"),
}
"""The GeoJSON types a layer of each declared geometry type takes (a single part goes into a Multi layer)."""

_DEPTH = {"Point": 0, "LineString": 1, "MultiPoint": 1, "Polygon": 2, "MultiLineString": 2, "MultiPolygon": 3}
_MAX_POSITIONS = 200_000


class InvalidGeometry(InvalidParameter):
    """A geometry that cannot be taken; ``location`` (set for an invalid one) says where, for the answer."""

    code = "InvalidGeometry"
    location: dict | None = None

    def as_dict(self) -> dict:
        body = super().as_dict()
        if self.location is not None:
            body["location"] = self.location
        return body


@dataclass(frozen=True)
class Located:
    """A point of a problem, in the client's CRS (its axis order) and in CRS84, for the answer."""

    position: tuple[float, float]
    lonlat: tuple[float, float]

    def as_dict(self, crs: CrsInfo) -> dict:
        return {"crs": crs.uri, "position": list(self.position), "lonlat": list(self.lonlat)}


def _invalid(description: str) -> InvalidGeometry:
    return InvalidGeometry(description, parameter=PARAMETER)


def _positions(coordinates: object, depth: int, out: list[tuple[float, float]]) -> None:
    """Every position of ``coordinates`` (nested ``depth`` deep) appended to ``out`` as (a, b) in the CRS's order."""
    if depth == 0:
        if not isinstance(coordinates, list) or len(coordinates) not in (2, 3):
            raise _invalid(f"A position must be an array of 2 (or 3) numbers, got {str(coordinates)[:60]}.")
        if not all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in coordinates):
            raise _invalid(f"A position must hold numbers only, got {str(coordinates)[:60]}.")
        out.append((float(coordinates[0]), float(coordinates[1])))
        if len(out) > _MAX_POSITIONS:
            raise _invalid(f"A geometry of more than {_MAX_POSITIONS:,} positions is not taken in one edit.")
        return
    if not isinstance(coordinates, list):
        raise _invalid(f"'coordinates' must be nested arrays ({depth + 1} levels here), got {str(coordinates)[:60]}.")
    for item in coordinates:
        _positions(item, depth - 1, out)


def _rebuild(coordinates: list, depth: int, xy: Sequence[tuple[float, float]], start: int) -> tuple[object, int]:
    """``coordinates``' structure with positions taken in order from ``xy``: (structure, next index)."""
    if depth == 0:
        return xy[start], start + 1
    items = []
    for item in coordinates:
        built, start = _rebuild(item, depth - 1, xy, start)
        items.append(built)
    return items, start


def _line(c) -> LineString:
    if len(c) < 2:
        raise _invalid(f"A LineString needs at least 2 positions, got {len(c)}.")
    return LineString(c)


def _ring(c) -> LinearRing:
    if len(c) < 4:
        raise _invalid(f"A polygon ring needs at least 4 positions (the last repeating the first), got {len(c)}.")
    if c[0] != c[-1]:
        raise _invalid(f"A polygon ring is not closed: its last position {list(c[-1])} must repeat its first "
                       f"{list(c[0])} (in CGCS2000 lon/lat).")
    return LinearRing(c)


def _geos(kind: str, c) -> GEOSGeometry:
    if kind == "Point":
        return Point(*c)
    if kind == "LineString":
        return _line(c)
    if kind == "Polygon":
        if not c:
            raise _invalid("A Polygon needs at least its exterior ring.")
        return Polygon(*(_ring(ring) for ring in c))
    if kind == "MultiPoint":
        if not c:
            raise _invalid("A MultiPoint needs at least one point.")
        return MultiPoint(*(Point(*p) for p in c))
    if kind == "MultiLineString":
        return MultiLineString(*(_line(line) for line in c))
    return MultiPolygon(*(_geos("Polygon", polygon) for polygon in c))


def parse_geometry(document: object, *, crs: CrsInfo, declared: str) -> GEOSGeometry:
    """The GeoJSON geometry object ``document`` (coordinates in ``crs``, its axis order) as a 2D GEOS geometry in
    EPSG:4490, of a type the layer's ``declared`` geometry type takes (a Polygon in a MultiPolygon layer becomes a
    MultiPolygon). 400 ``InvalidGeometry`` naming what is wrong: not an object, an unknown or wrong type, malformed
    or empty coordinates, a ring that is not closed or too short; coordinates outside their CRS's area are a 400
    ``InvalidCoordinate``."""
    if not isinstance(document, dict):
        raise _invalid("'geometry' must be a GeoJSON geometry object, e.g. {\"type\": \"Point\", \"coordinates\": [x, y]}.")
    kind = document.get("type")
    accepted = ACCEPTED[declared]
    if not isinstance(kind, str) or kind not in _DEPTH:
        raise _invalid(f"Geometry type {str(kind)[:40]!r} is not taken; this layer takes {', '.join(accepted)}.")
    if kind not in accepted:
        raise _invalid(f"This layer's geometry is {declared}: a {kind} is not taken (send {', '.join(accepted)}).")
    coordinates = document.get("coordinates")
    positions: list[tuple[float, float]] = []
    _positions(coordinates, _DEPTH[kind], positions)
    if not positions:
        raise _invalid(f"The {kind} has no coordinates; an empty geometry is not taken.")
    a, b = np.array(positions, dtype=np.float64).T
    x, y = from_axis_order(a, b, crs)
    lon, lat = transform_xy(x, y, src=crs, dst=STORAGE_CRS, parameter=PARAMETER)
    xy = list(zip(np.atleast_1d(lon).tolist(), np.atleast_1d(lat).tolist()))
    structure, _ = _rebuild(coordinates, _DEPTH[kind], xy, 0)
    try:
        geometry = _geos(kind, structure)
    except (GEOSException, ValueError, TypeError) as error:
        raise _invalid(f"The {kind} cannot be built: {_geos_reason(error)}.") from None
    if declared.startswith("Multi") and not kind.startswith("Multi"):
        geometry = {"MultiPolygon": MultiPolygon, "MultiLineString": MultiLineString, "MultiPoint": MultiPoint}[
            declared](geometry)
    geometry.srid = STORAGE_SRID
    return geometry


def _geos_reason(error: Exception) -> str:
    return str(error).strip()[:200] or type(error).__name__


def located(lon: float, lat: float, crs: CrsInfo) -> Located:
    """A storage (lon, lat) point in the client's CRS and axis order too."""
    x, y = transform_xy(lon, lat, src=STORAGE_CRS, dst=crs)
    a, b = to_axis_order(float(x), float(y), crs)
    return Located(position=(round(a, 9), round(b, 9)), lonlat=(round(lon, 9), round(lat, 9)))
