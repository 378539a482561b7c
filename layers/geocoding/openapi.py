"""OpenAPI 3.0 fragments of forward geocoding, for the lead to merge into the server-wide document.

:func:`openapi_paths` gives the Path Item of ``/api/geocode`` (absolute server path); :func:`openapi_schemas` the
schemas it references as ``#/components/schemas/geocode...``. Parameters and responses are inline. Examples are
addresses of the full-scale seeded county (``seed_pingding --scale 1.0 --seed 1``) and its real answers.
"""
from __future__ import annotations

from spatial.addresses import KNOWN_TOWNS, LEVELS
from spatial.crs import CRS_TABLE

from . import conf
from .params import CRS, LIMIT
from .results import LEVEL_LABELS, MATCH_LABELS
from .sql import EXTRA, MATCH_LEVELS, WEIGHTS

JSON_TYPE = "application/json"
TAG = "geocoding"
CRS_VALUES = [info.key for info in CRS_TABLE]
QUERY_EXAMPLES: dict[str, dict] = {
    "full": {
        "summary": "Full standard address (山西省阳泉市平定县 + town, community, road, number, building, unit)",
        "value": "山西省阳泉市平定县冠山镇翠峰社区紫云街东段31号24号楼1单元",
    },
    "traditional": {
        "summary": "Traditional characters and full-width digits, no prefix",
        "value": "冠山鎮南關社區紫雲街１８號２單元",
    },
    "chinese_numerals": {
        "summary": "Chinese numerals (十八, 两) and the short prefix",
        "value": "平定冠山镇南关社区紫云街十八号两单元",
    },
    "dash": {
        "summary": "Building-unit as a dash form after the door number",
        "value": "紫云街东段31号24-1",
    },
    "typo": {
        "summary": "A misspelt road (紫去街 for 紫云街): matched by character similarity, score below 1",
        "value": "紫去街18号",
    },
    "unknown_number": {
        "summary": "A door number the road does not have: the road's representative point (matched_level road)",
        "value": "冠山镇城关社区紫云街999号",
    },
}
RESPONSE_EXAMPLE = {
    "query": "平定冠山镇南关社区紫云街十八号两单元",
    "crs": "EPSG:4490",
    "parsed": {
        "province": None, "city": None, "county": "平定县", "town": "冠山镇", "community": "南关社区",
        "road": "紫云街", "number": "18", "building_no": None, "unit": "2", "room": None,
        "normalised": "平定县冠山镇南关社区紫云街18号2单元", "level": "unit", "road_guess": None, "unparsed": [],
    },
    "candidates": [
        {
            "code": "140321100004004000502", "full_text": "山西省阳泉市平定县冠山镇南关社区紫云街18号2单元",
            "level": "unit", "level_label": "单元", "matched_level": "unit", "matched_label": "单元", "score": 1.0,
            "town": "冠山镇", "community": "南关社区", "road": "紫云街", "number": "18", "building_no": None,
            "unit": "2", "room": None,
            "point": {"x": 113.6247684, "y": 37.7864536, "lon": 113.6247684, "lat": 37.7864536},
        },
        {
            "code": "140321100004004000500", "full_text": "山西省阳泉市平定县冠山镇南关社区紫云街18号",
            "level": "door", "level_label": "门牌", "matched_level": "number", "matched_label": "门牌号",
            "score": 0.8, "town": "冠山镇", "community": "南关社区", "road": "紫云街", "number": "18",
            "building_no": None, "unit": None, "room": None,
            "point": {"x": 113.6246858, "y": 37.7864412, "lon": 113.6246858, "lat": 37.7864412},
        },
        {
            "code": None, "full_text": "山西省阳泉市平定县冠山镇南关社区紫云街", "level": "road", "level_label": "道路",
            "matched_level": "road", "matched_label": "道路", "score": 0.5, "town": "冠山镇", "community": "南关社区",
            "road": "紫云街", "number": None, "building_no": None, "unit": None, "room": None,
            "point": {"x": 113.6246914, "y": 37.7884962, "lon": 113.6246914, "lat": 37.7884962},
        },
    ],
}
SCORE = (
    "Score 0-1: the sum of weight x match over the parts the query names, divided by the weights of those parts "
    f"plus {EXTRA:g} x those of the finer parts the candidate has and the query does not. Weights: "
    + ", ".join(f"{level} {weight:g}" for level, weight in WEIGHTS.items())
    + ". A part matches 1 when equal; a misspelt road 0.9 x its trigram similarity. A candidate equal to the "
    "query in every part it names, and no finer, scores 1.0."
)


def _query(name: str, description: str, schema: dict, *, required: bool = False, **extra) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description, "schema": schema, **extra}


def _error(parameter: str, description: str) -> dict:
    return {"code": "InvalidParameterValue", "description": description, "parameter": parameter}


