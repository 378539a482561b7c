"""Reads of the thematic and print maps: one bound SQL statement each, every layer read through the caller's view.

Geometry is answered as GeoJSON in EPSG:4326 lon/lat (CGCS2000 and WGS 84 agree to well under a metre here, below
what a county map draws), so both folium and geopandas take it as it comes.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import connection

from accounts.principal import Principal
from layers.access import LayerView, readable_layer
from layers.models import AdminArea, Grid

from .measures import Measure

SIMPLIFY_DEG = 0.00002
"""Tolerance of the areas' outlines, degrees (about 2 m): invisible at county and town scale, a smaller page."""


@dataclass(frozen=True)
class AreaCount:
    """One area of a choropleth: its code, name, GeoJSON geometry (EPSG:4326) and the count of the measure."""

    code: str
    name: str
    geometry: dict
    count: int


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _column(model, field: str) -> str:
    return _q(model._meta.get_field(field).column)


def _counts_sql(view: LayerView, measure: Measure, state: str | None, params: list) -> str:
    grid = _q(view.grid_column)
    where = ["TRUE"]
    if state is not None:
        where.append(f"f.{_q(measure.state_field)} = %s")
        params.append(state)
    if view.row_scope is not None:
        where.append(f"f.{_q(view.row_scope.column)} = ANY(%s)")
        params.append(list(view.row_scope.grids))
    return f"SELECT f.{grid} AS grid_code, count(*) AS n FROM {_q(view.table)} f WHERE {' AND '.join(where)} GROUP BY 1"


def _outline(view: LayerView, alias: str) -> str:
    geometry = f"{alias}.{_q(view.geometry_column)}"
    return f"ST_AsGeoJSON(ST_Transform(ST_SimplifyPreserveTopology({geometry}, {SIMPLIFY_DEG}), 4326), 6)"


def _per_grid(grids: LayerView, counts: str, params: list) -> str:
    code = _column(Grid, "code")
    where = "TRUE"
    if grids.row_scope is not None:
        where = f"g.{code} = ANY(%s)"
        params.append(list(grids.row_scope.grids))
    return (
        f"WITH counts AS ({counts}) SELECT g.{code}, g.{_column(Grid, 'name')}, {_outline(grids, 'g')}, "
        f"coalesce(c.n, 0) FROM {_q(grids.table)} g LEFT JOIN counts c ON c.grid_code = g.{code} "
        f"WHERE {where} ORDER BY g.{code}"
    )


def _per_town(areas: LayerView, grids: LayerView, counts: str, params: list) -> str:
    code, town = _column(AdminArea, "code"), _column(Grid, "town")
    params.append("town")
    return (
        f"WITH counts AS ({counts}), per_town AS (SELECT g.{town} AS town, sum(c.n) AS n "
        f"FROM {_q(grids.table)} g JOIN counts c ON c.grid_code = g.{_column(Grid, 'code')} GROUP BY 1) "
        f"SELECT a.{code}, a.{_column(AdminArea, 'name')}, {_outline(areas, 'a')}, coalesce(t.n, 0)::bigint "
        f"FROM {_q(areas.table)} a LEFT JOIN per_town t ON t.town = a.{code} "
        f"WHERE a.{_column(AdminArea, 'level')} = %s ORDER BY a.{code}"
    )


def choropleth_read(*, principal: Principal, by: str, measure: Measure, state: str | None = None) -> list[AreaCount]:
    """The count of ``measure`` (narrowed to ``state``) per grid or town (``by``), as ``principal`` may read it:
    the measured layer, the grids and the admin areas through its views (rows outside its grids are not counted).
    :class:`~layers.registry.UnknownLayer` when it may not read one of them."""
    measured = readable_layer(measure.layer_id, principal)
    grids = readable_layer("grids", principal)
    params: list = []
    counts = _counts_sql(measured, measure, state, params)
    if by == "grid":
        statement = _per_grid(grids, counts, params)
    else:
        statement = _per_town(readable_layer("admin-areas", principal), grids, counts, params)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    return [AreaCount(code, name, json.loads(geometry), int(n)) for code, name, geometry, n in rows if geometry]


def features_read(*, view: LayerView, bbox: tuple[float, float, float, float] | None, limit: int) -> dict:
    """A GeoJSON FeatureCollection (EPSG:4326) of at most ``limit`` features of ``view`` inside ``bbox``
    (lon/lat degrees, west, south, east, north; None for the whole layer), with the fields the view may read."""
    geometry = f"f.{_q(view.geometry_column)}"
    properties = ", ".join(f"'{name}', f.{_q(name)}" for name in view.fields) or "'_', NULL"
    where, params = ["TRUE"], []
    if bbox is not None:
        where.append(f"{geometry} && ST_MakeEnvelope(%s, %s, %s, %s, 4490)")
        params.extend(bbox)
    if view.row_scope is not None:
        where.append(f"f.{_q(view.row_scope.column)} = ANY(%s)")
        params.append(list(view.row_scope.grids))
    params.append(limit)
    statement = (
        "SELECT coalesce(json_agg(json_build_object('type', 'Feature', 'geometry', "
        f"ST_AsGeoJSON(ST_Transform({geometry}, 4326), 7)::json, 'properties', json_build_object({properties}))), "
        f"'[]') FROM (SELECT * FROM {_q(view.table)} f WHERE {' AND '.join(where)} "
        f"ORDER BY f.{_q(view.id_column)} LIMIT %s) f"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        features = cursor.fetchone()[0]
    if isinstance(features, str):
        features = json.loads(features)
    return {"type": "FeatureCollection", "features": features}
