"""The one statement of an export: every feature of the selection, in order, as
``(hex WKB geometry in the output CRS, geometry type, x, y, field values...)``.

The filters, row scope and order are the items page's own (``layers.query.sql``); coordinates are in the output CRS in
x/y order (longitude or easting first), as GIS files store them whatever the CRS's axis order
(``layers.crs_sql.sql_text_in_crs``). ``x`` and ``y`` are a point on the geometry (CSV with ``geometry=lonlat``).
Date-times are written in the county's local time (Asia/Shanghai, UTC+8).
"""
from __future__ import annotations

from layers.access import LayerOrView, as_view
from layers.crs_sql import sql_text_in_crs
from layers.query.items import ItemsQuery
from layers.query.sql import sql_from, sql_order_by, sql_where
from layers.sqltext import Sql, column

LOCAL_TIME_ZONE = "Asia/Shanghai"
GEOMETRY, GEOMETRY_TYPE, X, Y = "geometry", "geometry_type", "x", "y"
"""The first four columns of the statement; the exported fields follow."""


def exported_fields(layer: LayerOrView, query: ItemsQuery) -> tuple[str, ...]:
    """The selected fields the view may read, in the order asked."""
    readable = as_view(layer).fields
    return tuple(name for name in query.properties if name in readable)


def sql_export(layer: LayerOrView, query: ItemsQuery, *, with_point: bool = False) -> Sql:
    view = as_view(layer)
    geometry = sql_text_in_crs(column(view.geometry_column), query.crs)
    values = []
    for name in exported_fields(view, query):
        if view.fields[name].type == "date-time":
            values.append(Sql(f"{column(name)} AT TIME ZONE %s", (LOCAL_TIME_ZONE,)))
        else:
            values.append(Sql(column(name)))
    point = f"ST_PointOnSurface({geometry})" if with_point else None
    head = Sql(
        f"SELECT encode(ST_AsBinary({geometry}), 'hex'), GeometryType({column(view.geometry_column)}), "
        + (f"ST_X({point}), ST_Y({point})" if point else "NULL, NULL")
    )
    for value in values:
        head = head + Sql(", ") + value
    statement = (
        head + Sql(f" {sql_from(view)} WHERE ") + sql_where(view, query) + Sql(f" {sql_order_by(view, query.sortby)}")
    )
    if query.offset or query.limit < 2**31 - 1:
        statement = statement + Sql(" LIMIT %s OFFSET %s", (query.limit, query.offset))
    return statement


def sql_export_count(layer: LayerOrView, query: ItemsQuery) -> Sql:
    """How many features the export holds (its LIMIT and OFFSET applied)."""
    view = as_view(layer)
    return (
        Sql(f"SELECT count(*) FROM (SELECT 1 {sql_from(view)} WHERE ")
        + sql_where(view, query)
        + Sql(" LIMIT %s OFFSET %s) AS selection", (query.limit, query.offset))
    )

