"""The OpenAPI fragment of the imports, merged into ``/openapi.json`` by ``geoserver_app.openapi``."""
from __future__ import annotations

from spatial.crs import CRS_TABLE

from . import conf
from .files import FORMATS
from .models import ImportState
from .params import ENCODINGS, ROWS_ACTION, ROWS_ACTIONS, ROWS_LIMIT, ROWS_OFFSET

__all__ = ["openapi_paths", "openapi_schemas"]

IMPORT_ID = {"name": "import_id", "in": "path", "required": True, "description": "the import's id (a UUID)",
             "schema": {"type": "string", "format": "uuid"}, "example": "0b5c3a52-9d1e-4d8e-8f0a-2c6f1e9b7d41"}
_ROW = {"type": "object", "properties": {"row": {"type": "integer", "nullable": True,
                                                 "description": "1-based data row of the file (null: a deletion)"},
                                         "code": {"type": "string", "nullable": True}}}
EXAMPLE = {
    "id": "0b5c3a52-9d1e-4d8e-8f0a-2c6f1e9b7d41", "collection": "components", "state": "dry_run",
    "file": "survey.geojson", "format": "geojson", "crs": "CRS84", "match": "code", "deleteMissing": False,
    "fields": ["code", "category_code", "name", "state"], "created": "2026-12-05T08:00:00+00:00",
    "expires": "2026-12-06T08:00:00+00:00",
    "counts": {"rows": 3, "adds": 1, "updates": 1, "unchanged": 0, "deletions": 0, "invalid": 1},
    "adds": [{"row": 2, "code": "1403210101990001"}],
    "updates": [{"row": 1, "code": "1403210101000001", "featureId": 17, "changed": ["state"]}],
    "deletions": [],
    "invalid": [{"row": 3, "code": "1403210101990002",
                 "reason": "geometry outside the county: check its coordinates and their CRS"}],
    "links": [{"rel": "self", "href": "/api/imports/0b5c3a52-9d1e-4d8e-8f0a-2c6f1e9b7d41"},
              {"rel": "commit", "href": "/api/imports/0b5c3a52-9d1e-4d8e-8f0a-2c6f1e9b7d41/commit"},
              {"rel": "related", "href": "/api/imports/0b5c3a52-9d1e-4d8e-8f0a-2c6f1e9b7d41/rows?action=update",
               "title": "all 1 updates, paged (the report lists 1)"}],
}
ROWS_EXAMPLE = {
    "import": EXAMPLE["id"], "action": "invalid", "count": 1, "offset": 0, "limit": 1000, "rows": EXAMPLE["invalid"],
    "links": [{"rel": "self", "href": f"/api/imports/{EXAMPLE['id']}/rows?action=invalid&limit=1000&offset=0"},
              {"rel": "up", "href": f"/api/imports/{EXAMPLE['id']}"}],
}
COMMITTED = {**{k: v for k, v in EXAMPLE.items() if k not in ("adds", "updates", "deletions", "invalid")},
             "state": "committed", "committed": "2026-12-05T08:01:00+00:00",
             "result": {"added": 1, "updated": 1, "deleted": 0, "versions": {
                 "insert": [{"featureId": 74174, "version": 1}], "update": [{"featureId": 17, "version": 3}],
                 "delete": []}},
             "links": [EXAMPLE["links"][0]]}
IMPORT = {
    "type": "object", "required": ["id", "collection", "state", "counts", "links"],
    "properties": {
        "id": {"type": "string", "format": "uuid"}, "collection": {"type": "string"},
        "state": {"type": "string", "enum": [state.value for state in ImportState],
                  "description": "reading (a big file's job has not finished its dry run), dry_run, committed, failed"},
        "file": {"type": "string"}, "format": {"type": "string", "enum": sorted(set(FORMATS.values()))},
        "crs": {"type": "string", "nullable": True, "description": "the CRS the coordinates were read in"},
        "match": {"type": "string", "description": "the property rows were matched by, or none"},
        "deleteMissing": {"type": "boolean"},
        "fields": {"type": "array", "items": {"type": "string"}, "description": "the properties the file sets"},
        "created": {"type": "string", "format": "date-time"}, "expires": {"type": "string", "format": "date-time"},
        "counts": {"type": "object", "additionalProperties": {"type": "integer"},
                   "description": "rows, adds, updates, unchanged, deletions, invalid (always whole)"},
        "adds": {"type": "array", "items": _ROW},
        "updates": {"type": "array", "items": {**_ROW, "properties": {
            **_ROW["properties"], "featureId": {"type": "integer"},
            "changed": {"type": "array", "items": {"type": "string"},
                        "description": "the properties that change, and geometry when it moves"}}}},
        "deletions": {"type": "array", "items": {"type": "object", "properties": {
            "featureId": {"type": "integer"}, "code": {"type": "string"}}}},
        "invalid": {"type": "array", "items": {**_ROW, "properties": {**_ROW["properties"],
                                                                     "reason": {"type": "string"}}}},
        "committed": {"type": "string", "format": "date-time"},
        "result": {"type": "object", "description": "what the commit did: counts, and each feature's new version"},
        "error": {"type": "object", "description": "why the import failed (the error answer it gave)"},
        "links": {"type": "array", "items": {"type": "object"}},
    },
}
QUEUED = {"description": f"The file holds more than PINGDING_IMPORT_SYNC_MAX_FEATURES "
                         f"({conf.DEFAULTS['PINGDING_IMPORT_SYNC_MAX_FEATURES']:,} by default) features: the work "
                         "runs as a job; `Location` is the job (GET /api/jobs/{id}), whose result links to the "
                         "import.",
          "headers": {"Location": {"schema": {"type": "string"}}},
          "content": {"application/json": {"example": {
              "job": "5f0c6b3e-6d2a-4f51-9a43-1d3c2b7e9a10", "import": EXAMPLE["id"],
              "links": [{"rel": "monitor", "href": "/api/jobs/5f0c6b3e-6d2a-4f51-9a43-1d3c2b7e9a10"},
                        {"rel": "related", "href": f"/api/imports/{EXAMPLE['id']}"}]}}}}


