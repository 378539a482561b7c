"""The OpenAPI 3.0 document of ``/ogc``, generated from the layer registry and the CRS table.

Besides the templated ``/collections/{collectionId}/items`` there is one ``/collections/<id>/items`` path per
collection listing its property filters (GDAL's OAPIF driver reads those to push attribute filters to the server).
Limits come from the settings at request time, so clients such as GDAL pick a large page size. The document is the
caller's: the collections it reads, their properties it reads, and what it may write (``openapi_editing``).
"""
from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from accounts.middleware import principal_of
from accounts.openapi import SECURITY_SCHEMES
from layers.access import LayerView, visible_layers
from layers.editing.rights import may_create
from layers.exports import openapi as exports_openapi
from layers.query.items import BBOX, BBOX_CRS, CRS, FILTER, FILTER_CRS, FILTER_LANG, LIMIT, OFFSET
from layers.query.temporal import DATETIME
from spatial.crs import CRS84, CRS_TABLE
from web.public_url import public_url

from . import openapi_editing as editing
from . import openapi_history as history_openapi
from .documents import DESCRIPTION, TITLE, advertised_crs, field_schema
from .formats import GEOJSON_TYPE, HTML_TYPE, JSON_TYPE, OPENAPI_TYPE, SCHEMA_TYPE

COUNTY_SEAT_BBOX = [113.60, 37.78, 113.65, 37.81]
REF = "#/components/{}/{}"


def ref(kind: str, name: str) -> dict:
    return {"$ref": REF.format(kind, name)}


def content(*media_types: str, schema: str | None = None) -> dict:
    body = {"schema": ref("schemas", schema)} if schema else {}
    return {media: dict(body) if media != HTML_TYPE else {"schema": {"type": "string"}} for media in media_types}


def query_parameter(name: str, description: str, schema: dict, **extra) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema, **extra}


def parameters(layers: list[LayerView]) -> dict:
    crs_values = [*advertised_crs(), *(info.key for info in CRS_TABLE if info.srid is None)]
    array_of = {"style": "form", "explode": False}
    return {
        "f": query_parameter("f", "Output format (else the Accept header decides).", {"type": "string", "enum": ["json", "html"]}),
        "collectionId": {
            "name": "collectionId", "in": "path", "required": True, "description": "Collection id.",
            "schema": {"type": "string", "enum": [layer.id for layer in layers]},
        },
        "featureId": {
            "name": "featureId", "in": "path", "required": True, "description": "Feature id (the integer primary key).",
            "schema": {"type": "integer", "minimum": 0},
        },
        "bbox": BBOX.openapi(example=COUNTY_SEAT_BBOX),
        "bbox-crs": BBOX_CRS.openapi(schema={"enum": crs_values, "default": CRS84.uri}),
        "crs": CRS.openapi(schema={"enum": crs_values, "default": CRS84.uri}),
        "limit": LIMIT.openapi(),
        "offset": OFFSET.openapi(),
        "datetime": DATETIME.openapi(example="2024-01-01T00:00:00+08:00/.."),
        "filter": FILTER.openapi(example="state = 'damaged' AND S_DWITHIN(geometry, POINT(113.627 37.795), 500)"),
        "filter-lang": FILTER_LANG.openapi(schema={"enum": ["cql2-text", "cql2-json"], "default": "cql2-text"}),
        "filter-crs": FILTER_CRS.openapi(schema={"enum": crs_values, "default": CRS84.uri}),
        "properties": query_parameter(
            "properties", "Comma-separated public properties to return (default: all).",
            {"type": "array", "items": {"type": "string"}}, **array_of,
        ),
        "sortby": query_parameter(
            "sortby", "Comma-separated properties to sort by, - prefix for descending (default: id).",
            {"type": "array", "items": {"type": "string"}}, **array_of,
        ),
        **exports_openapi.PARAMETERS,
        **editing.HEADERS,
    }


ITEMS_PARAMETERS = (
    "bbox", "bbox-crs", "crs", "limit", "offset", "datetime", "properties", "sortby", "filter", "filter-lang",
    "filter-crs", "itemsF", "encoding", "geometry",
)

