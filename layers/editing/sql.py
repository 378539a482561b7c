"""The statements of an edit: lock a feature and read its version, judge a geometry, insert, update, delete.

Identifiers come only from the layer registry; every value is a bound parameter. Geometries travel as EWKB
(EPSG:4490). The history and the tile cache follow from the layer's triggers in the same transaction.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from psycopg2 import sql

from layers.locate.sql_bulk import sql_snap_point_of
from layers.registry import Layer, get_layer

from .inputs import model_fields

ADMIN_AREAS = "admin-areas"
COUNTY_LEVEL = "county"


def _table(layer: Layer) -> sql.Identifier:
    return sql.Identifier(layer.table)


@lru_cache(maxsize=64)
def sql_lock(layer: Layer) -> sql.Composed:
    """The feature ``%(id)s`` locked for the edit: its columns (no geometry) as jsonb and its geometry as EWKB; no row
    when there is no such feature. Its version is read by a statement of its own AFTER the lock is held: a statement
    that waited for the lock sees the row as the other edit left it, but its subqueries would still read the history
    as it was before that edit committed (READ COMMITTED takes the snapshot when the statement starts)."""
    return sql.SQL(
        "SELECT to_jsonb(t) - {geom_name}, ST_AsEWKB(t.{geom}) FROM {table} AS t WHERE t.{pk} = %(id)s FOR UPDATE"
    ).format(geom_name=sql.Literal(layer.geometry_column), geom=sql.Identifier(layer.geometry_column),
             pk=sql.Identifier(layer.id_column), table=_table(layer))


@lru_cache(maxsize=64)
def sql_lock_many(layer: Layer) -> sql.Composed:
    """The features ``%(ids)s`` locked for one edit of them all, in id order (so two such edits cannot deadlock):
    ``(id, columns as jsonb, geometry type)``."""
    return sql.SQL(
        "SELECT t.{pk}, to_jsonb(t) - {geom_name}, GeometryType(t.{geom}) FROM {table} AS t"
        " WHERE t.{pk} = ANY(%(ids)s) ORDER BY t.{pk} FOR UPDATE"
    ).format(geom_name=sql.Literal(layer.geometry_column), geom=sql.Identifier(layer.geometry_column),
             pk=sql.Identifier(layer.id_column), table=_table(layer))


def sql_update_many(layer: Layer, values: Mapping[str, object]) -> sql.Composed:
    """UPDATE the features ``%(ids)s`` with the same ``values`` (no geometry): one statement, so their history is
    one pass of the triggers; returns ``(id, columns as jsonb)`` of each."""
    pairs = _assignments(layer, values)
    sets = sql.SQL(", ").join(sql.SQL("{} = {}").format(column, value) for column, value in pairs)
    return sql.SQL(
        "UPDATE {table} AS t SET {sets} WHERE t.{pk} = ANY(%(ids)s) RETURNING t.{pk}, to_jsonb(t) - {geom_name}"
    ).format(table=_table(layer), sets=sets, pk=sql.Identifier(layer.id_column),
             geom_name=sql.Literal(layer.geometry_column))


CURRENT_VERSION = (
    "SELECT coalesce(max(version), 0) FROM layers_history WHERE layer = %(layer)s AND feature_id = %(id)s"
)


@lru_cache(maxsize=64)
def sql_judge(layer: Layer) -> sql.Composed:
    """What the database says of the geometry ``%(geom)s`` (EWKB): ``(valid, reason, x, y, inside the county,
    grid code, area in m²)``. The later columns are computed only for a valid geometry (NULL otherwise); the grid is
    the boundary rule's (smallest code covering the snap point), NULL for a layer without a grid."""
    counties = get_layer(ADMIN_AREAS)
    grids = get_layer("grids")
    snap = sql_snap_point_of(layer, sql.SQL("i.g"))
    inside = sql.SQL("TRUE")
    if layer.inside_county:
        inside = sql.SQL(
            "EXISTS (SELECT 1 FROM {areas} AS a WHERE a.level = {county} AND a.{ageom} && i.g AND ST_CoveredBy(i.g, a.{ageom}))"
        ).format(areas=_table(counties), county=sql.Literal(COUNTY_LEVEL), ageom=sql.Identifier(counties.geometry_column))
    grid = sql.SQL("NULL::text")
    if layer.snapped_to_grid:
        grid = sql.SQL(
            "(SELECT g.code FROM {grids} AS g WHERE g.{ggeom} && s.p AND ST_Covers(g.{ggeom}, s.p) ORDER BY g.code LIMIT 1)"
        ).format(grids=_table(grids), ggeom=sql.Identifier(grids.geometry_column))
    return sql.SQL(
        "SELECT d.valid, d.reason, ST_X(d.location), ST_Y(d.location),"
        " CASE WHEN d.valid THEN {inside} END,"
        " CASE WHEN d.valid THEN (SELECT {grid} FROM (SELECT {snap} AS p) AS s) END,"
        " CASE WHEN d.valid THEN ST_Area(i.g::geography) END"
        " FROM (SELECT ST_GeomFromEWKB(%(geom)s) AS g) AS i CROSS JOIN LATERAL ST_IsValidDetail(i.g) AS d"
    ).format(inside=inside, grid=grid, snap=snap)


