"""The one statement of a GetFeature: features as GML 3.2 or GeoJSON text, built by PostGIS, with the match count.

A :class:`Plan` is one query resolved against the caller's view of its layer (filter, properties, sort keys and
CRS checked). One plan is the feature API's page shape (``layers.query.sql.sql_items_page``): the page cut in a
subquery so only returned rows are serialised, the count an uncorrelated scalar subquery run once. Several plans
(``TYPENAMES=a,b``) are a ``UNION ALL`` of each type's first ``start + count`` rows, numbered in their sort order,
then paged as a whole in type order. GML comes from ``ST_AsGML`` (coordinates put in the CRS's axis order first)
and ``xmlforest`` (which escapes text and writes dates in XML Schema form, leaving out NULLs); GeoJSON is the
feature API's (``ST_AsGeoJSON`` and ``row_to_json``) with the id ``<layer>.<id>``.
"""
from __future__ import annotations

from dataclasses import dataclass

from layers.access import LayerView
from layers.query.sql import sql_from, sql_order_by, sql_properties, sql_properties_join, sql_row_scope
from layers.sqltext import ALIAS, Sql, column, join
from layers.sqltext import quote_ident as ident
from layers.sqltext import quote_literal
from spatial.crs import STORAGE_SRID

from .crs import WfsCrs
from .names import APP_PREFIX, GEOMETRY
from .types import kind_filter, type_id

GML_OPTIONS_LONG_SRS = 1
GML_OPTIONS_LINESTRING = 4


@dataclass(frozen=True)
class Plan:
    """One query against one view: ``where`` (its filter, row scope included), ``names`` the properties returned,
    ``geometry`` whether the geometry is, ``sortby`` ``(field, descending)`` keys, ``crs`` of the output."""

    view: LayerView
    where: Sql
    names: tuple[str, ...]
    geometry: bool
    sortby: tuple[tuple[str, bool], ...]
    crs: WfsCrs


def sql_where(view: LayerView, condition: Sql | None) -> Sql:
    """The view's row scope, a kind's rows (``layers.wfs.types``) and ``condition``."""
    parts = [] if view.row_scope is None else [sql_row_scope(view.row_scope)]
    kind = kind_filter(view)
    if kind is not None:
        parts.append(kind)
    if condition is not None:
        parts.append(condition)
    return join(parts, " AND ") if parts else Sql("TRUE")


def sql_output_geometry(view: LayerView, crs: WfsCrs) -> Sql:
    """The geometry in ``crs`` with its SRID (for ``srsName``), in the axis order of the CRS's name."""
    geometry = Sql(column(view.geometry_column))
    if crs.srid == 4326:
        geometry = Sql(f"ST_SetSRID({geometry.text}, 4326)")
    elif crs.srid != STORAGE_SRID:
        geometry = Sql(f"ST_Transform({geometry.text}, %s)", (crs.srid,))
    if crs.info.swaps_axes:
        geometry = Sql(f"ST_FlipCoordinates({geometry.text})", geometry.params)
    return geometry


def _feature_id(view: LayerView) -> Sql:
    """``'<layer>.' || id``: the layer id is the registry's, written as a constant (a bound one costs a cast per row)."""
    return Sql(f"{quote_literal(view.id + '.')} || {column(view.id_column)}")


