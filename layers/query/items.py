"""The selection an items URL asks for (``/ogc/collections/{id}/items``, its exports, the tiles' filters): from a
``QueryDict`` to typed values (:class:`ItemsQuery`), or an error naming the parameter. The format (``f``) is the
asker's: the feature API negotiates it (``layers.ogc.params``), an export names it (``layers.exports.params``).

Nothing here touches the database. A ``bbox`` is read in the axis order of its ``bbox-crs`` by ``web.geo`` (a box in
GCJ-02 or BD-09 becomes the enclosing CGCS2000 lon/lat box).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.http import QueryDict

from layers.access import as_view
from layers.errors import InvalidParameter
from layers.registry import Layer
from layers.sqltext import Sql
from spatial.crs import DEFAULT_CRS, CrsInfo
from web.geo import BBox, Box
from web.params import Crs, Integer, Param, check_known, finite_number, single

from .compile import compile_filter
from .parse import parse_filter
from .temporal import TimeInterval, parse_datetime, parse_instant

ITEMS_PARAMETERS = frozenset({
    "f", "bbox", "bbox-crs", "crs", "limit", "offset", "datetime", "properties", "sortby", "filter", "filter-lang",
    "filter-crs",
})
MAX_OFFSET = 2**31 - 1
BIGINT = 2**63 - 1
"""The largest value of a bigint column (feature ids, integer queryables)."""

LIMIT = Integer(
    "limit", "Features per page; out of range is an error (400).", minimum=1,
    maximum=lambda: settings.PINGDING_OGC_MAX_LIMIT, default=lambda: settings.PINGDING_OGC_DEFAULT_LIMIT,
)
OFFSET = Integer("offset", "Features to skip (paging; follow the next link).", minimum=0, maximum=MAX_OFFSET, default=0)
CRS = Crs("crs", "CRS of the output coordinates, in its axis order (default CRS84; GCJ02 and BD09 as extensions).",
          default=DEFAULT_CRS)
BBOX = Box(
    "bbox",
    "Features intersecting this box: lower corner axis 1, axis 2, upper corner axis 1, axis 2 (6 numbers: heights "
    "ignored), in the axis order of bbox-crs (CRS84: lon, lat; EPSG:4326/4490: lat, lon; EPSG:4547/4526: northing, "
    "easting).",
)
BBOX_CRS = Crs("bbox-crs", "CRS of bbox (default CRS84; GCJ02 and BD09 accepted as extensions).", default=DEFAULT_CRS)
FILTER_CRS = Crs(
    "filter-crs", "CRS of the geometries in filter, in its axis order (default CRS84; GCJ02 and BD09 as extensions).",
    default=DEFAULT_CRS,
)
FILTER = Param(
    "filter",
    "CQL2 (OGC API - Features Part 3) on the queryables of the collection (/queryables) and 'geometry': comparison, "
    "LIKE, IN, BETWEEN, IS NULL, AND/OR/NOT, S_INTERSECTS/S_WITHIN/S_CONTAINS/... on geometries in filter-crs, "
    "S_DWITHIN(geometry, POINT(x y), metres) and T_BEFORE/T_AFTER/T_DURING/T_INTERSECTS/... on date and date-time "
    "queryables; at most 4096 characters.",
)
FILTER_LANG = Param("filter-lang", "Language of filter: cql2-text (default) or cql2-json.")
_CRS_PARAMS = {param.name: param for param in (CRS, BBOX_CRS, FILTER_CRS)}


@dataclass(frozen=True)
class ItemsQuery:
    """Everything an items request asks for, validated."""

    fmt: str
    limit: int
    offset: int = 0
    crs: CrsInfo = DEFAULT_CRS
    bbox: BBox | None = None
    datetime: TimeInterval | None = None
    properties: tuple[str, ...] = ()
    filters: tuple[tuple[str, object], ...] = ()
    sortby: tuple[tuple[str, bool], ...] = ()  # (field, descending)
    cql: Sql | None = None  # the compiled ``filter`` (CQL2), bound


def parse_crs(value: str | None, name: str) -> CrsInfo:
    """``crs`` or ``bbox-crs`` (CRS84 when absent)."""
    return _CRS_PARAMS[name].parse(value)


def parse_bbox(value: str | None, bbox_crs: CrsInfo) -> BBox | None:
    """``bbox`` in the axis order of ``bbox_crs``, to a box in internal order (see ``web.geo``)."""
    return BBOX.parse(value, bbox_crs)


def parse_properties(value: str | None, layer: Layer) -> tuple[str, ...]:
    """``properties=a,b``: a selection of public fields in the order given (all of them when absent)."""
    if value is None:
        return tuple(layer.fields)
    names = tuple(name.strip() for name in value.split(",") if name.strip())
    for name in names:
        if name not in layer.fields:
            raise InvalidParameter(
                f"Unknown property {name!r} in 'properties'; collection '{layer.id}' has: {', '.join(layer.fields)}.",
                parameter="properties",
            )
    return tuple(dict.fromkeys(names))


def parse_sortby(value: str | None, layer: Layer) -> tuple[tuple[str, bool], ...]:
    """``sortby=-reported_at,code``: ``+``/``-`` prefixes (a ``+`` decoded as a space is accepted)."""
    if value is None:
        return ()
    keys: list[tuple[str, bool]] = []
    for item in value.split(","):
        item = item.strip()
        descending = item.startswith("-")
        name = item.lstrip("+-").strip()
        if name != "id" and name not in layer.fields:
            raise InvalidParameter(
                f"Cannot sort by {name!r}; use id or one of: {', '.join(layer.fields)}, with - for descending.",
                parameter="sortby",
            )
        keys.append((name, descending))
    return tuple(keys)


def parse_filter_value(layer: Layer, name: str, value: str) -> object:
    """A property filter value typed by the registry: integer, number, boolean, date, date-time or string."""
    field = layer.fields[name]
    try:
        if field.type == "integer":
            number = int(value) if re.fullmatch(r"[+-]?[0-9]+", value.strip()) else None
            if number is None or abs(number) > BIGINT:
                raise ValueError
            return number
        if field.type == "number":
            return finite_number(value, parameter=name)
        if field.type == "boolean":
            return {"true": True, "1": True, "false": False, "0": False}[value.strip().lower()]
        if field.type == "date":
            return date.fromisoformat(value.strip())
        if field.type == "date-time":
            instant, whole_day = parse_instant(value, name)
            if whole_day:
                raise ValueError
            return instant
    except (ValueError, KeyError):
        raise InvalidParameter(f"Property filter '{name}' needs a {field.type} value, got {value!r}.", parameter=name) from None
    if field.enum and value not in field.enum:
        raise InvalidParameter(f"Property filter '{name}' must be one of: {', '.join(field.enum)}.", parameter=name)
    return value


def parse_cql(layer: Layer, query: QueryDict) -> Sql | None:
    """``filter`` in ``filter-lang`` (cql2-text by default), geometries in ``filter-crs``, compiled on the view."""
    text = single(query, "filter")
    language, crs = single(query, "filter-lang"), FILTER_CRS.parse(single(query, "filter-crs"))
    if text is None:
        return None
    return compile_filter(parse_filter(text, language or "cql2-text"), as_view(layer), crs)


def parse_selection(layer: Layer, query: QueryDict, *, fmt: str = "json") -> ItemsQuery:
    """The typed query of ``/collections/{layer.id}/items`` (answered in ``fmt``); raises ``InvalidParameter``
    naming the culprit."""
    check_known(query, ITEMS_PARAMETERS | set(layer.fields))
    for name in query:
        single(query, name)
    bbox_crs = BBOX_CRS.parse(single(query, "bbox-crs"))
    filters = tuple(
        (name, parse_filter_value(layer, name, query[name])) for name in layer.fields if name in query
    )
    return ItemsQuery(
        fmt=fmt,
        limit=LIMIT.parse(single(query, "limit")),
        offset=OFFSET.parse(single(query, "offset")),
        crs=CRS.parse(single(query, "crs")),
        bbox=parse_bbox(single(query, "bbox"), bbox_crs),
        datetime=parse_datetime(single(query, "datetime"), layer),
        properties=parse_properties(single(query, "properties"), layer),
        filters=filters,
        sortby=parse_sortby(single(query, "sortby"), layer),
        cql=parse_cql(layer, query),
    )

