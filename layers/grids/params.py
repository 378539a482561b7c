"""The bodies of ``POST /api/grids/merge`` and ``POST /api/grids/split``, checked into the services' typed values;
each 400 names the member at fault."""
from __future__ import annotations

from dataclasses import dataclass

from django.contrib.gis.geos import GEOSGeometry

from layers.editing.geometry import InvalidGeometry, parse_geometry
from spatial.crs import CrsInfo
from web.bodies import load_json_object
from web.errors import InvalidParameter

MAX_GRIDS = 50
"""Most grids one merge takes, and most parts one split makes."""


@dataclass(frozen=True)
class MergeBody:
    codes: list[str]
    new_code: str | None


@dataclass(frozen=True)
class SplitBody:
    code: str
    by: GEOSGeometry | list[GEOSGeometry]
    codes: list[str] | None


def _members(document: dict, known: set[str], required: set[str]) -> None:
    unknown = sorted(set(document) - known)
    if unknown:
        raise InvalidParameter(f"Unknown member {unknown[0][:40]!r}; the body takes {', '.join(sorted(known))}.",
                               parameter=f"body.{unknown[0][:40]}")
    missing = sorted(required - set(document))
    if missing:
        raise InvalidParameter(f"The body needs {missing[0]!r}.", parameter=missing[0])


def _code(value: object, parameter: str) -> str:
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        raise InvalidParameter(f"{parameter} must be a grid code, a string of digits.", parameter=parameter)
    return value


def _codes(value: object, parameter: str, least: int) -> list[str]:
    if not isinstance(value, list) or not least <= len(value) <= MAX_GRIDS:
        raise InvalidParameter(f"{parameter} must be a list of {least} to {MAX_GRIDS} grid codes.",
                               parameter=parameter)
    return [_code(item, f"{parameter}[{i}]") for i, item in enumerate(value)]


def merge_body(raw: bytes) -> MergeBody:
    """``{"codes": [...], "newCode": "..."?}``."""
    document = load_json_object(raw, parameter="body")
    _members(document, {"codes", "newCode"}, {"codes"})
    new_code = document.get("newCode")
    return MergeBody(codes=_codes(document["codes"], "codes", 2),
                     new_code=None if new_code is None else _code(new_code, "newCode"))


def split_body(raw: bytes, crs: CrsInfo) -> SplitBody:
    """``{"code": "...", "by": <LineString> | [<Polygon>, ...], "codes": [...]?}`` (geometries in ``crs``)."""
    document = load_json_object(raw, parameter="body")
    _members(document, {"code", "by", "codes"}, {"code", "by"})
    by = document["by"]
    if isinstance(by, list):
        if not 2 <= len(by) <= MAX_GRIDS:
            raise InvalidParameter(f"'by' as polygons lists 2 to {MAX_GRIDS} of them.", parameter="by")
        parts = [_geometry(part, crs, "MultiPolygon", f"by[{i}]") for i, part in enumerate(by)]
    else:
        parts = _geometry(by, crs, "MultiLineString", "by")
    codes = document.get("codes")
    return SplitBody(code=_code(document["code"], "code"), by=parts,
                     codes=None if codes is None else _codes(codes, "codes", 2))


def _geometry(document: object, crs: CrsInfo, declared: str, parameter: str) -> GEOSGeometry:
    """A geometry the database can cut with: valid, with a length or an area."""
    try:
        geometry = parse_geometry(document, crs=crs, declared=declared)
    except InvalidParameter as error:
        error.parameter = parameter
        raise
    if not geometry.valid:
        raise InvalidGeometry(f"{parameter} is not a valid geometry: {geometry.valid_reason}.", parameter=parameter)
    if (geometry.area if declared == "MultiPolygon" else geometry.length) <= 0:
        raise InvalidGeometry(f"{parameter} has no {'area' if declared == 'MultiPolygon' else 'length'}.",
                              parameter=parameter)
    return geometry