SCHEMAS = {
    "exception": {
        "type": "object", "required": ["code", "description"],
        "properties": {"code": {"type": "string"}, "description": {"type": "string"}, "parameter": {"type": "string"}},
    },
    "link": {
        "type": "object", "required": ["href", "rel"],
        "properties": {name: {"type": "string"} for name in ("href", "rel", "type", "title", "hreflang")},
    },
    "links": {"type": "array", "items": ref("schemas", "link")},
    "landingPage": {
        "type": "object", "required": ["links"],
        "properties": {"title": {"type": "string"}, "description": {"type": "string"}, "links": ref("schemas", "links")},
    },
    "confClasses": {
        "type": "object", "required": ["conformsTo"],
        "properties": {"conformsTo": {"type": "array", "items": {"type": "string"}}},
    },
    "extent": {
        "type": "object",
        "properties": {
            "spatial": {"type": "object", "properties": {
                "bbox": {"type": "array", "items": {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}}},
                "crs": {"type": "string"},
            }},
            "temporal": {"type": "object", "properties": {
                "interval": {"type": "array", "items": {"type": "array", "minItems": 2, "maxItems": 2,
                                                        "items": {"type": "string", "format": "date-time", "nullable": True}}},
                "trs": {"type": "string"},
            }},
        },
    },
    "collection": {
        "type": "object", "required": ["id", "links"],
        "properties": {
            "id": {"type": "string"}, "title": {"type": "string"}, "description": {"type": "string"},
            "links": ref("schemas", "links"), "extent": ref("schemas", "extent"),
            "itemType": {"type": "string", "default": "feature"},
            "crs": {"type": "array", "items": {"type": "string"}}, "storageCrs": {"type": "string"},
        },
    },
    "collections": {
        "type": "object", "required": ["links", "collections"],
        "properties": {"links": ref("schemas", "links"), "crs": {"type": "array", "items": {"type": "string"}},
                       "collections": {"type": "array", "items": ref("schemas", "collection")}},
    },
    "geometryGeoJSON": {
        "type": "object", "required": ["type"],
        "properties": {
            "type": {"type": "string", "enum": ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                                                "MultiPolygon", "GeometryCollection"]},
            "coordinates": {"type": "array"},
            "geometries": {"type": "array", "items": ref("schemas", "geometryGeoJSON")},
        },
    },
    "featureGeoJSON": {
        "type": "object", "required": ["type", "geometry", "properties"],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]}, "id": {"type": "integer"},
            "geometry": ref("schemas", "geometryGeoJSON"), "properties": {"type": "object", "nullable": True},
            "links": ref("schemas", "links"),
        },
    },
    "featureCollectionGeoJSON": {
        "type": "object", "required": ["type", "features"],
        "properties": {
            "type": {"type": "string", "enum": ["FeatureCollection"]},
            "features": {"type": "array", "items": ref("schemas", "featureGeoJSON")},
            "links": ref("schemas", "links"), "timeStamp": {"type": "string", "format": "date-time"},
            "numberMatched": {"type": "integer", "minimum": 0}, "numberReturned": {"type": "integer", "minimum": 0},
        },
    },
    "queryables": {"type": "object", "properties": {"properties": {"type": "object"}}},
}


def response(description: str, *media_types: str, schema: str | None = None, headers: dict | None = None) -> dict:
    body = {"description": description, "content": content(*media_types, schema=schema)}
    if headers:
        body["headers"] = headers
    return body


CONTENT_CRS = {"Content-Crs": {"description": "CRS of the coordinates, as <uri>.", "schema": {"type": "string"}}}
RESPONSES = {
    "LandingPage": response("The landing page.", JSON_TYPE, HTML_TYPE, schema="landingPage"),
    "API": response("This document.", OPENAPI_TYPE, HTML_TYPE),
    "ConformanceDeclaration": response("Conformance classes.", JSON_TYPE, HTML_TYPE, schema="confClasses"),
    "Collections": response("The collections.", JSON_TYPE, HTML_TYPE, schema="collections"),
    "Collection": response("One collection.", JSON_TYPE, HTML_TYPE, schema="collection"),
    "Queryables": response("Queryable properties (JSON Schema).", SCHEMA_TYPE, HTML_TYPE, schema="queryables"),
    "Schema": response("JSON Schema of one feature.", SCHEMA_TYPE, schema="queryables"),
    "Features": response("A page of features.", GEOJSON_TYPE, JSON_TYPE, HTML_TYPE, schema="featureCollectionGeoJSON", headers=CONTENT_CRS),
    "FeaturesOrFile": exports_openapi.or_file(response(
        "A page of features, or with an export f the whole selection as a file (Content-Disposition names layer, CRS "
        "and date).", GEOJSON_TYPE, JSON_TYPE, HTML_TYPE, schema="featureCollectionGeoJSON", headers=CONTENT_CRS,
    )),
    "Feature": response("One feature.", GEOJSON_TYPE, JSON_TYPE, HTML_TYPE, schema="featureGeoJSON", headers=CONTENT_CRS),
    "InvalidParameter": response("A parameter is invalid; `parameter` names it.", JSON_TYPE, schema="exception"),
    "NotFound": response("No such resource.", JSON_TYPE, schema="exception"),
    "ServerError": response("A server error (logged).", JSON_TYPE, schema="exception"),
    **editing.RESPONSES,
}


