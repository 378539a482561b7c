"""The OpenAPI fragments of exports on the items URL: ``f`` with the export formats, ``encoding``, ``geometry``,
the file answers and the 202 (a job) of a selection too big to answer at once."""
from __future__ import annotations

from .conf import DEFAULTS
from .formats import FORMATS
from .params import CSV_GEOMETRY

PARAMETERS = {
    "itemsF": {
        "name": "f", "in": "query", "required": False, "schema": {"type": "string", "enum": ["json", "html", *FORMATS]},
        "description": "Output format (else the Accept header decides): json or html pages, or the whole selection "
                       "(bbox, filters, properties, crs, limit applied) as a file download: " + ", ".join(FORMATS)
                       + " (shp: a zip, one Shapefile per geometry type, with fields.csv mapping the 10-character "
                       "field names).",
    },
    "encoding": {
        "name": "encoding", "in": "query", "required": False,
        "schema": {"type": "string", "enum": ["utf-8", "gbk"], "default": "utf-8"},
        "description": "Code page of a Shapefile's .dbf (f=shp only; the .cpg says which).",
    },
    "geometry": {
        "name": "geometry", "in": "query", "required": False,
        "schema": {"type": "string", "enum": list(CSV_GEOMETRY), "default": "wkt"},
        "description": "How CSV writes the geometry (f=csv only): a WKT column, or lon/lat (easting/northing in a "
                       "projected CRS) of a point on it.",
    },
}
FILE_CONTENT = {fmt.media_type: {"schema": {"type": "string", "format": "binary"}} for fmt in FORMATS.values()}
AS_JOB = {
    "description": f"The export holds more features than are answered at once (PINGDING_EXPORT_SYNC_MAX_FEATURES, "
                   f"{DEFAULTS['PINGDING_EXPORT_SYNC_MAX_FEATURES']:,} by default): it runs as a job of the caller. "
                   "The body is the job (GET /api/jobs/{id}: state, progress, and when it succeeded an 'enclosure' "
                   "link to /api/jobs/{id}/result, the file under the name the direct answer would have had).",
    "headers": {"Location": {"description": "the job: /api/jobs/{id}", "schema": {"type": "string"}}},
    "content": {"application/json": {"schema": {"type": "object"}, "example": {
        "id": "5f0c6b3e-6d2a-4f51-9a43-1d3c2b7e9a10", "kind": "export", "state": "queued", "progress": 0.0,
        "links": [{"rel": "self", "href": "/api/jobs/5f0c6b3e-6d2a-4f51-9a43-1d3c2b7e9a10"}]}}},
}
SIGN_IN = {
    "description": "An export too big to answer at once runs as a job, and jobs belong to a signed-in caller: an "
                   "anonymous caller is asked to send an API token or sign in (or to narrow the selection).",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/exception"}}},
}


def or_file(features: dict) -> dict:
    """The items page's 200 answer, also as an export file; a media type both have keeps the page's schema."""
    return {**features, "content": {**FILE_CONTENT, **features["content"]}}


def with_exports(item: dict) -> dict:
    """An items path's GET also answering files, and big exports as jobs (202; 401 for anonymous callers)."""
    get = item["get"]
    get["responses"]["202"] = AS_JOB
    get["responses"]["401"] = SIGN_IN
    get["responses"]["200"] = {"$ref": "#/components/responses/FeaturesOrFile"}
    return item
