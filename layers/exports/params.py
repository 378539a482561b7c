"""The export parameters of the items URL: the items query (``bbox``, ``properties``, ``crs``, filters...) plus
``f`` (an export format), ``limit`` (no default: the whole selection), ``encoding`` (Shapefile: ``utf-8`` or
``gbk``) and ``geometry`` (CSV: ``wkt`` or ``lonlat``). Nothing here touches the database.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.http import QueryDict

from layers.errors import InvalidParameter
from layers.query.items import ITEMS_PARAMETERS, ItemsQuery, parse_selection
from layers.registry import Layer
from web.params import Integer, check_known, single

from .formats import FORMATS, ExportFormat

EXPORT_ONLY = frozenset({"encoding", "geometry"})
ENCODINGS = {"utf-8": "UTF-8", "utf8": "UTF-8", "gbk": "CP936", "cp936": "CP936"}
CSV_GEOMETRY = ("wkt", "lonlat")
LIMIT = Integer("limit", "Features to export at most (default: the whole selection).", minimum=1, maximum=2**31 - 1,
                default=2**31 - 1)


@dataclass(frozen=True)
class ExportOptions:
    """``encoding``: the Shapefile's code page (a GDAL name); ``geometry``: how CSV writes it."""

    encoding: str = "UTF-8"
    geometry: str = "wkt"


def export_format(value: str | None) -> ExportFormat | None:
    """The export format ``f`` names, ``None`` when ``f`` is not one (the items page's own formats)."""
    return FORMATS.get((value or "").strip().lower())


def parse_export_query(layer: Layer, query: QueryDict) -> tuple[ItemsQuery, ExportFormat, ExportOptions]:
    """The selection, the format and its options of an export request; 400 naming the parameter at fault."""
    check_known(query, ITEMS_PARAMETERS | EXPORT_ONLY | set(layer.fields))
    fmt = export_format(single(query, "f"))
    if fmt is None:
        raise InvalidParameter(
            f"Unsupported format f={single(query, 'f')!r}; items answer f=json or f=html (a page), or the whole "
            f"selection as a file: {', '.join(f'f={key}' for key in FORMATS)}.", parameter="f"
        )
    options = ExportOptions(
        encoding=_encoding(fmt, single(query, "encoding")), geometry=_geometry(fmt, single(query, "geometry"))
    )
    rest = query.copy()
    for name in ("f", "limit", *EXPORT_ONLY):
        rest.pop(name, None)
    items = dataclasses.replace(parse_selection(layer, rest, fmt=fmt.key), limit=LIMIT.parse(single(query, "limit")))
    if fmt.lonlat_only and items.crs.srid not in (4326, 4490) and items.crs.key not in ("GCJ02", "BD09"):
        raise InvalidParameter(
            f"{fmt.key.upper()} is longitude/latitude by definition; use crs=CRS84 (or EPSG:4490, GCJ02), "
            f"not {items.crs.key}.", parameter="crs",
        )
    return items, fmt, options


def _encoding(fmt: ExportFormat, value: str | None) -> str:
    if value is None:
        return "UTF-8"
    if fmt.key != "shp":
        raise InvalidParameter(f"'encoding' applies to Shapefiles (f=shp) only; {fmt.key} is always UTF-8.",
                               parameter="encoding")
    try:
        return ENCODINGS[value.strip().lower()]
    except KeyError:
        raise InvalidParameter(f"Unsupported encoding {value!r}; use utf-8 (the default) or gbk.",
                               parameter="encoding") from None


def _geometry(fmt: ExportFormat, value: str | None) -> str:
    if value is None:
        return "wkt"
    if fmt.key != "csv":
        raise InvalidParameter(f"'geometry' applies to CSV (f=csv) only, not {fmt.key}.", parameter="geometry")
    if value.strip().lower() not in CSV_GEOMETRY:
        raise InvalidParameter(f"Unsupported geometry={value!r}; use wkt or lonlat.", parameter="geometry")
    return value.strip().lower()
