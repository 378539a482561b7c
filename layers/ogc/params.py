"""Query parameters of the feature API: from a ``QueryDict`` to typed values, or an error naming the parameter.

Nothing here touches the database. Coordinates of a ``bbox`` arrive in the axis order of its ``bbox-crs``
(OGC API - Features Part 2: EPSG:4326 and EPSG:4490 latitude first, EPSG:4547/4526 northing first, CRS84 and
EPSG:3857 x first) and leave in the internal order (x = longitude or easting, y = latitude or northing).
A ``bbox`` in GCJ-02 or BD-09 is turned into the enclosing CGCS2000 lon/lat box here, with ``spatial``.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.http import QueryDict

from layers.errors import InvalidParameter
from layers.registry import Layer
from spatial.crs import DEFAULT_CRS, STORAGE_CRS, CrsInfo, from_axis_order
from spatial.transform import transform_bbox, validate_lonlat
from web.params import Crs, Integer, check_known, single

from .formats import negotiate
from .temporal import TimeInterval, parse_datetime, parse_instant

ITEMS_PARAMETERS = frozenset({"f", "bbox", "bbox-crs", "crs", "limit", "offset", "datetime", "properties", "sortby"})
FEATURE_PARAMETERS = frozenset({"f", "crs"})
MAX_OFFSET = 2**31 - 1
_BIGINT = 2**63 - 1
_CHINESE_CRS = frozenset({"GCJ02", "BD09"})
_DIGITS = re.compile(r"[0-9]{1,19}")

LIMIT = Integer(
    "limit", "Features per page; out of range is an error (400).", minimum=1,
    maximum=lambda: settings.PINGDING_OGC_MAX_LIMIT, default=lambda: settings.PINGDING_OGC_DEFAULT_LIMIT,
)
OFFSET = Integer("offset", "Features to skip (paging; follow the next link).", minimum=0, maximum=MAX_OFFSET, default=0)
CRS = Crs("crs", "CRS of the output coordinates, in its axis order (default CRS84; GCJ02 and BD09 as extensions).",
          default=DEFAULT_CRS)
BBOX_CRS = Crs("bbox-crs", "CRS of bbox (default CRS84; GCJ02 and BD09 accepted as extensions).", default=DEFAULT_CRS)
_CRS_PARAMS = {param.name: param for param in (CRS, BBOX_CRS)}


@dataclass(frozen=True)
class BBox:
    """A query box in internal order (``minx``/``maxx`` longitude or easting) in ``crs``."""

    minx: float
    miny: float
    maxx: float
    maxy: float
    crs: CrsInfo


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


def parse_format(query: QueryDict, accept: str | None, *, allowed: frozenset[str] = frozenset({"f"})) -> str:
    """``json`` or ``html`` for a metadata resource that takes only ``f`` (landing page, collections...)."""
    check_known(query, allowed)
    return negotiate(single(query, "f"), accept)


def parse_crs(value: str | None, name: str) -> CrsInfo:
    """``crs`` or ``bbox-crs`` (CRS84 when absent)."""
    return _CRS_PARAMS[name].parse(value)


def parse_bbox(value: str | None, bbox_crs: CrsInfo) -> BBox | None:
    """4 numbers (or 6 with the heights ignored) in ``bbox_crs`` axis order, to a box in internal order.

    GCJ-02 and BD-09 boxes become the enclosing CGCS2000 lon/lat box (their offsets vary slowly, so the
    enclosing box differs from the true curved box by well under a metre at county scale).
    """
    if value is None:
        return None
    parts = value.split(",")
    if len(parts) not in (4, 6):
        raise InvalidParameter(
            f"Parameter 'bbox' needs 4 numbers (or 6 with heights), got {len(parts)}: lower corner axis 1, axis 2, "
            f"upper corner axis 1, axis 2, in the axis order of bbox-crs ({bbox_crs.key}: {_axis_words(bbox_crs)}).",
            parameter="bbox",
        )
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        raise InvalidParameter(f"Parameter 'bbox' must be numbers separated by commas, got {value!r}.", parameter="bbox") from None
    if not all(math.isfinite(n) for n in numbers):
        raise InvalidParameter("Parameter 'bbox' contains NaN or infinity; send finite numbers.", parameter="bbox")
    if len(numbers) == 6:
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    minx, miny = from_axis_order(numbers[0], numbers[1], bbox_crs)
    maxx, maxy = from_axis_order(numbers[2], numbers[3], bbox_crs)
    if minx > maxx or miny > maxy:
        raise InvalidParameter(
            f"Parameter 'bbox' has a lower corner above its upper corner; in {bbox_crs.key} send "
            f"{_axis_words(bbox_crs)} of the lower corner, then of the upper corner (boxes across the antimeridian "
            "are not supported).",
            parameter="bbox",
        )
    box = BBox(minx, miny, maxx, maxy, bbox_crs)
    if bbox_crs.is_geographic:
        validate_lonlat([minx, maxx], [miny, maxy], parameter="bbox")
        if bbox_crs.key in _CHINESE_CRS:
            box = BBox(*transform_bbox((minx, miny, maxx, maxy), src=bbox_crs, dst=STORAGE_CRS, parameter="bbox"), STORAGE_CRS)
    else:
        lon_lat = transform_bbox((minx, miny, maxx, maxy), src=bbox_crs, dst=STORAGE_CRS, parameter="bbox")
        validate_lonlat(lon_lat[0::2], lon_lat[1::2], parameter="bbox")
    return box


def _axis_words(crs: CrsInfo) -> str:
    return {"lonlat": "lon, lat", "latlon": "lat, lon", "en": "easting, northing", "ne": "northing, easting"}[crs.axis]


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
            if number is None or abs(number) > _BIGINT:
                raise ValueError
            return number
        if field.type == "number":
            number = float(value)
            if not math.isfinite(number):
                raise ValueError
            return number
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


def parse_items_query(layer: Layer, query: QueryDict, accept: str | None) -> ItemsQuery:
    """The typed query of ``/collections/{layer.id}/items``; raises ``InvalidParameter`` naming the culprit."""
    check_known(query, ITEMS_PARAMETERS | set(layer.fields))
    for name in query:
        single(query, name)
    bbox_crs = BBOX_CRS.parse(single(query, "bbox-crs"))
    filters = tuple(
        (name, parse_filter_value(layer, name, query[name])) for name in layer.fields if name in query
    )
    return ItemsQuery(
        fmt=negotiate(single(query, "f"), accept),
        limit=LIMIT.parse(single(query, "limit")),
        offset=OFFSET.parse(single(query, "offset")),
        crs=CRS.parse(single(query, "crs")),
        bbox=parse_bbox(single(query, "bbox"), bbox_crs),
        datetime=parse_datetime(single(query, "datetime"), layer),
        properties=parse_properties(single(query, "properties"), layer),
        filters=filters,
        sortby=parse_sortby(single(query, "sortby"), layer),
    )


def parse_feature_id(value: str) -> int:
    """The integer primary key of ``/items/{featureId}``; 400 naming ``featureId`` when it is not one."""
    if not _DIGITS.fullmatch(value) or int(value) > _BIGINT:
        raise InvalidParameter(f"Feature id must be a positive integer, got {value[:40]!r}.", parameter="featureId")
    return int(value)