def _assignments(layer: Layer, values: Mapping[str, object]) -> list[tuple[sql.Composable, sql.Composable]]:
    """(column, value expression) of the given values and of the derived columns."""
    pairs = [(sql.Identifier(column), sql.Placeholder(f"v_{column}")) for column in values]
    for column in sorted(layer.derived):
        field = model_fields(layer)[column]
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            if getattr(field, "auto_now", False) or column not in values:
                pairs.append((sql.Identifier(column), sql.SQL("now()")))
    return pairs


def derived_values(layer: Layer, *, grid: str | None, area_m2: float | None) -> dict[str, object]:
    """The derived values that depend on the geometry: the grid and the area (the timestamps are SQL's now())."""
    values: dict[str, object] = {}
    if layer.snapped_to_grid:
        values[layer.grid_column] = grid
    if layer.area_field and area_m2 is not None:
        values[model_fields_column(layer, layer.area_field)] = area_m2 * layer.area_factor
    return values


def model_fields_column(layer: Layer, name: str) -> str:
    return layer.model._meta.get_field(name).column


def params(values: Mapping[str, object]) -> dict[str, object]:
    return {f"v_{column}": value for column, value in values.items()}


def sql_update(layer: Layer, values: Mapping[str, object], *, geometry: bool) -> sql.Composed:
    """UPDATE the feature ``%(id)s``: ``values`` (bound as ``%(v_<column>)s``), the geometry ``%(geom)s`` (EWKB) when
    ``geometry``, and ``now()`` in ``auto_now`` columns; returns the row's columns (no geometry) as jsonb and the
    feature's version BEFORE this change (the statement's snapshot, taken after the row lock was granted, does not see
    the history row its own trigger writes), so an edit under the lock compares it with If-Match in this round trip."""
    pairs = _assignments(layer, values)
    if geometry:
        pairs.append((sql.Identifier(layer.geometry_column), sql.SQL("ST_GeomFromEWKB(%(geom)s)")))
    sets = sql.SQL(", ").join(sql.SQL("{} = {}").format(column, value) for column, value in pairs)
    return sql.SQL(
        "UPDATE {table} AS t SET {sets} WHERE t.{pk} = %(id)s RETURNING to_jsonb(t) - {geom_name},"
        " (SELECT coalesce(max(h.version), 0) FROM layers_history AS h WHERE h.layer = %(layer)s"
        " AND h.feature_id = t.{pk})"
    ).format(table=_table(layer), sets=sets, pk=sql.Identifier(layer.id_column),
             geom_name=sql.Literal(layer.geometry_column))


def sql_insert(layer: Layer, values: Mapping[str, object], *, with_id: bool) -> sql.Composed:
    """INSERT a feature of ``values`` and the geometry ``%(geom)s`` (with the id ``%(id)s`` when ``with_id``: a
    restored feature keeps its id); returns its id."""
    pairs = _assignments(layer, values)
    pairs.append((sql.Identifier(layer.geometry_column), sql.SQL("ST_GeomFromEWKB(%(geom)s)")))
    if with_id:
        pairs.insert(0, (sql.Identifier(layer.id_column), sql.Placeholder("id")))
    return sql.SQL("INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING {pk}").format(
        table=_table(layer), columns=sql.SQL(", ").join(c for c, _ in pairs),
        values=sql.SQL(", ").join(v for _, v in pairs), pk=sql.Identifier(layer.id_column),
    )


@lru_cache(maxsize=64)
def sql_delete(layer: Layer) -> sql.Composed:
    return sql.SQL("DELETE FROM {table} WHERE {pk} = %(id)s").format(table=_table(layer), pk=sql.Identifier(layer.id_column))


CHECK_DEFERRED = "SET CONSTRAINTS ALL IMMEDIATE"
"""Django's foreign keys and the grid cover (``layers.topology``) are checked at commit; an edit checks them before
it ends, to answer a 4xx naming them (the checks pending run now, and later changes are checked at once)."""

DEFER_CHECKS = "SET CONSTRAINTS ALL DEFERRED"
"""At the start of several edits made together (``layers.editing.steps.edits_together``)."""