def operation(operation_id: str, summary: str, ok: str, params: list[dict], tag: str, description: str = "") -> dict:
    responses = {"200": ref("responses", ok), "400": ref("responses", "InvalidParameter"), "500": ref("responses", "ServerError")}
    if any(p.get("$ref", "").endswith(("collectionId", "featureId")) for p in params) or ok == "Features":
        responses["404"] = ref("responses", "NotFound")
    body = {"operationId": operation_id, "summary": summary, "tags": [tag], "parameters": params, "responses": responses}
    if description:
        body["description"] = description
    return {"get": body}


def collection_items_path(layer: LayerView) -> dict:
    """``/collections/<id>/items`` with the standard parameters and one equality filter per field the caller reads,
    and its POST when the caller may write the collection."""
    names = [name for name in ITEMS_PARAMETERS if name != "datetime" or layer.temporal_field]
    filters = [
        query_parameter(name, f"{field.label or name}: features whose {name} equals this value.", field_schema(field))
        for name, field in layer.fields.items()
    ]
    item = exports_openapi.with_exports(operation(
        f"get_{layer.id.replace('-', '_')}_items", f"{layer.title} ({layer.title_zh})", "Features",
        [ref("parameters", name) for name in names] + filters, "data", layer.description,
    ))
    if may_create(layer):
        item["post"] = editing.collection_create(layer)
    return item


def openapi_document(request: HttpRequest) -> dict:
    """The document of the caller of ``request`` (see the module's docstring)."""
    layers = list(visible_layers(principal_of(request)))
    collection_id = ref("parameters", "collectionId")
    feature_params = [collection_id, ref("parameters", "featureId"), ref("parameters", "crs"), ref("parameters", "f")]
    paths = {
        "/": operation("getLandingPage", "Landing page", "LandingPage", [ref("parameters", "f")], "capabilities"),
        "/api": operation("getAPI", "This API definition", "API", [ref("parameters", "f")], "capabilities"),
        "/conformance": operation("getConformance", "Conformance classes", "ConformanceDeclaration", [ref("parameters", "f")], "capabilities"),
        "/collections": operation("getCollections", "The collections", "Collections", [ref("parameters", "f")], "capabilities"),
        "/collections/{collectionId}": operation(
            "describeCollection", "One collection", "Collection", [collection_id, ref("parameters", "f")], "capabilities"),
        "/collections/{collectionId}/queryables": operation(
            "getQueryables", "Queryable properties of a collection", "Queryables", [collection_id, ref("parameters", "f")], "capabilities"),
        "/collections/{collectionId}/schema": operation(
            "getSchema", "JSON Schema of the features of a collection", "Schema", [collection_id, ref("parameters", "f")], "capabilities"),
        "/collections/{collectionId}/items": exports_openapi.with_exports(operation(
            "getFeatures", "Features of a collection", "Features",
            [collection_id, *(ref("parameters", name) for name in ITEMS_PARAMETERS)], "data",
            "Public properties are also equality filters (?state=damaged); see each collection's path or queryables.",
        )),
        "/collections/{collectionId}/items/{featureId}": operation("getFeature", "One feature", "Feature", feature_params, "data"),
    }
    for path, item in editing.templated_paths().items():
        paths[path] = {**paths.get(path, {}), **item}
    paths.update(history_openapi.history_paths())
    for layer in layers:
        paths[f"/collections/{layer.id}/items"] = collection_items_path(layer)
    written = {editing.schema_name(layer): editing.feature_schema(layer) for layer in layers if layer.may_write}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": TITLE, "version": "1.0.0", "description": DESCRIPTION,
            "license": {"name": "Synthetic data for testing; see the project README"},
        },
        "servers": [{"url": public_url(request) + reverse("ogc:landing").rstrip("/")}],
        "tags": [{"name": "capabilities"}, {"name": "data"}, {"name": "editing"}, {"name": "history"}],
        "paths": paths,
        "components": {
            "parameters": parameters(layers), "responses": RESPONSES, "securitySchemes": SECURITY_SCHEMES,
            "schemas": {**SCHEMAS, **history_openapi.SCHEMAS, **editing.SCHEMAS, **written},
        },
        "x-editing": editing.editing_extension(layers),
    }
