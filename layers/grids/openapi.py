"""The OpenAPI fragment of grid re-division, merged into ``/openapi.json`` by ``geoserver_app.openapi``."""
from __future__ import annotations

from .params import MAX_GRIDS

__all__ = ["openapi_paths", "openapi_schemas"]

CODE = {"type": "string", "pattern": "^[0-9]{13,18}$", "example": "140321100001003"}
MOVES = {
    "type": "object", "properties": {
        "examined": {"type": "integer", "description": "features of the layer in the re-divided area"},
        "moved": {"type": "integer"},
        "fromTo": {"type": "array", "items": {"type": "object", "properties": {
            "from": {"type": "string", "nullable": True}, "to": {"type": "string"}, "count": {"type": "integer"}}}},
    },
}
REPORT = {
    "type": "object", "required": ["operation", "retired", "created", "moved", "movedTotal", "accounts", "seconds"],
    "properties": {
        "operation": {"type": "string", "enum": ["merge", "split"]},
        "retired": {"type": "array", "items": CODE, "description": "the grids deleted (kept in their history)"},
        "created": {"type": "array", "items": {"type": "object", "properties": {
            "code": CODE, "id": {"type": "integer"},
            "etag": {"type": "string", "description": "what If-Match takes to change this grid next"}}}},
        "moved": {"type": "object", "additionalProperties": MOVES,
                  "description": "per snapped layer (buildings, addresses, components, incidents, organisations, "
                                 "facilities): the features re-snapped and the grid codes they moved from and to"},
        "movedTotal": {"type": "integer"},
        "accounts": {"type": "array", "items": {"type": "object", "properties": {
            "username": {"type": "string"}, "gridsBefore": {"type": "array", "items": CODE},
            "gridsAfter": {"type": "array", "items": CODE}}},
            "description": "accounts assigned to a retired grid, now assigned to the new codes"},
        "seconds": {"type": "number"},
    },
}
GEOMETRY = {"type": "object", "required": ["type", "coordinates"],
            "properties": {"type": {"type": "string"}, "coordinates": {"type": "array", "items": {}}}}
MERGE = {
    "type": "object", "required": ["codes"], "additionalProperties": False,
    "properties": {
        "codes": {"type": "array", "items": CODE, "minItems": 2, "maxItems": MAX_GRIDS,
                  "description": "grids of one community"},
        "newCode": {**CODE, "description": "the merged grid's code (default: the community's next free sequence)"},
    },
}
SPLIT = {
    "type": "object", "required": ["code", "by"], "additionalProperties": False,
    "properties": {
        "code": CODE,
        "by": {"oneOf": [GEOMETRY, {"type": "array", "items": GEOMETRY, "minItems": 2, "maxItems": MAX_GRIDS}],
               "description": "a LineString or MultiLineString drawn across the grid (each part it cuts off becomes "
                              "a grid, north to south), or Polygons (the grid's part inside each becomes a grid; "
                              "together they must cover the grid with no overlap). In Content-Crs (default CRS84)."},
        "codes": {"type": "array", "items": CODE, "minItems": 2, "maxItems": MAX_GRIDS,
                  "description": "the new grids' codes, one per part (default: the next free sequences)"},
    },
}
EXAMPLE = {
    "operation": "merge", "retired": ["140321100001001", "140321100001002"],
    "created": [{"code": "140321100001009", "id": 460, "etag": "\"grids.460.1\""}],
    "moved": {"buildings": {"examined": 212, "moved": 212, "fromTo": [
        {"from": "140321100001001", "to": "140321100001009", "count": 120},
        {"from": "140321100001002", "to": "140321100001009", "count": 92}]}},
    "movedTotal": 212, "accounts": [], "seconds": 0.21,
}


def openapi_schemas() -> dict:
    return {"gridRedivision": REPORT, "gridMerge": MERGE, "gridSplit": SPLIT}


def _errors() -> dict:
    error = {"content": {"application/json": {"schema": {"type": "object"}}}}
    return {
        "400": {"description": "A malformed body: the member at fault is named (codes, newCode, by[i], ...).", **error},
        "401": {"description": "No token or session.", **error},
        "403": {"description": "Only GIS editors and admins re-divide grids.", **error},
        "404": {"description": "A grid named does not exist.", **error},
        "409": {"description": "A code exists already, or the new grids would leave a gap or an overlap "
                               "(TopologyViolation: its area and place).", **error},
        "412": {"description": "A grid changed since its ETag was read; nothing was changed.", **error},
        "415": {"description": "The body is not application/json.", **error},
        "428": {"description": "If-Match is missing, or names no ETag for one of the grids.", **error},
    }


def _operation(operation_id: str, summary: str, description: str, schema: str, example: dict) -> dict:
    if_match = {"name": "If-Match", "in": "header", "required": True, "schema": {"type": "string"},
                "description": "the ETags of every grid re-divided, as GET /ogc/collections/grids/items/{id} gives "
                               "them, comma-separated",
                "example": "\"grids.1.0\", \"grids.2.0\""}
    parameters = [if_match]
    if schema == "gridSplit":
        parameters.append({"name": "Content-Crs", "in": "header", "required": False, "schema": {"type": "string"},
                           "description": "the CRS of 'by' (default CRS84)",
                           "example": "<http://www.opengis.net/def/crs/EPSG/0/4490>"})
    return {"post": {
        "operationId": operation_id, "summary": summary, "tags": ["grids"], "description": description,
        "parameters": parameters,
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{schema}"}, "example": example}}},
        "responses": {"200": {"description": "What the re-division did.", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/gridRedivision"}, "example": EXAMPLE}}}, **_errors()},
    }}


def openapi_paths() -> dict:
    common = ("One transaction: the grids retired are deleted and the new ones created (in their history), every "
              "feature inside is re-snapped (recorded in its history), the accounts of the retired grids take the "
              "new codes, and the grid cover is judged at the end. GIS editors and admins only.")
    return {
        "/api/grids/merge": _operation(
            "mergeGrids", "Merge grids of one community into one", common,
            "gridMerge", {"codes": ["140321100001001", "140321100001002"]}),
        "/api/grids/split": _operation(
            "splitGrid", "Split a grid by a line or by polygons", common, "gridSplit",
            {"code": "140321100001001", "by": {"type": "LineString",
                                               "coordinates": [[113.62, 37.78], [113.62, 37.81]]}}),
    }
