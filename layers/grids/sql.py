"""The statements of a re-division: the grids locked with their versions, the next free codes of a community, the
union of merged grids and the pieces of a split grid. Geometries travel as EWKB in EPSG:4490; every value is bound.
"""
from __future__ import annotations

from functools import lru_cache

from psycopg2 import sql

from layers.registry import get_layer

HISTORY = "layers_history"


def _grids() -> sql.Identifier:
    return sql.Identifier(get_layer("grids").table)


@lru_cache(maxsize=1)
def sql_lock_grids() -> sql.Composed:
    """The grids ``%(codes)s`` (text[]) locked in code order (so two re-divisions wait rather than deadlock): their
    columns but the geometry as jsonb, and their current version."""
    return sql.SQL(
        "SELECT to_jsonb(g) - 'geom', (SELECT coalesce(max(h.version), 0) FROM {history} AS h "
        "WHERE h.layer = 'grids' AND h.feature_id = g.id) "
        "FROM {grids} AS g WHERE g.code = ANY(%(codes)s::text[]) ORDER BY g.code FOR UPDATE"
    ).format(grids=_grids(), history=sql.Identifier(HISTORY))


@lru_cache(maxsize=1)
def sql_sequences() -> sql.Composed:
    """The codes of the grids of community ``%(community)s`` (its next free sequence follows the largest)."""
    return sql.SQL("SELECT code FROM {grids} WHERE community_code = %(community)s").format(grids=_grids())


@lru_cache(maxsize=1)
def sql_union() -> sql.Composed:
    """The union of the grids ``%(codes)s`` as one MultiPolygon (EWKB)."""
    return sql.SQL(
        "SELECT ST_AsEWKB(ST_Multi(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(geom)), 3))) "
        "FROM {grids} WHERE code = ANY(%(codes)s::text[])"
    ).format(grids=_grids())


@lru_cache(maxsize=1)
def sql_cut() -> sql.Composed:
    """The pieces of grid ``%(code)s`` cut by the line ``%(line)s`` (EWKB): each polygon of ``ST_Split``, north to
    south then west to east, as ``(EWKB, m²)``."""
    return sql.SQL(
        "SELECT ST_AsEWKB(ST_Multi(p.geom)), ST_Area(p.geom::geography) FROM {grids} AS g "
        "CROSS JOIN LATERAL ST_Dump(ST_Split(g.geom, ST_GeomFromEWKB(%(line)s))) AS p "
        "WHERE g.code = %(code)s AND ST_Dimension(p.geom) = 2 "
        "ORDER BY ST_Y(ST_PointOnSurface(p.geom)) DESC, ST_X(ST_PointOnSurface(p.geom))"
    ).format(grids=_grids())


@lru_cache(maxsize=1)
def sql_piece() -> sql.Composed:
    """The part of grid ``%(code)s`` inside the polygon ``%(part)s`` (EWKB) as ``(EWKB, m²)``: the polygon itself
    when the grid covers it (so a division drawn on the grid's own vertices is kept exactly), else the
    intersection's polygons."""
    return sql.SQL(
        "SELECT ST_AsEWKB(ST_Multi(c.geom)), ST_Area(c.geom::geography) FROM {grids} AS g "
        "CROSS JOIN LATERAL (SELECT ST_GeomFromEWKB(%(part)s) AS p) AS i "
        "CROSS JOIN LATERAL (SELECT CASE WHEN ST_Covers(g.geom, i.p) THEN i.p "
        "ELSE ST_CollectionExtract(ST_Intersection(g.geom, i.p), 3) END AS geom) AS c "
        "WHERE g.code = %(code)s"
    ).format(grids=_grids())
