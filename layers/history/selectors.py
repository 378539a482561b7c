"""Reads of the history (``layers_history``): a feature's versions, one version, current versions for ETags, and a
layer as it was at a past instant. Identifiers come from the registry; every value is a bound parameter.

Instants are timezone-aware datetimes; a change's instant is its transaction's timestamp (``changed_at``: when the
transaction began, as PostgreSQL's ``now()``). Geometries are EPSG:4490, x = longitude.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.gis.geos import GEOSGeometry
from django.db import connection
from psycopg2 import sql

from layers.access import LayerOrView, as_view

_COLUMNS = (
    "version, operation, changed_at, txid, actor_id, actor_name, path, attributes_before, attributes_after,"
    " ST_AsEWKB(geom_before), ST_AsEWKB(geom_after)"
)


@dataclass(frozen=True)
class Version:
    """One recorded change of a feature. ``attributes_*``: every column but the geometry (None for the side that
    does not exist: before an insert, after a delete); ``geom_*``: EPSG:4490 geometries or None."""

    feature_id: int
    version: int
    operation: str
    changed_at: dt.datetime
    txid: int
    actor_id: int | None
    actor_name: str | None
    path: str
    attributes_before: dict | None
    attributes_after: dict | None
    geom_before: GEOSGeometry | None
    geom_after: GEOSGeometry | None

    @property
    def changed_fields(self) -> list[str]:
        """Names of the attributes that differ between before and after (``geometry`` when the geometry moved)."""
        before, after = self.attributes_before or {}, self.attributes_after or {}
        names = sorted(name for name in {*before, *after} if before.get(name) != after.get(name))
        if not _same_geometry(self.geom_before, self.geom_after):
            names.append("geometry")
        return names


def _same_geometry(a: GEOSGeometry | None, b: GEOSGeometry | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and a.ewkb == b.ewkb)


def _geometry(value) -> GEOSGeometry | None:
    return None if value is None else GEOSGeometry(memoryview(bytes(value)))


def _json(value) -> dict | None:
    """jsonb as Django's psycopg2 connection hands it over (text), as a dict."""
    return json.loads(value) if isinstance(value, str) else value


def _version(feature_id: int, row: Sequence) -> Version:
    *head, a_before, a_after, g_before, g_after = row
    return Version(feature_id, *head, _json(a_before), _json(a_after), _geometry(g_before), _geometry(g_after))


def feature_history(layer: LayerOrView, feature_id: int) -> list[Version]:
    """Every recorded version of one feature, newest first (empty for a feature never changed since history began)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_COLUMNS} FROM layers_history WHERE layer = %s AND feature_id = %s ORDER BY version DESC",
            [layer.id, feature_id],
        )
        return [_version(feature_id, row) for row in cursor.fetchall()]


def feature_version(layer: LayerOrView, feature_id: int, version: int) -> Version | None:
    """Version ``version`` of one feature, or None when it has no such version."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_COLUMNS} FROM layers_history WHERE layer = %s AND feature_id = %s AND version = %s",
            [layer.id, feature_id, version],
        )
        row = cursor.fetchone()
    return None if row is None else _version(feature_id, row)


