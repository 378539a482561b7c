"""GML geometries of filters (``fes:BBOX``, ``fes:Intersects``...) read to coordinate lists, and written as WKT.

Coordinates are kept in the order they were sent until the CRS is known (the geometry's ``srsName``, else the
query's), then put in the internal x/y order for WKT (:func:`to_wkt`); numbers are parsed floats, so WKT is a
value bound to the statement like any other. GML 3.2 ``pos``/``posList``, GML 2 ``coordinates`` and
``Envelope``'s corners are read.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from spatial.crs import from_axis_order

from .crs import WfsCrs
from .exceptions import invalid
from .names import local_name

Pair = tuple[float, float]
LOCATOR = "filter"
MAX_DEPTH = 8
_MULTI_MEMBERS = {
    "MultiPoint": ("pointMember", "pointMembers"),
    "MultiCurve": ("curveMember", "curveMembers"),
    "MultiLineString": ("lineStringMember",),
    "MultiSurface": ("surfaceMember", "surfaceMembers"),
    "MultiPolygon": ("polygonMember",),
}
_MULTI_KINDS = {"MultiPoint": "MultiPoint", "MultiCurve": "MultiLineString", "MultiLineString": "MultiLineString",
                "MultiSurface": "MultiPolygon", "MultiPolygon": "MultiPolygon"}


@dataclass(frozen=True)
class Geometry:
    """``kind``: Point, LineString, Polygon (``parts``: rings), Envelope, or Multi* (``parts``: member geometries)."""

    kind: str
    parts: tuple
    srs_name: str | None


def children(element: Element, name: str) -> list[Element]:
    return [child for child in element if local_name(child.tag) == name]


def _numbers(text: str | None, where: str) -> list[float]:
    try:
        numbers = [float(part) for part in (text or "").replace(",", " ").split()]
    except ValueError:
        raise invalid(LOCATOR, f"{where} holds something that is not a number: {(text or '')[:60]!r}.") from None
    if not numbers or not all(math.isfinite(n) for n in numbers):
        raise invalid(LOCATOR, f"{where} needs finite numbers, got {(text or '')[:60]!r}.")
    return numbers


def _pairs(numbers: list[float], dimension: int, where: str) -> list[Pair]:
    if len(numbers) % dimension:
        raise invalid(LOCATOR, f"{where} holds {len(numbers)} numbers, not a multiple of its dimension {dimension}.")
    return [(numbers[i], numbers[i + 1]) for i in range(0, len(numbers), dimension)]


def _dimension(element: Element) -> int:
    value = element.get("srsDimension", "2")
    if value not in ("2", "3"):
        raise invalid(LOCATOR, f"srsDimension must be 2 or 3, got {value[:10]!r}.")
    return int(value)


def coordinates(element: Element) -> list[Pair]:
    """The points of a Point, LineString or LinearRing: ``posList``, ``pos`` elements or GML 2 ``coordinates``."""
    name = local_name(element.tag)
    for pos_list in children(element, "posList"):
        return _pairs(_numbers(pos_list.text, "posList"), _dimension(pos_list), "posList")
    points = [_numbers(pos.text, "pos")[:2] for pos in children(element, "pos")]
    if points:
        if any(len(point) < 2 for point in points):
            raise invalid(LOCATOR, "A pos needs at least 2 numbers.")
        return [(point[0], point[1]) for point in points]
    for text in children(element, "coordinates"):
        return _pairs(_numbers(text.text, "coordinates"), 2, "coordinates")
    raise invalid(LOCATOR, f"gml:{name} has no coordinates (posList, pos or coordinates).")


def _ring(element: Element) -> tuple[Pair, ...]:
    rings = children(element, "LinearRing")
    if len(rings) != 1:
        raise invalid(LOCATOR, "A polygon boundary needs one gml:LinearRing.")
    ring = coordinates(rings[0])
    if len(ring) < 4 or ring[0] != ring[-1]:
        raise invalid(LOCATOR, "A gml:LinearRing needs at least 4 positions, the last equal to the first.")
    return tuple(ring)


def parse_geometry(element: Element, srs_name: str | None = None, depth: int = 0) -> Geometry:
    """The geometry ``element`` (a GML geometry or Envelope); ``srs_name`` is inherited from a parent."""
    kind = local_name(element.tag)
    if depth > MAX_DEPTH:
        raise invalid(LOCATOR, f"The geometry nests collections more than {MAX_DEPTH} deep.")
    srs_name = element.get("srsName", srs_name)
    if kind == "Envelope":
        lower, upper = children(element, "lowerCorner"), children(element, "upperCorner")
        if len(lower) != 1 or len(upper) != 1:
            raise invalid(LOCATOR, "gml:Envelope needs one lowerCorner and one upperCorner.")
        corners = (_numbers(lower[0].text, "lowerCorner"), _numbers(upper[0].text, "upperCorner"))
        if any(len(corner) not in (2, 3) for corner in corners):
            raise invalid(LOCATOR, "An Envelope corner needs 2 numbers.")
        return Geometry(kind, tuple((corner[0], corner[1]) for corner in corners), srs_name)
    if kind == "Point":
        points = coordinates(element)
        if len(points) != 1:
            raise invalid(LOCATOR, "gml:Point needs one position.")
        return Geometry(kind, tuple(points), srs_name)
    if kind in ("LineString", "Curve"):
        points = coordinates(element) if kind == "LineString" else _curve_points(element)
        if len(points) < 2:
            raise invalid(LOCATOR, "gml:LineString needs at least 2 positions.")
        return Geometry("LineString", tuple(points), srs_name)
    if kind in ("Polygon", "Surface"):
        polygon = element if kind == "Polygon" else _surface_polygon(element)
        exterior = children(polygon, "exterior") or children(polygon, "outerBoundaryIs")
        if len(exterior) != 1:
            raise invalid(LOCATOR, "gml:Polygon needs one exterior.")
        interiors = children(polygon, "interior") + children(polygon, "innerBoundaryIs")
        return Geometry("Polygon", tuple(_ring(ring) for ring in (*exterior, *interiors)), srs_name)
    if kind in _MULTI_MEMBERS:
        members = [
            parse_geometry(geometry, srs_name, depth + 1)
            for wrapper_name in _MULTI_MEMBERS[kind] for wrapper in children(element, wrapper_name)
            for geometry in wrapper
        ]
        if not members:
            raise invalid(LOCATOR, f"gml:{kind} has no members.")
        return Geometry(_MULTI_KINDS[kind], tuple(members), srs_name)
    raise invalid(LOCATOR, f"Geometry gml:{kind[:40]} is not supported; use Envelope, Point, LineString, Polygon or "
                           "MultiPoint, MultiCurve, MultiSurface.")


def _curve_points(element: Element) -> list[Pair]:
    points: list[Pair] = []
    for segments in children(element, "segments"):
        for segment in segments:
            points.extend(coordinates(segment))
    return points


def _surface_polygon(element: Element) -> Element:
    for patches in children(element, "patches"):
        for patch in patches:
            return patch
    raise invalid(LOCATOR, "gml:Surface needs a PolygonPatch.")


def _text(pairs, crs: WfsCrs) -> str:
    return ", ".join("%r %r" % from_axis_order(a, b, crs.info) for a, b in pairs)


def to_wkt(geometry: Geometry, crs: WfsCrs) -> str:
    """WKT in internal x/y order (x = longitude or easting) of ``geometry``, whose coordinates are in ``crs``."""
    if geometry.kind == "Envelope":
        (x0, y0), (x1, y1) = (from_axis_order(a, b, crs.info) for a, b in geometry.parts)
        if x0 > x1 or y0 > y1:
            raise invalid(LOCATOR, "The Envelope's lowerCorner is above its upperCorner (check the axis order of "
                                   f"{crs.name}).")
        return f"POLYGON(({x0!r} {y0!r}, {x1!r} {y0!r}, {x1!r} {y1!r}, {x0!r} {y1!r}, {x0!r} {y0!r}))"
    if geometry.kind == "Point":
        return f"POINT({_text(geometry.parts, crs)})"
    if geometry.kind == "LineString":
        return f"LINESTRING({_text(geometry.parts, crs)})"
    if geometry.kind == "Polygon":
        return "POLYGON(" + ", ".join(f"({_text(ring, crs)})" for ring in geometry.parts) + ")"
    return "GEOMETRYCOLLECTION(" + ", ".join(to_wkt(member, crs) for member in geometry.parts) + ")"


def to_geojson(geometry: Geometry) -> dict:
    """A GeoJSON geometry object of a feature's geometry, its coordinates in the order sent (for
    ``layers.editing.geometry.parse_geometry``, which reads them in the axis order of their CRS)."""
    if geometry.kind == "Envelope":
        raise invalid("geometry", "A feature's geometry is a GML geometry, not a gml:Envelope.")
    if geometry.kind == "Point":
        return {"type": "Point", "coordinates": list(geometry.parts[0])}
    if geometry.kind == "LineString":
        return {"type": "LineString", "coordinates": [list(p) for p in geometry.parts]}
    if geometry.kind == "Polygon":
        return {"type": "Polygon", "coordinates": [[list(p) for p in ring] for ring in geometry.parts]}
    single = {"MultiPoint": "Point", "MultiLineString": "LineString", "MultiPolygon": "Polygon"}[geometry.kind]
    if any(member.kind != single for member in geometry.parts):
        raise invalid("geometry", f"A {geometry.kind} holds {single} members only.")
    return {"type": geometry.kind, "coordinates": [to_geojson(member)["coordinates"] for member in geometry.parts]}
