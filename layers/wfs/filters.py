"""A filter tree (``fes``) as SQL over one layer view: names checked against its readable fields, every literal typed
by the registry and bound, geometries bound as WKT and put in EPSG:4490 by PostGIS.

Spatial operators are one table (operator -> SQL template over the feature's geometry ``{g}`` and the filter's
``{f}``); ``BBOX`` reuses the feature API's box filter (``&&`` on the index, exact for points in lon/lat).
"""
from __future__ import annotations

from datetime import date, datetime

from layers.access import LayerView
from layers.query.sql import sql_bbox_filter
from layers.sqltext import Sql, column, join
from spatial.crs import STORAGE_CRS, STORAGE_SRID, from_axis_order
from spatial.transform import domain_box, transform_xy, validate_lonlat
from web.geo import BBox

from . import fes
from .crs import WfsCrs, parse_srs_name
from .exceptions import invalid
from .gmlgeometry import Geometry, to_wkt
from .names import GEOMETRY, local_name

LOCATOR = "filter"
SPATIAL_SQL = {
    "Intersects": "ST_Intersects({g}, {f})",
    "Disjoint": "NOT ST_Intersects({g}, {f})",
    "Within": "ST_Within({g}, {f})",
    "Contains": "ST_Contains({g}, {f})",
}
_LIKE_SPECIALS = {"%": "\\%", "_": "\\_", "\\": "\\\\"}


def field_name(view: LayerView, name: str, locator: str = LOCATOR) -> str:
    """The readable field (column) that ``name`` names (``pd:code`` or ``code``); an error naming it otherwise."""
    local = local_name(name.strip())
    if local not in view.fields:
        raise invalid(locator, f"Type {view.id} has no property {local[:40]!r}; its properties are "
                               f"{', '.join([*view.fields, GEOMETRY])}.")
    return local


def typed(view: LayerView, name: str, text: str) -> object:
    """``text`` as a value of the field's registry type (integer, number, boolean, date, date-time, string)."""
    kind = view.fields[name].type
    value = text.strip()
    try:
        if kind == "integer":
            number = int(value)
            if abs(number) >= 2**63:
                raise ValueError
            return number
        if kind == "number":
            number = float(value)
            if number != number or abs(number) == float("inf"):
                raise ValueError
            return number
        if kind == "boolean":
            return {"true": True, "1": True, "false": False, "0": False}[value.lower()]
        if kind == "date":
            return date.fromisoformat(value)
        if kind == "date-time":
            return datetime.fromisoformat(value)
    except (ValueError, KeyError):
        raise invalid(LOCATOR, f"Property {name} is of type {kind}; {text[:40]!r} is not one.") from None
    if "\x00" in text:
        raise invalid(LOCATOR, "A literal contains a NUL character.")
    return text


def _comparison(view: LayerView, node: fes.Comparison) -> Sql:
    name = field_name(view, node.name)
    value = typed(view, name, node.value)
    if not node.match_case and isinstance(value, str):
        return Sql(f"lower({column(name)}) {node.operator} lower(%s)", (value,))
    return Sql(f"{column(name)} {node.operator} %s", (value,))


def like_pattern(node: fes.Like) -> str:
    """The FES pattern as a SQL LIKE pattern (escape character ``\\``)."""
    out, escaped = [], False
    for char in node.pattern:
        if escaped:
            out.append(_LIKE_SPECIALS.get(char, char))
            escaped = False
        elif char == node.escape_char:
            escaped = True
        elif char == node.wild_card:
            out.append("%")
        elif char == node.single_char:
            out.append("_")
        else:
            out.append(_LIKE_SPECIALS.get(char, char))
    return "".join(out)


def _like(view: LayerView, node: fes.Like) -> Sql:
    name = field_name(view, node.name)
    if "\x00" in node.pattern:
        raise invalid(LOCATOR, "A literal contains a NUL character.")
    operator = "LIKE" if node.match_case else "ILIKE"
    return Sql(f"{column(name)}::text {operator} %s ESCAPE '\\'", (like_pattern(node),))


def _between(view: LayerView, node: fes.Between) -> Sql:
    name = field_name(view, node.name)
    return Sql(f"{column(name)} BETWEEN %s AND %s", (typed(view, name, node.lower), typed(view, name, node.upper)))