def _geocode_path() -> dict:
    longest, most = conf.max_query_length(), conf.max_limit()  # most: in the examples of the 400
    return {
        "get": {
            "tags": [TAG],
            "operationId": "geocode",
            "summary": "Forward geocoding: address text to standard addresses (地址匹配)",
            "description": (
                "Reads `q` into the parts of the standard address library (province 山西省, city 阳泉市, county "
                "平定县, town, community, road, number, building, unit, room) and ranks the standard addresses, "
                "roads, communities and towns that match them, best first. Accepted: with or without the "
                "山西省阳泉市平定县 prefix (or 山西 阳泉 平定), traditional characters, full-width digits and letters, "
                "Chinese numerals (十八号, 二十三号楼, 两单元, 一〇二室), 号/#, 栋/幢/座/号楼, 单元/门, 室/户/房, and "
                "dash forms (18号3-2-301 = building 3, unit 2, room 301). A door number the road does not have "
                "falls back to the road (matched_level road), an unknown road to the community. Text that names "
                "nothing gives an empty list (200). " + SCORE
            ),
            "parameters": [
                _query(
                    "q", f"The address text, 1 to {longest} characters.",
                    {"type": "string", "minLength": 1, "maxLength": longest}, required=True,
                    examples=QUERY_EXAMPLES,
                ),
                LIMIT.openapi(),
                CRS.openapi(schema={"enum": CRS_VALUES}, example="GCJ02"),
                _query(
                    "town", "Only candidates in this town or township.",
                    {"type": "string", "enum": list(KNOWN_TOWNS)}, example="冠山镇",
                ),
            ],
            "responses": {
                "200": {
                    "description": "The parsed query and the candidates, best first (possibly none).",
                    "content": {JSON_TYPE: {"schema": {"$ref": "#/components/schemas/geocodeResult"},
                                            "example": RESPONSE_EXAMPLE}},
                },
                "400": {
                    "description": "A parameter is missing or invalid; `parameter` names it (q, limit, crs, town or "
                    "an unknown parameter).",
                    "content": {
                        JSON_TYPE: {
                            "schema": {"$ref": "#/components/schemas/geocodeError"},
                            "examples": {
                                "q": {"value": _error("q", "Parameter 'q' is required: the address to look up, e.g. "
                                                           "q=冠山镇城关社区紫云街18号.")},
                                "limit": {"value": _error("limit", f"Parameter 'limit' must be between 1 and {most}, "
                                                                   "got 0.")},
                                "crs": {"value": {"code": "UnknownCrs", "parameter": "crs",
                                                  "description": "Unknown CRS 'EPSG:9999' in parameter 'crs'; use one "
                                                  "of: CRS84, ..."}},
                            },
                        }
                    },
                },
            },
        }
    }


def openapi_paths() -> dict:
    """Path Items of forward geocoding, keyed by absolute server path."""
    return {"/api/geocode": _geocode_path()}


def openapi_schemas() -> dict:
    """Schemas referenced by :func:`openapi_paths` (all named ``geocode...``)."""
    string, nullable = {"type": "string"}, {"type": "string", "nullable": True}
    address = ("town", "community", "road", "number", "building_no", "unit", "room")
    parts = {name: dict(nullable) for name in ("province", "city", "county", *address)}
    return {
        "geocodeParsed": {
            "type": "object",
            "description": "The parts read from `q` (null where absent), canonical: simplified characters, Arabic "
            "numbers, 山西省/阳泉市/平定县 in full, 社区/村 for the committee forms.",
            "properties": {
                **parts,
                "normalised": {**string, "description": "The text rebuilt from the parts with the standard markers"},
                "level": {"type": "string", "nullable": True, "enum": [*LEVELS, None],
                          "description": "The finest part present"},
                "road_guess": {**nullable, "description": "Text standing where the road should be, without a road "
                               "suffix (紫云18号: 紫云); matched by similarity"},
                "unparsed": {"type": "array", "items": string, "description": "Fragments that could not be read"},
            },
            "required": [*parts, "normalised", "level", "road_guess", "unparsed"],
        },
        "geocodePoint": {
            "type": "object",
            "properties": {
                "x": {"type": "number", "description": "x in the request CRS: longitude or easting"},
                "y": {"type": "number", "description": "y in the request CRS: latitude or northing"},
                "lon": {"type": "number", "description": "CGCS2000 (EPSG:4490) longitude, degrees"},
                "lat": {"type": "number", "description": "CGCS2000 (EPSG:4490) latitude, degrees"},
            },
            "required": ["x", "y", "lon", "lat"],
        },
        "geocodeCandidate": {
            "type": "object",
            "properties": {
                "code": {**nullable, "description": "Standard address code; the admin code of a community (12 "
                         "digits) or town (9 digits); null for a road"},
                "full_text": {**string, "description": "完整标准地址 (of the road, community or town for those)"},
                "level": {"type": "string", "enum": list(LEVEL_LABELS)},
                "level_label": {"type": "string", "enum": list(LEVEL_LABELS.values())},
                "matched_level": {"type": "string", "enum": list(MATCH_LEVELS),
                                  "description": "The finest part of the query the candidate equals"},
                "matched_label": {"type": "string", "enum": list(dict.fromkeys(MATCH_LABELS.values()))},
                "score": {"type": "number", "minimum": 0, "maximum": 1, "description": SCORE},
                **{name: parts[name] for name in address},
                "point": {"$ref": "#/components/schemas/geocodePoint"},
            },
            "required": ["code", "full_text", "level", "level_label", "matched_level", "matched_label", "score",
                         *address, "point"],
        },
        "geocodeResult": {
            "type": "object",
            "properties": {
                "query": {**string, "description": "`q` as sent"},
                "crs": {"type": "string", "enum": CRS_VALUES},
                "parsed": {"$ref": "#/components/schemas/geocodeParsed"},
                "candidates": {"type": "array", "items": {"$ref": "#/components/schemas/geocodeCandidate"}},
            },
            "required": ["query", "crs", "parsed", "candidates"],
        },
        "geocodeError": {
            "type": "object",
            "properties": {"code": string, "description": string, "parameter": string},
            "required": ["code", "description"],
        },
    }
