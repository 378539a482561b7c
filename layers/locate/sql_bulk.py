"""The SQL of the bulk operations: re-snapping a whole layer to the grids, and nearest addresses for many points.

Identifiers come from the layer registry (table, geometry column, natural key, grid column); values are bound.
"""
from __future__ import annotations

from functools import lru_cache

from psycopg2 import sql

from layers.models import Address, Grid
from layers.registry import Layer
from spatial.crs import STORAGE_SRID

from .sql import sql_degrees_for, table


class NotSnappable(ValueError):
    """A layer without a grid column (admin areas, the grids themselves)."""


def grid_column(layer: Layer) -> str:
    """The column that holds the grid code of a feature (``grid_code``); :class:`NotSnappable` if none."""
    try:
        field = layer.model._meta.get_field("grid")
    except Exception:  # FieldDoesNotExist
        raise NotSnappable(f"layer {layer.id!r} has no grid column") from None
    if not field.is_relation or field.related_model is not Grid:
        raise NotSnappable(f"layer {layer.id!r} has no grid column")
    return field.column


def key_column(layer: Layer) -> str:
    """The natural key shown for a moved feature: the first unique public field (``code``, ``credit_code``)."""
    for name in layer.public_fields:
        field = layer.model._meta.get_field(name)
        if getattr(field, "unique", False) and not field.primary_key:
            return field.column
    return layer.id_column


def sql_snap_point(layer: Layer, alias: str) -> sql.Composable:
    """The point of a feature that decides its grid: the point itself, else ``ST_PointOnSurface`` (a point on a
    line or inside a polygon, never outside it as a centroid can be)."""
    geom = sql.SQL("{a}.{g}").format(a=sql.Identifier(alias), g=sql.Identifier(layer.geometry_column))
    return sql_snap_point_of(layer, geom)


def sql_snap_point_of(layer: Layer, geom: sql.Composable) -> sql.Composable:
    """:func:`sql_snap_point` of the geometry expression ``geom`` (of a feature of ``layer``)."""
    if layer.geometry_type in ("Point", "MultiPoint"):
        return geom
    if layer.geometry_type in ("Polygon", "MultiPolygon", "LineString", "MultiLineString"):
        return sql.SQL("ST_PointOnSurface({g})").format(g=geom)
    return sql.SQL("CASE WHEN ST_Dimension({g}) = 0 THEN {g} ELSE ST_PointOnSurface({g}) END").format(g=geom)


@lru_cache(maxsize=32)
def sql_resnap(layer: Layer, *, within: bool = False) -> sql.Composed:
    """ONE statement that re-assigns the grid of every feature of ``layer`` by the boundary rule (smallest code
    among the grids covering the feature's snap point) and returns ``(examined, key, old_code, new_code)``: one
    row per moved feature, or a single row with NULLs when nothing moved.

    ``within`` (a re-division, ``layers.grids``): only the features whose bounding box meets the area
    ``%(area)s`` (EWKB, EPSG:4490) and whose grid is one of ``%(codes)s`` (text[]) or whose snap point lies in the
    area are examined; elsewhere nothing can change.

    Only what can change the answer is tested. ``other`` joins each feature to the grids OTHER than its current
    one that cover its point (the cheap ``IS DISTINCT FROM`` is evaluated before ``ST_Covers``, so the ~one
    covering test per feature that would only confirm the current grid is skipped); a feature without such a grid
    keeps its grid (it is in it, or outside every grid, where nothing is assigned). For the few features that have
    one, the new grid is the current one if that still covers the point and has the smaller code, else the
    smallest other. The result equals ``min(code)`` over all covering grids, for every feature covered by a grid.
    """
    t = table(layer.model)
    grid = sql.Identifier(grid_column(layer))
    key = sql.Identifier(key_column(layer))
    pk = sql.Identifier(layer.id_column)
    geom = sql.Identifier(layer.geometry_column)
    scope = sql.SQL("TRUE")
    if within:
        scope = sql.SQL(
            "t.{geom} && ST_GeomFromEWKB(%(area)s) AND (t.{grid} = ANY(%(codes)s::text[]) "
            "OR ST_Intersects(ST_GeomFromEWKB(%(area)s), {t_point}))"
        ).format(geom=geom, grid=grid, t_point=sql_snap_point(layer, "t"))
    return sql.SQL(
        "WITH other AS MATERIALIZED ("
        "SELECT t.{pk} AS id, t.{grid} AS old_code, min(g.code) AS other_code "
        "FROM {t} AS t JOIN {grids} AS g ON g.geom && t.{geom} "
        "AND g.code IS DISTINCT FROM t.{grid} AND ST_Covers(g.geom, {t_point}) "
        "WHERE {scope} "
        "GROUP BY t.{pk}, t.{grid}), "
        "snapped AS ("
        "SELECT o.id, o.old_code, CASE WHEN o.old_code < o.other_code AND EXISTS ("
        "SELECT 1 FROM {grids} AS og WHERE og.code = o.old_code AND ST_Covers(og.geom, {f_point})) "
        "THEN o.old_code ELSE o.other_code END AS new_code "
        "FROM other AS o JOIN {t} AS f ON f.{pk} = o.id), "
        "moved AS ("
        "UPDATE {t} AS u SET {grid} = s.new_code FROM snapped AS s "
        "WHERE u.{pk} = s.id AND s.old_code IS DISTINCT FROM s.new_code "
        "RETURNING u.{key} AS key, s.old_code, s.new_code) "
        "SELECT (SELECT count(*) FROM {t} AS t WHERE {scope}) AS examined, m.key, m.old_code, m.new_code "
        "FROM (SELECT 1) AS one LEFT JOIN moved AS m ON TRUE ORDER BY m.key"
    ).format(
        t=t, grids=table(Grid), grid=grid, key=key, pk=pk, geom=geom, scope=scope,
        t_point=sql_snap_point(layer, "t"), f_point=sql_snap_point(layer, "f"),
    )


@lru_cache(maxsize=4)
def sql_bulk_nearest() -> sql.Composed:
    """One row per input point, in input order: ``(code, distance_m)`` of the metric-nearest address.

    Parameters ``lons`` and ``lats``: float8 arrays (EPSG:4490 degrees) of equal length, unnested WITH
    ORDINALITY; each point is answered by a KNN lateral (the nearest in degrees, on the GiST index) and the exact
    re-check within the spheroid distance of that one (see ``layers.locate.sql``).
    """
    a = table(Address)
    bound = sql_degrees_for(sql.SQL("knn.d"), sql.SQL("p.geom"))
    return sql.SQL(
        "SELECT n.code, n.distance_m "
        "FROM unnest(%(lons)s::float8[], %(lats)s::float8[]) WITH ORDINALITY AS u(lon, lat, i) "
        "CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(u.lon, u.lat), {srid}) AS geom) AS p "
        "LEFT JOIN LATERAL (SELECT ST_Distance(a.geom::geography, p.geom::geography) AS d "
        "FROM {addresses} AS a ORDER BY a.geom <-> p.geom LIMIT 1) AS knn ON TRUE "
        "LEFT JOIN LATERAL (SELECT a.code, ST_Distance(a.geom::geography, p.geom::geography) AS distance_m "
        "FROM {addresses} AS a WHERE ST_DWithin(a.geom, p.geom, {bound}) "
        "ORDER BY distance_m, a.code LIMIT 1) AS n ON TRUE "
        "ORDER BY u.i"
    ).format(addresses=a, bound=bound, srid=sql.Literal(STORAGE_SRID))
