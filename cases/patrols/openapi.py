"""The OpenAPI fragment of the patrols, merged into ``/openapi.json`` by ``geoserver_app.openapi``."""
from __future__ import annotations

from .params import CRS, DATE, GRID, TOWN

__all__ = ["openapi_paths", "openapi_schemas"]

GPX_EXAMPLE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="mini-program" '
    'xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>\n'
    '<trkpt lat="37.7951" lon="113.6265"><time>2023-05-31T08:05:00+08:00</time></trkpt>\n'
    '<trkpt lat="37.7953" lon="113.6270"><time>2023-05-31T08:05:40+08:00</time></trkpt>\n'
    "</trkseg></trk></gpx>"
)
GEOJSON_EXAMPLE = {
    "type": "Feature",
    "geometry": {"type": "LineString", "coordinates": [[113.6265, 37.7951], [113.6270, 37.7953]]},
    "properties": {"times": ["2023-05-31T08:05:00+08:00", "2023-05-31T08:05:40+08:00"]},
}
TRACK = {
    "type": "object", "required": ["id", "grids", "day", "started_at", "ended_at", "length_m", "points"],
    "properties": {
        "id": {"type": "integer"},
        "grids": {"type": "array", "items": {"type": "string"}, "description": "codes of the grids the track touches"},
        "day": {"type": "string", "format": "date", "description": "local date (Asia/Shanghai) of its start"},
        "started_at": {"type": "string", "format": "date-time"},
        "ended_at": {"type": "string", "format": "date-time"},
        "length_m": {"type": "number", "description": "metres, in EPSG:4547"},
        "points": {"type": "integer"},
        "format": {"type": "string", "enum": ["gpx", "geojson"]},
    },
    "example": {"id": 4021, "grids": ["140321100001001"], "day": "2023-05-31", "started_at": "2023-05-31T08:05:00+08:00",
                "ended_at": "2023-05-31T09:12:40+08:00", "length_m": 4210.6, "points": 312, "format": "gpx"},
}
GRID_COVERAGE = {
    "type": "object",
    "properties": {
        "grid": {"type": "string"}, "name": {"type": "string"}, "town": {"type": "string"},
        "road_m": {"type": "number", "description": "road length in the grid, metres"},
        "covered_m": {"type": "number", "description": "road length within buffer_m of the day's tracks, metres"},
        "coverage": {"type": "number", "nullable": True, "description": "covered_m / road_m (null: no road)"},
        "tracks": {"type": "integer"}, "morning_tracks": {"type": "integer"}, "afternoon_tracks": {"type": "integer"},
        "patrolled_twice": {"type": "boolean", "description": "两巡: a track started before noon and one after"},
    },
}
COVERAGE = {
    "type": "object", "required": ["date", "grids", "summary"],
    "properties": {
        "date": {"type": "string", "format": "date"},
        "buffer_m": {"type": "number"}, "noon": {"type": "string"},
        "grids": {"type": "array", "items": {"$ref": "#/components/schemas/patrolGridCoverage"}},
        "summary": {"type": "object", "description": "grids, patrolled, patrolled_twice, road_m, coverage (by length)"},
    },
    "example": {"date": "2023-05-31", "buffer_m": 20.0, "noon": "12:00", "grids": [
        {"grid": "140321100001001", "name": "冠山镇城东社区第1网格", "town": "140321100", "road_m": 5120.4,
         "covered_m": 4371.2, "coverage": 0.8537, "tracks": 2, "morning_tracks": 1, "afternoon_tracks": 1,
         "patrolled_twice": True}],
        "summary": {"grids": 1, "patrolled": 1, "patrolled_twice": 1, "road_m": 5120.4, "coverage": 0.8537}},
}


def _error(text: str) -> dict:
    return {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/exception"}}}}


def openapi_paths() -> dict:
    return {
        "/api/patrols/tracks": {
            "post": {
                "operationId": "uploadPatrolTrack", "summary": "Upload a patrol track (GPX 1.1 or GeoJSON)",
                "tags": ["patrols"], "parameters": [CRS.openapi()],
                "description": "A grid member uploads its own track: GPX 1.1 `trk/trkseg/trkpt` with a `time` per "
                               "point, or a GeoJSON LineString/MultiLineString Feature with `properties.times` (or "
                               "`coordTimes`, or `[lon, lat, z, time]` positions). The track must touch one of the "
                               "member's grids and lie mostly in the county; times never go backward; no speed "
                               "above `PINGDING_PATROLS_MAX_SPEED_MS` (30 m/s). GPX is read with no DTD or entities.",
                "requestBody": {"required": True, "content": {
                    "application/gpx+xml": {"schema": {"type": "string"}, "example": GPX_EXAMPLE},
                    "application/geo+json": {"schema": {"type": "object"}, "example": GEOJSON_EXAMPLE}}},
                "responses": {
                    "201": {"description": "The stored track.", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/patrolTrack"}}}},
                    "400": _error("MalformedTrack (bad XML/JSON, a DTD or entities, no points, a point without time), "
                                  "TimesGoBackward, SpeedTooHigh, OutsideCounty, InvalidCoordinate, or a bad crs."),
                    "401": _error("No credentials."),
                    "403": _error("Not a grid member, or the track touches none of its grids."),
                    "413": _error("The file is larger than PINGDING_PATROLS_MAX_BYTES or has more points than "
                                  "PINGDING_PATROLS_MAX_POINTS."),
                },
            },
            "get": {
                "operationId": "getPatrolTracks", "summary": "A day's patrol tracks as GeoJSON", "tags": ["patrols"],
                "parameters": [DATE.openapi(required=True, example="2023-05-31"), GRID.openapi()],
                "description": "Personal data: signed-in grid members (the tracks of their grids), departments, GIS "
                               "staff, leaders and admins. `owner` (the member's name) is null unless the caller "
                               "reads the grid staff's personal fields (or it is the caller's own track).",
                "responses": {
                    "200": {"description": "FeatureCollection, EPSG:4490 lon/lat", "content": {
                        "application/geo+json": {"schema": {"type": "object"}}}},
                    "400": _error("A bad date or an unknown parameter."), "401": _error("No credentials."),
                    "403": _error("A role that does not read tracks."), "404": _error("No such grid."),
                },
            },
        },
        "/api/patrols/coverage": {"get": {
            "operationId": "getPatrolCoverage", "summary": "Patrol coverage per grid and day, and 两巡",
            "tags": ["patrols"],
            "parameters": [DATE.openapi(required=True, example="2023-05-31"), GRID.openapi(), TOWN.openapi()],
            "description": "Per grid: the share of its road length within `buffer_m` (20 m) of the day's tracks "
                           "touching it (measured in EPSG:4547), and whether it was patrolled twice: a track that "
                           "started before `noon` (12:00 local) and one that started after. Read from the stored "
                           "coverage (filled when a track is uploaded); a day without tracks counts 0.",
            "responses": {
                "200": {"description": "Coverage", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/patrolCoverage"}}}},
                "400": _error("A bad date or an unknown parameter."), "404": _error("No such grid or town."),
            },
        }},
    }


def openapi_schemas() -> dict:
    return {"patrolTrack": TRACK, "patrolCoverage": COVERAGE, "patrolGridCoverage": GRID_COVERAGE}
