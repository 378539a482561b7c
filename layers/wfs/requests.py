"""The typed WFS requests, read from KVP (``kvp``) or XML (``xmlrequests``) alike.

Type names and property names are kept as sent: what they name depends on who asks, and is resolved against the
caller's views of the layers by the operation that answers (``getfeature``, ``describe``).
"""
from __future__ import annotations

from dataclasses import dataclass

from .crs import WfsCrs
from .exceptions import WfsError, invalid
from .fes import Node, ResourceIds
from .names import parse_resource_id

VERSIONS = ("2.0.0", "2.0.2")
GML = "gml"
GEOJSON = "geojson"
GML_TYPE = "application/gml+xml; version=3.2"
GEOJSON_TYPE = "application/json"
OUTPUT_FORMATS = {
    GML_TYPE: GML, "text/xml; subtype=gml/3.2": GML, "text/xml; subtype=gml/3.2.1": GML, "gml32": GML,
    "application/gml+xml; version=3.2.1": GML,
    GEOJSON_TYPE: GEOJSON, "application/geo+json": GEOJSON, "json": GEOJSON, "geojson": GEOJSON,
}
"""Output formats by their names (compared without spaces, quotes or case), to ``gml`` or ``geojson``."""
OPERATIONS = ("GetCapabilities", "DescribeFeatureType", "GetFeature", "ListStoredQueries", "DescribeStoredQueries")


@dataclass(frozen=True)
class Query:
    """One ``wfs:Query``: its types, the properties to return (``None``: all), filter, sort keys and output CRS."""

    type_names: tuple[str, ...]
    property_names: tuple[str, ...] | None = None
    filter: Node | None = None
    sortby: tuple[tuple[str, bool], ...] = ()  # (property, descending)
    srs: WfsCrs | None = None


@dataclass(frozen=True)
class GetFeature:
    queries: tuple[Query, ...]
    count: int | None = None
    start_index: int = 0
    hits: bool = False
    output_format: str = GML
    feature_id: str | None = None
    """The ``ID`` of the stored query GetFeatureById: the answer is that one feature, not a collection."""


@dataclass(frozen=True)
class GetCapabilities:
    pass


@dataclass(frozen=True)
class DescribeFeatureType:
    type_names: tuple[str, ...]  # empty: every type


@dataclass(frozen=True)
class ListStoredQueries:
    pass


@dataclass(frozen=True)
class DescribeStoredQueries:
    ids: tuple[str, ...]  # empty: every stored query


Request = GetCapabilities | DescribeFeatureType | GetFeature | ListStoredQueries | DescribeStoredQueries


def _normal(name: str) -> str:
    return name.replace(" ", "").replace('"', "").lower()


_FORMATS = {_normal(name): kind for name, kind in OUTPUT_FORMATS.items()}


def output_format(value: str | None, locator: str = "outputFormat") -> str:
    if value is None:
        return GML
    found = _FORMATS.get(_normal(value))
    if found is None:
        raise invalid(locator, f"Output format {value[:60]!r} is not served; use {GML_TYPE} or {GEOJSON_TYPE}.")
    return found


def output_format_xsd(value: str | None) -> None:
    """DescribeFeatureType's ``outputFormat``: XML Schema of GML 3.2 (any name of it)."""
    if value is not None and not any(word in _normal(value) for word in ("gml", "xmlschema")):
        raise invalid("outputFormat", f"DescribeFeatureType answers XML Schema (GML 3.2), not {value[:60]!r}.")


def check_version(value: str | None, locator: str = "version") -> None:
    if value is not None and value.strip() not in VERSIONS:
        raise invalid(locator, f"This server speaks WFS 2.0.0 only, not version {value[:20]!r}.")


def check_accepted_versions(values: list[str]) -> None:
    """``AcceptVersions`` of GetCapabilities: must admit 2.0.0 (WFS 2.0.2 clients accept 2.0.0 answers)."""
    if values and not any(value.strip() in VERSIONS for value in values):
        raise WfsError("VersionNegotiationFailed", f"This server speaks WFS 2.0.0 only; AcceptVersions asked for "
                                                   f"{', '.join(v.strip() for v in values)[:80]}.",
                       locator="acceptVersions")


def result_type(value: str | None, locator: str = "resultType") -> bool:
    """True for ``hits``."""
    if value is None or value.strip().lower() == "results":
        return False
    if value.strip().lower() == "hits":
        return True
    raise invalid(locator, f"resultType is results or hits, not {value[:20]!r}.")


def non_negative(value: str | None, locator: str, default: int | None) -> int | None:
    if value is None:
        return default
    text = value.strip()
    if not text.isdigit() or len(text) > 12:
        raise invalid(locator, f"{locator} must be a non-negative integer, got {value[:20]!r}.")
    return int(text)


def by_id(value: str, srs: WfsCrs | None, fmt: str) -> GetFeature:
    """GetFeatureById: one query of the id's type with the id as its filter."""
    parsed = parse_resource_id(value)
    if parsed is None:
        raise invalid("id", f"ID {value[:60]!r} is not of the form <type>.<integer> (components.12).")
    query = Query(type_names=(parsed[0],), filter=ResourceIds((parsed,)), srs=srs)
    return GetFeature(queries=(query,), output_format=fmt, feature_id=value.strip())
