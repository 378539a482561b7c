"""OpenAPI 3.0 fragments of the snapping service, for the lead to merge into the server-wide document.

:func:`openapi_paths` gives the Path Items (absolute server paths, ``/api/snap``...), :func:`openapi_schemas` the
schemas they reference as ``#/components/schemas/locate...``. Parameters and responses are written inline so the
paths need nothing else from the merged document. Examples are around the county seat (113.627 E, 37.795 N) and
the same place in GCJ-02 (113.6333870, 37.7955234), as the WeChat mini-program sends it.
"""
from __future__ import annotations

from . import conf
from .openapi_examples import (
    COMMUNITY_EXAMPLE,
    GRID_EXAMPLE,
    OUTSIDE_EXAMPLES,
    SEAT,
    SEAT_GCJ02,
    SEAT_GK,
    SNAP_EXAMPLE,
    TOWN_EXAMPLE,
    position_example,
)
from .openapi_schemas import CRS_VALUES, openapi_schemas, schema_ref
from .params import CRS, LIMIT, POINT, RADIUS

__all__ = ["openapi_paths", "openapi_schemas"]

JSON_TYPE = "application/json"
TAG = "snapping"
BOUNDARY_RULE = (
    "Boundary rule: a point belongs to the grid with the smallest code among the grids whose geometry covers it "
    "(ST_Covers: a point on an edge or vertex shared by several grids is covered by all of them), so the same "
    "point always gets the same grid, on every retry."
)
AXES = (
    "`lon` is x and `lat` is y in the CRS given by `crs`: longitude and latitude in degrees, or easting and northing "
    "in metres for EPSG:4547, EPSG:4526 and EPSG:3857. `lon` is the easting for the Gauss-Kruger zones even though "
    "EPSG:4547/4526 list the northing first. `x`/`y` are aliases of `lon`/`lat` (give one pair, not both); errors "
    "then name `x`/`y`."
)


def _point_parameters() -> list[dict]:
    return [
        POINT["lon"].openapi(description=f"{POINT['lon'].description} {AXES}", example=SEAT[0]),
        POINT["lat"].openapi(example=SEAT[1]),
        POINT["x"].openapi(),
        POINT["y"].openapi(),
        CRS.openapi(schema={"enum": CRS_VALUES}, example="EPSG:4490"),
    ]


def _error(description: str, example: dict) -> dict:
    return {
        "description": description,
        "content": {JSON_TYPE: {"schema": schema_ref("locateError"), "example": example}},
    }


def _outside() -> dict:
    return {
        "description": "No grid covers the point (outside the county): the nearest grid and its distance; `swapped` "
        "when the pair read as (lat, lon) is inside a grid.",
        "content": {JSON_TYPE: {"schema": schema_ref("locateOutsideCounty"), "examples": OUTSIDE_EXAMPLES}},
    }


def _bad_request(parameter: str, description: str) -> dict:
    return _error(
        "A parameter is missing or invalid; `parameter` names it.",
        {"code": "InvalidParameterValue", "description": description, "parameter": parameter},
    )


def _snap_path() -> dict:
    return {
        "get": {
            "operationId": "snap",
            "summary": "Snap a point: grid, grid staff, town, community, nearest address, components around it",
            "description": (
                "One SQL statement answers the grid (with 网格长 / 专职网格员 / 网格协管员), its town and community, "
                "the nearest standard address (metres on the spheroid) and the city components within `radius` "
                "metres, nearest first (at most "
                f"{conf.DEFAULTS['PINGDING_LOCATE_COMPONENTS_LIMIT']}). Every position is returned in `crs` (`x`, "
                "`y`) and in CGCS2000 (`lon`, `lat`). " + BOUNDARY_RULE + " Safe to retry (GET, deterministic)."
            ),
            "tags": [TAG],
            "parameters": [
                *_point_parameters(),
                RADIUS.openapi(),
            ],
            "responses": {
                "200": {
                    "description": "The snap.",
                    "content": {
                        JSON_TYPE: {
                            "schema": schema_ref("locateSnap"),
                            "examples": {
                                "seat": {"summary": "County seat, CGCS2000 (lon=113.627&lat=37.795)", "value": SNAP_EXAMPLE},
                                "gcj02": {
                                    "summary": f"County seat from WeChat, GCJ-02 (lon={SEAT_GCJ02[0]}&lat={SEAT_GCJ02[1]}&crs=GCJ02)",
                                    "value": {
                                        **SNAP_EXAMPLE,
                                        "crs": "GCJ02",
                                        "point": position_example(SEAT_GCJ02[0], SEAT_GCJ02[1], 113.627, 37.795),
                                    },
                                },
                            },
                        }
                    },
                },
                "400": _bad_request("radius", "Parameter 'radius' must be greater than 0 and at most 1000 metres, got '0'."),
                "422": _outside(),
            },
        }
    }


