"""What the standard map is drawn from: the county, its towns, the built-up area and its streets, from PostGIS.

Every geometry returned here is a shapely geometry in EPSG:3857 metres (x = easting, y = northing),
transformed by PostGIS from the storage SRID 4490. The built-up area is not a layer of its own: it is the
convex hull of the city components (the 74,173 components all lie in it), or, before any component exists,
a circle of :data:`BUILT_UP_AREA_KM2` around the county seat. Streets are no layer either: they are read
from the standard addresses (:mod:`.streets`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import shapely
from django.contrib.gis.db.models.functions import PointOnSurface, Transform
from django.db import connection
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from layers.models import AdminArea, AdminLevel
from layers.registry import get_layer
from spatial.crs import STORAGE_SRID

from tiles.grid import lonlat_to_mercator, mercator_to_lonlat

from .layout import ground_scale
from .streets import Street, infer_streets

MERCATOR_SRID = 3857
COUNTY_SEAT_LONLAT = (113.627, 37.795)
"""The county seat (冠山镇), CGCS2000 lon/lat degrees: centre of the fallback built-up area."""
BUILT_UP_AREA_KM2 = 15.0


class SourcesMissing(LookupError):
    """The database holds no county to draw: the seed has not been run."""


@dataclass(frozen=True)
class Town:
    """A town or township: GB/T 10114 code, name, area and a point inside it (EPSG:3857)."""

    code: str
    name: str
    area: BaseGeometry
    centre: Point


@dataclass(frozen=True)
class CountyFeatures:
    """The county outline, its towns and the built-up area, all in EPSG:3857 metres."""

    county: BaseGeometry
    towns: tuple[Town, ...]
    built_up: BaseGeometry
    streets: tuple[Street, ...] = ()

    @property
    def extent(self) -> tuple[float, float, float, float]:
        """(minx, miny, maxx, maxy) of the county, EPSG:3857 metres."""
        return tuple(self.county.bounds)  # type: ignore[return-value]


def _shapely(geos_geometry) -> BaseGeometry:
    return shapely.from_wkb(bytes(geos_geometry.wkb))


def county_features() -> CountyFeatures:
    """Read the county, its towns and the built-up area from PostGIS (EPSG:3857).

    Raises :class:`SourcesMissing` when no county is stored.
    """
    areas = AdminArea.objects.annotate(g=Transform("geom", MERCATOR_SRID))
    county_row = areas.filter(level=AdminLevel.COUNTY).order_by("code").first()
    if county_row is None:
        raise SourcesMissing(
            "The database holds no county (admin area of level 'county'): "
            "run `python manage.py seed_pingding` first, then build the standard map."
        )
    county = _shapely(county_row.g)
    towns = tuple(
        Town(code=row.code, name=row.name, area=_shapely(row.g), centre=_shapely(row.c))
        for row in areas.filter(level=AdminLevel.TOWN).annotate(
            c=Transform(PointOnSurface("geom"), MERCATOR_SRID)
        ).order_by("code")
    )
    built_up = _built_up_area(county)
    streets = infer_streets(built_up, _address_points(built_up))
    return CountyFeatures(county=county, towns=towns, built_up=built_up, streets=streets)


def _address_points(built_up: BaseGeometry) -> list[tuple[str, str, float, float]]:
    """(road, number, x, y) of the standard addresses inside ``built_up`` (EPSG:3857 metres)."""
    layer = get_layer("addresses")
    quote = connection.ops.quote_name
    geom = quote(layer.geometry_column)
    road, number = (quote(layer.model._meta.get_field(name).column) for name in ("road", "number"))
    sql = (
        f"SELECT {road}, {number}, ST_X(ST_Transform({geom}, %s)), ST_Y(ST_Transform({geom}, %s)) "
        f"FROM {quote(layer.table)} "
        f"WHERE {road} <> '' AND ST_Intersects({geom}, ST_Transform(ST_GeomFromWKB(%s, %s), %s))"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [MERCATOR_SRID, MERCATOR_SRID, shapely.to_wkb(built_up), MERCATOR_SRID, STORAGE_SRID])
        return cursor.fetchall()


def _built_up_area(county: BaseGeometry) -> BaseGeometry:
    layer = get_layer("components")
    quote = connection.ops.quote_name
    sql = (
        f"SELECT ST_AsBinary(ST_Transform(ST_ConvexHull(ST_Collect({quote(layer.geometry_column)})), %s)) "
        f"FROM {quote(layer.table)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [MERCATOR_SRID])
        (wkb,) = cursor.fetchone()
    hull = shapely.from_wkb(bytes(wkb)) if wkb is not None else None
    if hull is not None and hull.geom_type == "Polygon" and hull.area > 0:
        return hull
    return seat_circle(county)


def seat_circle(county: BaseGeometry) -> BaseGeometry:
    """A circle of :data:`BUILT_UP_AREA_KM2` ground km² around the county seat (or the county's inner point
    when the seat lies outside ``county``), EPSG:3857."""
    seat = Point(lonlat_to_mercator(*COUNTY_SEAT_LONLAT))
    if not county.contains(seat):
        seat = county.representative_point()
    lat = mercator_to_lonlat(seat.x, seat.y)[1]
    radius_m = math.sqrt(BUILT_UP_AREA_KM2 * 1e6 / math.pi)
    return seat.buffer(radius_m / ground_scale(lat), quad_segs=32)