def sql_gml_feature(plan: Plan, *, member: bool = True) -> Sql:
    """One feature as GML text: ``<pd:layer gml:id="layer.id">`` with its geometry and properties (in a
    ``wfs:member`` unless ``member`` is false)."""
    view, element = plan.view, f"{APP_PREFIX}:{type_id(plan.view)}"
    parts = [Sql(f"'{'<wfs:member>' if member else ''}<{element} gml:id=\"' || "), _feature_id(view), Sql(" || '\">'")]
    if plan.geometry:
        options = GML_OPTIONS_LINESTRING | (GML_OPTIONS_LONG_SRS if plan.crs.long_name else 0)
        parts += [
            Sql(f" || coalesce('<{APP_PREFIX}:{GEOMETRY}>' || ST_AsGML(3, "), sql_output_geometry(view, plan.crs),
            Sql(", %s, %s, 'gml', ", (plan.crs.info.decimals, options)), _feature_id(view),
            Sql(f" || '.geometry') || '</{APP_PREFIX}:{GEOMETRY}>', '')"),
        ]
    if plan.names:
        forest = ", ".join(f"{column(name)} AS {ident(f'{APP_PREFIX}:{name}')}" for name in plan.names)
        parts.append(Sql(f" || coalesce(xmlforest({forest})::text, '')"))
    parts.append(Sql(f" || '</{element}>{'</wfs:member>' if member else ''}'"))
    return join(parts, "")


def sql_geojson_feature(plan: Plan) -> Sql:
    """One feature as GeoJSON text, as the feature API writes it, with the id ``layer.id``; needs
    :func:`properties_join`."""
    geometry = Sql("'null'")
    if plan.geometry:  # geometry columns are NOT NULL
        geometry = Sql("ST_AsGeoJSON(") + sql_output_geometry(plan.view, plan.crs) + Sql(
            ", %s, 0)", (plan.crs.info.decimals,))
    return (
        Sql("""'{"type":"Feature","id":"' || """) + _feature_id(plan.view) + Sql(""" || '","geometry":' || """)
        + geometry + Sql(f""" || ',"properties":' || {sql_properties(plan.view, plan.names)} || '}}'""")
    )


def properties_join(plan: Plan, fmt: str) -> str:
    return sql_properties_join(plan.view, plan.names) if fmt == "geojson" else ""


def sql_feature(plan: Plan, fmt: str, *, member: bool = True) -> Sql:
    return sql_geojson_feature(plan) if fmt == "geojson" else sql_gml_feature(plan, member=member)


def sql_count(plan: Plan) -> Sql:
    return Sql(f"(SELECT count(*) {sql_from(plan.view)} WHERE ") + plan.where + Sql(")")


def sql_hits(plans: tuple[Plan, ...]) -> Sql:
    """The number of features every query matches, together."""
    return Sql("SELECT ") + join((sql_count(plan) for plan in plans), " + ")


def _rows(plan: Plan, limit: int | None, offset: int) -> Sql:
    return (
        Sql(f"(SELECT {ALIAS}.* {sql_from(plan.view)} WHERE ") + plan.where
        + Sql(f" {sql_order_by(plan.view, plan.sortby)} LIMIT %s OFFSET %s) AS {ALIAS}", (limit, offset))
    )


def sql_page(plans: tuple[Plan, ...], fmt: str, *, count: int | None, start: int, member: bool = True) -> Sql:
    """Rows ``(number_matched, feature text)`` of the page: ``count`` features (``None``: all) from ``start``."""
    matched = join((sql_count(plan) for plan in plans), " + ")
    if len(plans) == 1:
        plan = plans[0]
        order_by = sql_order_by(plan.view, plan.sortby)
        return (
            Sql("SELECT ") + matched + Sql(" AS number_matched, ") + sql_feature(plan, fmt, member=member)
            + Sql(" AS feature FROM ") + _rows(plan, count, start) + Sql(f"{properties_join(plan, fmt)} {order_by}")
        )
    reach = None if count is None else start + count
    branches = [
        Sql(f"SELECT {index} AS q, row_number() OVER ({sql_order_by(plan.view, plan.sortby)}) AS n, ")
        + sql_feature(plan, fmt, member=member) + Sql(" AS feature FROM ") + _rows(plan, reach, 0)
        + Sql(properties_join(plan, fmt))
        for index, plan in enumerate(plans)
    ]
    return (
        Sql("SELECT ") + matched + Sql(" AS number_matched, u.feature FROM (")
        + join((Sql("(") + branch + Sql(")") for branch in branches), " UNION ALL ")
        + Sql(") AS u ORDER BY u.q, u.n LIMIT %s OFFSET %s", (count, start))
    )
