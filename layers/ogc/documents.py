"""Metadata documents: landing page, conformance, collections, one collection and its queryables."""
from __future__ import annotations

from django.http import HttpRequest

from accounts.middleware import principal_of
from layers.access import LayerView, as_view, visible_layers
from layers.registry import Layer, LayerField
from layers.selectors import layer_extent
from spatial.crs import CRS84, OGC_CRS_URIS, STORAGE_CRS

from .formats import GEOJSON_TYPE, HTML, HTML_TYPE, JSON, JSON_TYPE, OPENAPI_TYPE, SCHEMA_TYPE
from .links import link, self_links, url

TITLE = "Pingding county spatial governance: OGC API - Features"
TITLE_ZH = "平定县社会治理空间数据服务"
DESCRIPTION = (
    "The standard layers of Pingding county (Shanxi, 140321): administrative areas, base grids, buildings, "
    "standard addresses, city components, incidents, organisations and facilities, as GeoJSON. "
    "Geometry of the seeded county is synthetic. Stored in CGCS2000 (EPSG:4490)."
)
CONFORMANCE_CLASSES = (
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    # Part 3 and CQL2 (layers.query): the filter parameters on items, in CQL2 text and JSON.
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
    "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions",
    # Part 4 (draft 20-002): POST, PUT and DELETE; PATCH as a JSON merge patch; ETags and If-Match; features as the
    # resources, their geometry in Content-Crs. Declared to everyone: whether a caller may write is per collection
    # (401 / 403, OPTIONS' Allow, the caller's /api and schemas), not a property of the API.
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/optimistic-locking-etags",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/features",
)
_GEOMETRY_FORMATS = {
    "Point": "point", "LineString": "linestring", "Polygon": "polygon", "MultiPoint": "multipoint",
    "MultiLineString": "multilinestring", "MultiPolygon": "multipolygon",
}
TRS_GREGORIAN = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
JSON_SCHEMA_DRAFT = "https://json-schema.org/draft/2019-09/schema"


def advertised_crs() -> list[str]:
    """``OGC_CRS_URIS`` with CRS84 first (GCJ-02 and BD-09 are accepted too, as extensions)."""
    return [CRS84.uri, *(uri for uri in OGC_CRS_URIS if uri != CRS84.uri)]


def landing_document(request: HttpRequest, fmt: str) -> dict:
    return {
        "title": TITLE,
        "title_zh": TITLE_ZH,
        "description": DESCRIPTION,
        "links": [
            *self_links(request, "landing", fmt=fmt, title="this document"),
            link(url(request, "openapi"), "service-desc", OPENAPI_TYPE, "the API definition (OpenAPI 3.0)"),
            link(url(request, "openapi", query={"f": HTML}), "service-doc", HTML_TYPE, "the API documentation"),
            link(url(request, "conformance"), "conformance", JSON_TYPE, "conformance classes implemented"),
            link(url(request, "collections"), "data", JSON_TYPE, "the collections"),
        ],
    }


def conformance_document(request: HttpRequest, fmt: str) -> dict:
    return {
        "conformsTo": list(CONFORMANCE_CLASSES),
        "links": self_links(request, "conformance", fmt=fmt, title="conformance classes"),
    }


def extent_document(layer: Layer) -> dict | None:
    extent = layer_extent(layer=layer)
    document: dict = {}
    if extent.bbox is not None:
        document["spatial"] = {"bbox": [list(extent.bbox)], "crs": CRS84.uri}
    if extent.interval is not None:
        document["temporal"] = {
            "interval": [[moment.isoformat() if moment else None for moment in extent.interval]],
            "trs": TRS_GREGORIAN,
        }
    return document or None