def current_versions(layer: LayerOrView, feature_ids: Sequence[int]) -> dict[int, int]:
    """The current version of each feature (0 for one with no recorded change): what an ETag is made of.

    One statement; each id is one backward probe of the unique index (layer, feature_id, version)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT f.id, coalesce((SELECT h.version FROM layers_history AS h WHERE h.layer = %s AND h.feature_id = f.id"
            " ORDER BY h.version DESC LIMIT 1), 0) FROM unnest(%s::bigint[]) AS f(id)",
            [layer.id, list(feature_ids)],
        )
        return dict(cursor.fetchall())


def sql_as_of(layer: LayerOrView) -> sql.Composed:
    """ONE statement: the layer's rows as they were at the instant ``%(instant)s``, as (id, properties jsonb cut to
    the view's fields, geometry GeoJSON text in EPSG:4490 lon/lat), ordered by id, ``%(limit)s`` / ``%(offset)s``.

    ``later``: per feature changed after the instant, its first version after it, and whether that change is an
    insert (then the feature did not exist at the instant: it was created, or restored after a deletion, later). A feature is read from the table when it has
    no later change, else from the ``before`` image of that first later version. The page of ids is cut first
    (from the covering index of changes, without touching the images), then only its rows are read.
    ``%(grids)s`` (NULL for every row) keeps the rows whose grid was one of them.
    """
    view = as_view(layer)
    pk, geom, table = sql.Identifier(view.id_column), sql.Identifier(view.geometry_column), sql.Identifier(view.table)
    pairs = [sql.SQL("{}, t.{}").format(sql.Literal(name), sql.Identifier(name)) for name in view.fields]
    properties = sql.SQL("jsonb_build_object({})").format(sql.SQL(", ").join(pairs))
    grid = view.grid_column
    table_scope = sql.SQL("t.{} = ANY (%(grids)s::text[])").format(sql.Identifier(grid)) if grid else sql.SQL("TRUE")
    return sql.SQL(
        "WITH later AS MATERIALIZED ("
        " SELECT DISTINCT ON (h.feature_id) h.feature_id, h.version, h.operation = 'insert' AS inserted"
        " FROM layers_history AS h WHERE h.layer = %(layer)s AND h.changed_at > %(instant)s"
        " ORDER BY h.feature_id, h.version), "
        "page AS ("
        " SELECT t.{pk}::bigint AS fid, NULL::integer AS version FROM {table} AS t"
        " WHERE NOT EXISTS (SELECT 1 FROM later AS l WHERE l.feature_id = t.{pk})"
        " AND (%(grids)s::text[] IS NULL OR {table_scope})"
        " UNION ALL"
        " SELECT l.feature_id, l.version FROM later AS l WHERE NOT l.inserted AND (%(grids)s::text[] IS NULL OR EXISTS ("
        "  SELECT 1 FROM layers_history AS s WHERE s.layer = %(layer)s AND s.feature_id = l.feature_id"
        "  AND s.version = l.version AND s.attributes_before ->> {grid} = ANY (%(grids)s::text[])))"
        " ORDER BY fid LIMIT %(limit)s OFFSET %(offset)s) "
        "SELECT p.fid,"
        " CASE WHEN p.version IS NULL THEN {properties} ELSE (SELECT coalesce(jsonb_object_agg(e.key, e.value), '{{}}')"
        "  FROM jsonb_each(h.attributes_before) AS e WHERE e.key = ANY (%(fields)s)) END,"
        " ST_AsGeoJSON(CASE WHEN p.version IS NULL THEN t.{geom}::geometry ELSE h.geom_before END, 9, 0)"
        " FROM page AS p"
        " LEFT JOIN {table} AS t ON p.version IS NULL AND t.{pk} = p.fid"
        " LEFT JOIN layers_history AS h ON h.layer = %(layer)s AND h.feature_id = p.fid AND h.version = p.version"
        " ORDER BY p.fid"
    ).format(
        pk=pk, geom=geom, table=table, properties=properties, table_scope=table_scope, grid=sql.Literal(grid or ""),
    )


def layer_as_of(layer: LayerOrView, instant: dt.datetime, *, limit: int = 10_000, offset: int = 0) -> list[tuple]:
    """The features of ``layer`` as they were at ``instant`` (timezone-aware): ``(id, properties, geometry)``
    tuples ordered by id, properties cut to the fields the view reads, geometry as GeoJSON text (EPSG:4490)."""
    view = as_view(layer)
    scope = view.row_scope
    params = {
        "layer": view.id, "instant": instant, "fields": list(view.fields), "limit": limit, "offset": offset,
        "grids": list(scope.grids) if scope else None,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql_as_of(view), params)
        return cursor.fetchall()


@dataclass(frozen=True)
class Deleted:
    """A feature whose latest change is its deletion: who deleted it, when, and its last version (for its ETag)."""

    feature_id: int
    version: int
    deleted_at: dt.datetime
    actor_id: int | None
    actor_name: str | None
    path: str


def deleted_features(layer: LayerOrView, *, limit: int = 100, offset: int = 0) -> list[Deleted]:
    """The deleted features of ``layer`` (each restorable), most recently deleted first. For a grid-scoped view,
    only those that were in its grids when deleted."""
    view = as_view(layer)
    grid = view.grid_column or ""
    grids = list(view.row_scope.grids) if view.row_scope else None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d.feature_id, d.version, d.changed_at, d.actor_id, d.actor_name, d.path FROM ("
            " SELECT DISTINCT ON (h.feature_id) h.feature_id, h.version, h.operation, h.changed_at, h.actor_id,"
            " h.actor_name, h.path, h.attributes_before FROM layers_history AS h WHERE h.layer = %(layer)s"
            " AND h.feature_id IN (SELECT x.feature_id FROM layers_history AS x WHERE x.layer = %(layer)s"
            " AND x.operation = 'delete')"
            " ORDER BY h.feature_id, h.version DESC) AS d"
            " WHERE d.operation = 'delete' AND (%(grids)s::text[] IS NULL OR d.attributes_before ->> %(grid)s = ANY"
            " (%(grids)s::text[]))"
            " ORDER BY d.changed_at DESC, d.feature_id LIMIT %(limit)s OFFSET %(offset)s",
            {"layer": view.id, "grid": grid, "grids": grids, "limit": limit, "offset": offset},
        )
        return [Deleted(*row) for row in cursor.fetchall()]