def _reverse_path() -> dict:
    address = {
        **SNAP_EXAMPLE["address"],
        "parts": {
            "province": "山西省", "city": "阳泉市", "county": "平定县", "town": "冠山镇", "community": "姜家沟社区",
            "road": "冠山路", "number": "81", "building_no": "", "unit": "", "room": "",
        },
    }
    return {
        "get": {
            "operationId": "reverse",
            "summary": "Reverse geocode: the nearest standard addresses of a point, and its grid",
            "description": "The `limit` nearest standard addresses (metres on the spheroid, nearest first, ties by "
            "code) with their parts, and the grid, town and community of the point. " + BOUNDARY_RULE,
            "tags": [TAG],
            "parameters": [
                *_point_parameters(),
                LIMIT.openapi(),
            ],
            "responses": {
                "200": {
                    "description": "The nearest addresses.",
                    "content": {
                        JSON_TYPE: {
                            "schema": schema_ref("locateReverse"),
                            "example": {
                                "crs": "EPSG:4490", "point": SNAP_EXAMPLE["point"], "grid": GRID_EXAMPLE,
                                "town": TOWN_EXAMPLE, "community": COMMUNITY_EXAMPLE, "addresses": [address],
                            },
                        }
                    },
                },
                "400": _bad_request("limit", "Parameter 'limit' must be an integer from 1 to 20, got '50'."),
                "422": _outside(),
            },
        }
    }


def _nearest_path() -> dict:
    maximum = conf.DEFAULTS["PINGDING_LOCATE_MAX_BULK_POINTS"]
    rate = conf.DEFAULTS["PINGDING_LOCATE_BULK_RATE_PER_MINUTE"]
    return {
        "post": {
            "operationId": "addressesNearest",
            "summary": f"Nearest standard address of up to {maximum:,} points",
            "description": "One SQL statement: the points are bound as arrays and each answered by a KNN search "
            "on the address index with an exact re-check on the spheroid. Results are in input order. Points "
            "outside the county are answered too (their nearest address may be far: see `distance_m`).",
            "tags": [TAG],
            "requestBody": {
                "required": True,
                "content": {
                    JSON_TYPE: {
                        "schema": schema_ref("locateNearestRequest"),
                        "examples": {
                            "cgcs2000": {"value": {"crs": "EPSG:4490", "points": [list(SEAT), [113.6, 37.8]]}},
                            "gcj02": {"value": {"crs": "GCJ02", "points": [list(SEAT_GCJ02)]}},
                            "gk": {"summary": "EPSG:4547: [easting, northing]", "value": {"crs": "EPSG:4547", "points": [list(SEAT_GK)]}},
                        },
                    }
                },
            },
            "responses": {
                "200": {
                    "description": "One result per point, in order.",
                    "content": {
                        JSON_TYPE: {
                            "schema": schema_ref("locateNearestResult"),
                            "example": {
                                "crs": "EPSG:4490", "count": 2,
                                "nearest": [
                                    {"code": "140321100011005005900", "distance_m": 35.36},
                                    {"code": "140321100020002009401", "distance_m": 327.92},
                                ],
                            },
                        }
                    },
                },
                "400": _bad_request(
                    "points[1]", "points[1] must be a pair of numbers [lon, lat] (x = longitude or easting), got [113.6, 'a']."
                ),
                "429": {
                    **_error(
                        "Too many bulk requests from this client address; wait `Retry-After` seconds.",
                        {"code": "TooManyRequests", "limit": f"{rate} per minute", "retryAfter": 41,
                         "description": f"This client address is over the limit of {rate} per minute requests here; "
                         "try again in 41 s."},
                    ),
                    "headers": {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}},
                },
                "413": _error(
                    f"More than {maximum:,} points.",
                    {"code": "PayloadTooLarge", "description": f"10,001 points in one request; send at most {maximum:,} "
                     "(split the list).", "parameter": "points"},
                ),
            },
        }
    }


def openapi_paths() -> dict:
    """Path Items of the snapping service, keyed by absolute server path."""
    return {"/api/snap": _snap_path(), "/api/reverse": _reverse_path(), "/api/addresses/nearest": _nearest_path()}