def collection_document(request: HttpRequest, layer: Layer, fmt: str = JSON) -> dict:
    document = {
        "id": layer.id,
        "title": layer.title,
        "title_zh": layer.title_zh,
        "description": layer.description,
        "keywords": list(layer.keywords),
        "itemType": "feature",
        "crs": advertised_crs(),
        "storageCrs": STORAGE_CRS.uri,
        "links": [
            *self_links(request, "collection", layer.id, fmt=fmt, title=layer.title),
            # Without ?f=json: GDAL appends /{featureId} to this href (the Accept header selects GeoJSON).
            link(url(request, "items", layer.id), "items", GEOJSON_TYPE, f"{layer.title} (GeoJSON)"),
            link(url(request, "items", layer.id, query={"f": HTML}), "items", HTML_TYPE, f"{layer.title} (HTML)"),
            link(url(request, "queryables", layer.id), "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                 SCHEMA_TYPE, "queryable properties"),
            # GDAL's OAPIF driver matches these two rel values exactly (RFC 8288 compares them case-insensitively).
            link(url(request, "queryables", layer.id), "queryables", SCHEMA_TYPE, "queryable properties"),
            link(url(request, "schema", layer.id), "describedBy", SCHEMA_TYPE, "schema of the features"),
        ],
    }
    extent = extent_document(layer)
    if extent:
        document["extent"] = extent
    return document


def collections_document(request: HttpRequest, fmt: str) -> dict:
    return {
        "links": self_links(request, "collections", fmt=fmt, title="the collections"),
        "crs": advertised_crs(),
        "collections": [collection_document(request, view) for view in visible_layers(principal_of(request))],
    }


def field_schema(field: LayerField) -> dict:
    """JSON Schema of one field (``date`` and ``date-time`` are strings with that format)."""
    if field.type in ("date", "date-time"):
        schema = {"type": "string", "format": field.type}
    else:
        schema = {"type": field.type}
    schema["title"] = field.label or field.name
    if field.enum:
        schema["enum"] = list(field.enum)
    return schema


def property_schemas(view: LayerView) -> dict[str, dict]:
    """The JSON Schema of each property ``view`` reads: the ones the server computes on every write (the grid,
    areas, timestamps) are ``readOnly`` (Part 4: not receivables), and ``x-writable`` says whether this caller may
    set the property (false for everything when it may not write the collection, and for the fields the county
    centre keeps when it writes only its own rows)."""
    schemas = {}
    for name, field in view.fields.items():
        schema = field_schema(field)
        if name in view.layer.derived:
            schema["readOnly"] = True
        schema["x-writable"] = name in view.writable
        schemas[name] = schema
    return schemas


def queryables_document(request: HttpRequest, layer: Layer | LayerView) -> dict:
    """The fields the caller may read (``layer``'s view) as a JSON Schema: each one is also an equality filter of
    ``/items`` and a queryable of ``filter`` (CQL2), as is ``geometry`` (Part 3, ``x-ogc-role`` primary-geometry);
    ``readOnly`` and ``x-writable`` as in :func:`property_schemas`."""
    view = as_view(layer)
    geometry = {"title": "geometry", "format": f"geometry-{_GEOMETRY_FORMATS.get(layer.geometry_type, 'any')}",
                "x-ogc-role": "primary-geometry", "x-writable": False}
    return {
        "$schema": JSON_SCHEMA_DRAFT,
        "$id": url(request, "queryables", layer.id),
        "type": "object",
        "title": f"{layer.title} ({layer.title_zh})",
        "properties": {**property_schemas(view), "geometry": geometry},
        "additionalProperties": False,
    }


def schema_document(request: HttpRequest, layer: Layer | LayerView) -> dict:
    """JSON Schema of one GeoJSON Feature of the layer as the caller sees it (``layer``'s view), so clients (GDAL)
    get field types without guessing. The body of a POST or PUT is this schema without its ``readOnly`` members
    (Part 4, "Features"); ``x-writable`` names what this caller may set."""
    view = as_view(layer)
    return {
        "$schema": JSON_SCHEMA_DRAFT,
        "$id": url(request, "schema", layer.id),
        "title": f"{layer.title} ({layer.title_zh})",
        "type": "object",
        "required": ["type", "geometry", "properties"],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": {"type": "integer", "readOnly": True},
            "geometry": {"type": "object", "title": layer.geometry_type},
            "properties": {
                "type": "object",
                "properties": property_schemas(view),
            },
        },
    }