def _errors(**statuses: str) -> dict:
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/exception"}}}}
    return {status: {"description": text, **error} for status, text in statuses.items()}


def _answer(description: str, example: dict) -> dict:
    return {"description": description, "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/import"}, "example": example}}}


UPLOAD_FORM = {
    "type": "object", "required": ["collection", "file"],
    "properties": {
        "collection": {"type": "string", "description": "the collection (layer) to import into", "example": "components"},
        "file": {"type": "string", "format": "binary",
                 "description": "GeoPackage (.gpkg), zipped Shapefile (.zip: .shp .shx .dbf, .prj, .cpg), GeoJSON "
                                "(.geojson, .json) or CSV (.csv: a WKT column, or lon and lat columns)"},
        "crs": {"type": "string", "enum": [info.key for info in CRS_TABLE],
                "description": "the CRS of the file's coordinates (x = longitude or easting); default: the file's "
                               "own (.prj, GeoPackage srs; GeoJSON: CRS84). Needed for CSV and Shapefiles without .prj"},
        "encoding": {"type": "string", "enum": list(ENCODINGS),
                     "description": "the text encoding; default: a Shapefile's .cpg, else utf-8"},
        "match": {"type": "string", "description": "the unique property rows are matched by (default: the layer's "
                                                   "code); none: every row is added"},
        "delete_missing": {"type": "boolean", "default": False,
                           "description": "delete the features (within your rights) the file does not name"},
    },
}


def openapi_paths() -> dict:
    return {
        "/api/imports": {"post": {
            "operationId": "createImport", "summary": "Upload a file: the dry run's report", "tags": ["imports"],
            "description": "Reads the file, cleans every row as an edit would and stages it: the answer lists the "
                           "features it would add, update (matched by code, with the fields that change) and "
                           "delete, and every invalid row with its number and reason. Nothing changes until "
                           "POST /api/imports/{id}/commit.",
            "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": UPLOAD_FORM}}},
            "responses": {
                "201": _answer("The dry run's report.", EXAMPLE), "202": QUEUED,
                **_errors(**{"400": "Bad input, named by `parameter`: collection, file (format, zip, fields), crs, "
                                    "encoding (text not valid in it), match.",
                             "401": "No credentials.", "403": "Your role may not change the collection.",
                             "413": "The body is larger than the server takes."}),
            },
        }},
        "/api/imports/{import_id}": {"get": {
            "operationId": "getImport", "summary": "An import's report (its owner only)", "tags": ["imports"],
            "parameters": [IMPORT_ID],
            "responses": {"200": _answer("The import.", EXAMPLE),
                          **_errors(**{"401": "No credentials.", "404": "No such import, or not yours."})},
        }},
        "/api/imports/{import_id}/rows": {"get": {
            "operationId": "getImportRows", "summary": "All the rows of one kind of a dry run, paged (its owner only)",
            "tags": ["imports"],
            "description": "The report lists the first PINGDING_IMPORT_REPORT_LIST_MAX "
                           f"({conf.DEFAULTS['PINGDING_IMPORT_REPORT_LIST_MAX']:,} by default) rows of each kind; "
                           "here every one of them, in the report's order, with the `next` link to follow.",
            "parameters": [IMPORT_ID, ROWS_ACTION.openapi({"enum": list(ROWS_ACTIONS)}, required=True,
                                                          example="invalid"),
                           ROWS_OFFSET.openapi(), ROWS_LIMIT.openapi()],
            "responses": {"200": {"description": "A page of rows (items as in the report's lists of the kind).",
                                  "content": {"application/json": {"example": ROWS_EXAMPLE}}},
                          **_errors(**{"400": "Bad action, offset or limit (named by `parameter`).",
                                       "401": "No credentials.", "404": "No such import, or not yours.",
                                       "409": "Not a dry run (still being read, committed or failed)."})},
        }},
        "/api/imports/{import_id}/commit": {"post": {
            "operationId": "commitImport", "summary": "Apply a dry run, all or nothing", "tags": ["imports"],
            "parameters": [IMPORT_ID],
            "description": "Deletes, updates and adds in one transaction, with the history (path `import`), "
                           "validation and topology of any edit. If anything fails nothing is written, and the "
                           "answer names the rows.",
            "responses": {
                "200": _answer("The committed import: counts and each feature's new version.", COMMITTED),
                "202": QUEUED,
                **_errors(**{"401": "No credentials.", "403": "Your role may no longer change the collection.",
                             "404": "No such import, or not yours.",
                             "409": "Already committed, failed, expired or still being read; or rows are invalid or "
                                    "were changed by others since the dry run (`rows` names them); nothing written."}),
            },
        }},
    }


def openapi_schemas() -> dict:
    return {"import": IMPORT}
