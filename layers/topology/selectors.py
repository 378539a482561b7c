"""The current breaches of every topology rule the registry declares, read whole (``GET /api/topology``,
``manage.py check_grid_cover``): what the triggers refuse on every write, found in data that came in before them or
around them (a restored backup, a bulk load with triggers off).

Areas in m² on the spheroid; places are (lon, lat) in EPSG:4490; breaches under the tolerance (1 m²) are noise.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from psycopg2 import sql

from layers import registry
from layers.locate.sql_bulk import key_column
from layers.registry import Layer, get_layer

from .triggers import COUNTY_LEVEL, rule_name

TOLERANCE_M2 = 1.0
LIMIT = 1000


@dataclass(frozen=True)
class Breach:
    """One breach: its ``rule`` (``grids_cover``), ``kind`` (overlap, gap, outside), the features involved (their
    keys), the area (None for a point) and a place inside it."""

    rule: str
    layer: str
    kind: str
    features: tuple[str, ...]
    area_m2: float | None
    location: tuple[float, float]

    def as_dict(self) -> dict:
        return {"rule": self.rule, "layer": self.layer, "kind": self.kind, "features": list(self.features),
                "area_m2": None if self.area_m2 is None else round(self.area_m2, 2),
                "location": [round(self.location[0], 7), round(self.location[1], 7)]}


def _names(layer: Layer) -> dict[str, sql.Composable]:
    counties = get_layer("admin-areas")
    return {
        "t": sql.Identifier(layer.table), "g": sql.Identifier(layer.geometry_column),
        "pk": sql.Identifier(layer.id_column), "key": sql.Identifier(key_column(layer)),
        "c": sql.Identifier(counties.table), "cg": sql.Identifier(counties.geometry_column),
        "level": sql.Identifier(counties.model._meta.get_field("level").column),
    }


def _overlaps(layer: Layer) -> sql.Composed:
    """Pairs whose interiors meet (found first, on the GiST index, materialised), then their shared area."""
    return sql.SQL(
        "WITH pairs AS MATERIALIZED (SELECT a.{key}::text AS a_key, b.{key}::text AS b_key,"
        " ST_CollectionExtract(ST_Intersection(a.{g}, b.{g}), 3) AS g"
        " FROM {t} AS a JOIN {t} AS b ON a.{pk} < b.{pk} AND a.{g} && b.{g} AND ST_Relate(a.{g}, b.{g}, '2********'))"
        " SELECT 'overlap', ARRAY[p.a_key, p.b_key], layers_topology_area_m2(p.g), ST_X(s), ST_Y(s)"
        " FROM pairs AS p CROSS JOIN LATERAL ST_PointOnSurface(p.g) AS s WHERE layers_topology_area_m2(p.g) > %(tolerance)s"
    ).format(**_names(layer))


def _cover_gaps_and_outside(layer: Layer) -> sql.Composed:
    """The gaps (county not covered) and the parts outside the county, as polygons cut apart."""
    return sql.SQL(
        "WITH cover AS (SELECT ST_Union({g}) AS g FROM {t}),"
        " county AS (SELECT ST_Union({cg}) AS g FROM {c} WHERE {level} = %(county)s),"
        " parts AS (SELECT 'gap' AS kind, (ST_Dump(ST_CollectionExtract(ST_Difference(county.g, cover.g), 3))).geom"
        "  AS g FROM cover, county"
        "  UNION ALL SELECT 'outside', (ST_Dump(ST_CollectionExtract(ST_Difference(cover.g, county.g), 3))).geom"
        "  FROM cover, county)"
        " SELECT p.kind, ARRAY(SELECT t.{key}::text FROM {t} AS t WHERE t.{g} && p.g AND ST_Intersects(t.{g}, p.g)"
        "  ORDER BY 1 LIMIT 4), layers_topology_area_m2(p.g), ST_X(s), ST_Y(s)"
        " FROM parts AS p CROSS JOIN LATERAL ST_PointOnSurface(p.g) AS s WHERE layers_topology_area_m2(p.g) > %(tolerance)s"
    ).format(**_names(layer))


def _outside(layer: Layer) -> sql.Composed:
    return sql.SQL(
        "SELECT 'outside', ARRAY[t.{key}::text], NULL::float8, ST_X(p), ST_Y(p) FROM {t} AS t"
        " CROSS JOIN LATERAL ST_PointOnSurface(t.{g}) AS p WHERE NOT EXISTS (SELECT 1 FROM {c} AS c"
        " WHERE c.{level} = %(county)s AND c.{cg} && t.{g} AND ST_CoveredBy(t.{g}, c.{cg})"
        " AND (c.code = left(t.{key}, 6)"
        " OR NOT EXISTS (SELECT 1 FROM {c} AS o WHERE o.{level} = %(county)s AND o.code = left(t.{key}, 6))))"
    ).format(**_names(layer))


STATEMENTS = {"cover": (_overlaps, _cover_gaps_and_outside), "no_overlap": (_overlaps,), "inside_county": (_outside,)}


def layer_breaches(layer: Layer, rule: str, *, limit: int = LIMIT) -> list[Breach]:
    """The breaches of ``rule`` in ``layer`` (at most ``limit`` per statement), largest first."""
    found: list[Breach] = []
    for build in STATEMENTS[rule]:
        statement = sql.SQL("SELECT * FROM ({}) AS b ORDER BY 3 DESC NULLS LAST LIMIT %(limit)s").format(build(layer))
        with connection.cursor() as cursor:
            cursor.execute(statement, {"tolerance": TOLERANCE_M2, "county": COUNTY_LEVEL, "limit": limit})
            for kind, features, area, x, y in cursor.fetchall():
                found.append(Breach(rule_name(layer, rule), layer.id, kind, tuple(features), area, (x, y)))
    return found


def breaches(*, layers: tuple[Layer, ...] | None = None) -> list[Breach]:
    """The breaches of every rule of ``layers`` (every registry layer by default)."""
    return [breach for layer in (layers or registry.LAYERS) for rule in layer.topology
            for breach in layer_breaches(layer, rule)]
