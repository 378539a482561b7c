"""OpenAPI 3.0 fragment of ``/wfs``: one URL for every WFS 2.0 operation (KVP in the query, or XML in a POST body).

Answers are XML (capabilities, XML Schema, GML 3.2, exception reports) or GeoJSON, as the OGC standard defines
them; the document only names the parameters and the formats."""
from __future__ import annotations

from .names import GET_FEATURE_BY_ID
from .requests import GEOJSON_TYPE, GML_TYPE, OPERATIONS

TAG = "wfs"
XML = "application/xml"
REPORT = {"description": "An OWS exception report (exceptionCode, locator naming the parameter)",
          "content": {XML: {"schema": {"type": "string"}}}}


def _parameter(name: str, description: str, schema: dict | None = None, **extra) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string"}, **extra}


PARAMETERS = [
    _parameter("SERVICE", "Always WFS.", {"type": "string", "enum": ["WFS"]}, required=True),
    _parameter("REQUEST", "The operation.", {"type": "string", "enum": list(OPERATIONS)}, required=True),
    _parameter("VERSION", "2.0.0 (GetCapabilities takes ACCEPTVERSIONS).", {"type": "string", "enum": ["2.0.0"]}),
    _parameter("TYPENAMES", "Feature types, comma-separated (pd:components); TYPENAME for DescribeFeatureType.",
               example="pd:components"),
    _parameter("SRSNAME", "Output CRS: urn:ogc:def:crs:EPSG::4490 (default; EPSG axis order: 4490/4326 lat-first, "
                          "4547/4526 northing-first), 4326, 4547, 4526, 3857; EPSG:nnnn means x/y order."),
    _parameter("BBOX", "Two corners in the axis order of their CRS, and the CRS (default EPSG::4490 lat, lon).",
               example="37.79,113.62,37.80,113.63,urn:ogc:def:crs:EPSG::4490"),
    _parameter("FILTER", "A Filter Encoding 2.0 fes:Filter (see Filter_Capabilities)."),
    _parameter("RESOURCEID", "Feature ids <type>.<id>, comma-separated.", example="components.1"),
    _parameter("PROPERTYNAME", "Properties to return (geometry included by its name, geometry); (a,b)(c) per type."),
    _parameter("SORTBY", "property [ASC|DESC], comma-separated.", example="code DESC"),
    _parameter("COUNT", "Features per answer (paging; follow the collection's next).", {"type": "integer", "minimum": 0}),
    _parameter("STARTINDEX", "Features to skip.", {"type": "integer", "minimum": 0}),
    _parameter("RESULTTYPE", "results or hits (the count only).", {"type": "string", "enum": ["results", "hits"]}),
    _parameter("OUTPUTFORMAT", "GML 3.2 (default) or GeoJSON.", {"type": "string", "enum": [GML_TYPE, GEOJSON_TYPE]}),
    _parameter("STOREDQUERY_ID", f"{GET_FEATURE_BY_ID} (with ID), the one stored query."),
    _parameter("ID", "The feature id of GetFeatureById (components.1): 404 when there is none you may read."),
]
ANSWERS = {
    "200": {"description": "Capabilities, XML Schema, GML 3.2 FeatureCollection, or GeoJSON",
            "content": {XML: {"schema": {"type": "string"}}, GML_TYPE: {"schema": {"type": "string"}},
                        GEOJSON_TYPE: {"schema": {"type": "object"}}}},
    "400": REPORT, "401": REPORT, "403": REPORT, "404": REPORT, "409": REPORT, "412": REPORT,
}


def openapi_paths() -> dict:
    return {"/wfs": {
        "get": {"operationId": "getWfs", "summary": "WFS 2.0 (OGC 09-025r2): every layer you may read as a feature "
                                                    "type, GML 3.2 or GeoJSON", "tags": [TAG],
                "parameters": PARAMETERS, "responses": ANSWERS},
        "post": {"operationId": "postWfs", "summary": "WFS 2.0 request in XML (wfs:GetFeature..., wfs:Transaction with "
                                                      "Insert, Update, Replace, Delete: editors only) or form-encoded KVP",
                 "tags": [TAG], "requestBody": {"content": {XML: {"schema": {"type": "string"}},
                                                            "application/x-www-form-urlencoded": {"schema": {"type": "object"}}}},
                 "responses": ANSWERS},
    }}


def openapi_schemas() -> dict:
    return {}