def _is_null(view: LayerView, node: fes.IsNull) -> Sql:
    local = local_name(node.name.strip())
    target = view.geometry_column if local in (GEOMETRY, view.geometry_column) else field_name(view, node.name)
    return Sql(f"{column(target)} IS NULL")


def _geometry_crs(geometry: Geometry, default: WfsCrs) -> WfsCrs:
    return parse_srs_name(geometry.srs_name, LOCATOR) if geometry.srs_name else default


def _check_on_earth(geometry: Geometry, crs: WfsCrs) -> None:
    """Every position of the geometry must transform to a longitude and latitude (no error from PostGIS later)."""
    def positions(g: Geometry):
        for part in g.parts:
            if isinstance(part, Geometry):
                yield from positions(part)
            elif isinstance(part[0], tuple):
                yield from part
            else:
                yield part

    xs, ys = zip(*(from_axis_order(a, b, crs.info) for a, b in positions(geometry)))
    if crs.srid not in (4490, 4326):
        xs, ys = transform_xy(list(xs), list(ys), src=crs.info, dst=STORAGE_CRS, parameter=LOCATOR)
    validate_lonlat(xs, ys, parameter=LOCATOR)


def _spatial(view: LayerView, node: fes.Spatial, default: WfsCrs) -> Sql:
    if node.name is not None and local_name(node.name) not in (GEOMETRY, view.geometry_column):
        raise invalid(LOCATOR, f"fes:{node.operator} applies to the geometry property {GEOMETRY}, not "
                               f"{node.name[:40]!r}.")
    crs = _geometry_crs(node.geometry, default)
    if node.operator == "BBOX":
        return _bbox(view, node.geometry, crs)
    _check_on_earth(node.geometry, crs)
    wkt = to_wkt(node.geometry, crs)
    literal = Sql("ST_MakeValid(ST_GeomFromText(%s, %s))", (wkt, crs.srid))
    if crs.srid != STORAGE_SRID:
        literal = Sql(f"ST_Transform({literal.text}, {STORAGE_SRID})", literal.params)
    template = SPATIAL_SQL[node.operator].split("{f}")
    geometry = column(view.geometry_column)
    return Sql(template[0].format(g=geometry)) + literal + Sql(template[1].format(g=geometry))


def _bbox(view: LayerView, envelope: Geometry, crs: WfsCrs) -> Sql:
    """The box clamped to where its CRS is defined (QGIS asks for "everything" as +-1e8 metres), then the feature
    API's box filter; a box outside that domain matches nothing."""
    if envelope.kind != "Envelope":
        raise invalid(LOCATOR, "fes:BBOX takes a gml:Envelope.")
    to_wkt(envelope, crs)  # checks the corners' order
    (x0, y0), (x1, y1) = (from_axis_order(a, b, crs.info) for a, b in envelope.parts)
    dx0, dy0, dx1, dy1 = domain_box(crs.info)
    x0, y0, x1, y1 = max(x0, dx0), max(y0, dy0), min(x1, dx1), min(y1, dy1)
    if x0 > x1 or y0 > y1:
        return Sql("FALSE")
    return sql_bbox_filter(view, BBox(x0, y0, x1, y1, crs.info))


def _resource_ids(view: LayerView, node: fes.ResourceIds) -> Sql:
    ids = [feature_id for layer_id, feature_id in node.ids if layer_id == view.id]
    if not ids:
        return Sql("FALSE")
    return Sql(f"{column(view.id_column)} = ANY(%s::bigint[])", (ids,))


def sql_filter(view: LayerView, node: fes.Node, default_crs: WfsCrs) -> Sql:
    """``node`` as a SQL condition on ``view`` (alias ``t``); geometries without ``srsName`` are in ``default_crs``."""
    if isinstance(node, fes.Logical):
        return Sql("(") + join((sql_filter(view, operand, default_crs) for operand in node.operands),
                               f" {node.operator.upper()} ") + Sql(")")
    if isinstance(node, fes.Not):
        return Sql("NOT (") + sql_filter(view, node.operand, default_crs) + Sql(")")
    if isinstance(node, fes.Spatial):
        return _spatial(view, node, default_crs)
    builders = {fes.Comparison: _comparison, fes.Like: _like, fes.Between: _between, fes.IsNull: _is_null,
                fes.ResourceIds: _resource_ids}
    return builders[type(node)](view, node)
