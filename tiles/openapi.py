"""OpenAPI paths of the tile endpoints and the map page, merged into the server-wide document."""
from __future__ import annotations

from layers.query.items import FILTER_CRS, FILTER_LANG
from web.params import Param

from .catalog import tilesets

_ERROR = {"$ref": "#/components/schemas/exception"}


def _path_parameter(name: str, description: str, schema: dict, example: object) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description, "schema": schema, "example": example}


_ZXY = [
    _path_parameter("z", "Zoom level, 0-24 (Web Mercator XYZ scheme).", {"type": "integer", "minimum": 0, "maximum": 24}, 15),
    _path_parameter("x", "Tile column, 0 to 2^z - 1.", {"type": "integer", "minimum": 0}, 26726),
    _path_parameter("y", "Tile row from the north, 0 to 2^z - 1.", {"type": "integer", "minimum": 0}, 12663),
]


_FILTER = [
    Param("filter", "CQL2 restricting the tile's features to those that match, on the caller's queryables of each "
          "layer (/ogc/collections/{layer}/queryables; a restricted field is unknown to those who may not read it) "
          "and 'geometry'. On a tileset of several layers (all) the filter applies to the layers on which every "
          "property it names is a queryable; the others are left out of the tile; a filter that applies to no "
          "layer is a 400. A filtered tile is never cached (X-Tile-Cache: bypass).").openapi(
        example="state = 'damaged'"),
    FILTER_LANG.openapi(schema={"enum": ["cql2-text", "cql2-json"], "default": "cql2-text"}),
    FILTER_CRS.openapi(),
]


def _errors(*codes: str) -> dict:
    text = {"400": "A malformed parameter, named in the body", "404": "Unknown tileset or format", "503": "Not built yet"}
    return {code: {"description": text[code], "content": {"application/json": {"schema": _ERROR}}} for code in codes}


def openapi_paths() -> dict:
    ids = [tileset.id for tileset in tilesets()]
    tileset = _path_parameter("tileset", "A vector tileset: a layer id, or `all` for every public layer.", {"type": "string", "enum": ids}, "components")
    return {
        "/tiles/": {"get": {
            "operationId": "getTilesets", "summary": "Every tileset, vector and raster, with its TileJSON link", "tags": ["tiles"],
            "responses": {"200": {"description": "Tilesets", "content": {"application/json": {"schema": {"type": "object"}}}}},
        }},
        "/tiles/{tileset}.json": {"get": {
            "operationId": "getTileJson", "summary": "TileJSON 3.0.0 of a vector tileset", "tags": ["tiles"],
            "description": "With `filter` (and `filter-lang`, `filter-crs`) the tile URL template carries the filter "
            "and the vector layers are those it applies to.",
            "parameters": [tileset, *_FILTER],
            "responses": {"200": {"description": "TileJSON 3.0.0", "content": {"application/json": {"schema": {"type": "object"}}}}, **_errors("400", "404")},
        }},
        "/tiles/{tileset}/{z}/{x}/{y}.mvt": {"get": {
            "operationId": "getVectorTile",
            "summary": "A Mapbox Vector Tile: public attributes only, points clustered and polygons simplified at low zooms",
            "description": "gzip-encoded when the client accepts it; ETag and 304; `.pbf` is an alias of `.mvt`. "
            "204 when the tile holds no feature. `filter` (CQL2) keeps the matching features only.",
            "tags": ["tiles"],
            "parameters": [tileset, *_ZXY, *_FILTER],
            "responses": {
                "200": {"description": "The tile", "content": {"application/vnd.mapbox-vector-tile": {"schema": {"type": "string", "format": "binary"}}}},
                "204": {"description": "An empty tile"},
                "304": {"description": "Not modified (If-None-Match)"},
                **_errors("400", "404"),
            },
        }},
        "/tiles/standard-map.json": {"get": {
            "operationId": "getStandardMapTileJson", "summary": "TileJSON 3.0.0 of the standard map (标准作业图) raster", "tags": ["tiles"],
            "responses": {"200": {"description": "TileJSON 3.0.0", "content": {"application/json": {"schema": {"type": "object"}}}}, **_errors("503")},
        }},
        "/tiles/standard-map/{z}/{x}/{y}.png": {"get": {
            "operationId": "getStandardMapTile", "summary": "A PNG tile of the standard map, read from its Cloud-Optimised GeoTIFF",
            "description": "Transparent outside the county. ETag and 304.",
            "tags": ["tiles"],
            "parameters": _ZXY,
            "responses": {
                "200": {"description": "The tile", "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}}},
                "304": {"description": "Not modified (If-None-Match)"},
                **_errors("400", "503"),
            },
        }},
        "/map/": {"get": {
            "operationId": "getMapPage", "summary": "The map viewer (MapLibre GL JS served by this server)", "tags": ["map"],
            "responses": {"200": {"description": "HTML page", "content": {"text/html": {"schema": {"type": "string"}}}}},
        }},
        "/map/coords": {"get": {
            "operationId": "getMapCoords", "summary": "A CGCS2000 lon/lat point in CGCS2000 and Gauss-Kruger metres (EPSG:4547)",
            "tags": ["map"],
            "parameters": [
                {"name": "lon", "in": "query", "required": True, "schema": {"type": "number"}, "example": 113.627},
                {"name": "lat", "in": "query", "required": True, "schema": {"type": "number"}, "example": 37.795},
            ],
            "responses": {"200": {"description": "The point in both systems", "content": {"application/json": {"schema": {"type": "object"}}}}, **_errors("400")},
        }},
    }


def openapi_schemas() -> dict:
    return {}
