"""Schemas of the snapping service's OpenAPI fragments, referenced as ``#/components/schemas/locate...``."""
from __future__ import annotations

from spatial.crs import CRS_TABLE

from . import conf

CRS_VALUES = [info.key for info in CRS_TABLE]


def schema_ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict, required: list[str] | None = None, **extra) -> dict:
    body = {"type": "object", "properties": properties, **extra}
    body["required"] = required if required is not None else list(properties)
    return body


def openapi_schemas() -> dict:
    """Schemas referenced by :func:`openapi_paths` (all named ``locate...``)."""
    string, number, nullable_string = {"type": "string"}, {"type": "number"}, {"type": "string", "nullable": True}
    role = _object({"label": string, "name": string})
    return {
        "locatePosition": _object(
            {
                "x": {"type": "number", "description": "x in the request CRS: longitude or easting"},
                "y": {"type": "number", "description": "y in the request CRS: latitude or northing"},
                "lon": {"type": "number", "description": "CGCS2000 (EPSG:4490) longitude, degrees"},
                "lat": {"type": "number", "description": "CGCS2000 (EPSG:4490) latitude, degrees"},
            }
        ),
        "locateArea": _object({"code": string, "name": string}),
        "locateGrid": _object(
            {
                "code": string, "name": string,
                "kind": {"type": "string", "description": "urban 城镇 / rural 农村 / special 专属"},
                "grid_leader": {**role, "description": "网格长"},
                "grid_member": {**role, "description": "专职网格员"},
                "grid_assistant": {**role, "description": "网格协管员"},
            }
        ),
        "locateAddress": _object(
            {
                "code": string, "full_text": string,
                "level": {"type": "string", "enum": ["door", "building", "unit", "room"]},
                "level_label": {"type": "string", "description": "门牌 / 楼栋 / 单元 / 户室"},
                "distance_m": {"type": "number", "description": "metres on the spheroid"},
                "position": schema_ref("locatePosition"),
                "parts": _object(
                    {name: string for name in ("province", "city", "county", "town", "community", "road", "number",
                                               "building_no", "unit", "room")},
                    description="Only in /api/reverse.",
                ),
            },
            required=["code", "full_text", "level", "level_label", "distance_m", "position"],
        ),
        "locateComponent": _object(
            {
                "code": {"type": "string", "description": "16-digit CJ/T 214 code"},
                "name": string,
                "category": _object({"code": string, "name": string}),
                "state": {"type": "string", "enum": ["intact", "damaged", "missing", "occupied"]},
                "state_label": {"type": "string", "description": "完好 / 破损 / 丢失 / 占用"},
                "owner_department": string,
                "distance_m": {"type": "number", "description": "metres on the spheroid to the component's geometry"},
                "position": {**schema_ref("locatePosition"), "description": "the component's point nearest the query point"},
            }
        ),
        "locateSnap": _object(
            {
                "crs": string,
                "point": schema_ref("locatePosition"),
                "grid": schema_ref("locateGrid"),
                "town": schema_ref("locateArea"),
                "community": schema_ref("locateArea"),
                "address": {**schema_ref("locateAddress"), "nullable": True},
                "radius_m": number,
                "components": {"type": "array", "items": schema_ref("locateComponent")},
            }
        ),
        "locateReverse": _object(
            {
                "crs": string,
                "point": schema_ref("locatePosition"),
                "grid": schema_ref("locateGrid"),
                "town": schema_ref("locateArea"),
                "community": schema_ref("locateArea"),
                "addresses": {"type": "array", "items": schema_ref("locateAddress")},
            }
        ),
        "locateNearestRequest": _object(
            {
                "crs": {"type": "string", "enum": CRS_VALUES, "default": "EPSG:4490"},
                "points": {
                    "type": "array",
                    "maxItems": conf.DEFAULTS["PINGDING_LOCATE_MAX_BULK_POINTS"],
                    "items": {"type": "array", "minItems": 2, "maxItems": 2, "items": number},
                    "description": "[x, y] pairs: [lon, lat] or [easting, northing]",
                },
            },
            required=["points"],
        ),
        "locateNearestResult": _object(
            {
                "crs": string,
                "count": {"type": "integer"},
                "nearest": {
                    "type": "array",
                    "items": _object({"code": nullable_string, "distance_m": {"type": "number", "nullable": True}}),
                },
            }
        ),
        "locateError": _object(
            {"code": string, "description": string, "parameter": string}, required=["code", "description"]
        ),
        "locateOutsideCounty": _object(
            {
                "code": {"type": "string", "enum": ["OutsideCounty"]},
                "description": string,
                "parameter": string,
                "point": _object({"crs": string, "x": number, "y": number}),
                "nearest_grid": {
                    **_object({"code": string, "name": string, "distance_m": number}),
                    "nullable": True,
                    "description": "null when the point as given is no position at all (e.g. latitude 113.6)",
                },
                "swapped": {
                    **_object({"x": number, "y": number, "grid": schema_ref("locateArea")}),
                    "description": "present when the pair read as (lat, lon) is inside a grid",
                },
            },
            required=["code", "description", "point", "nearest_grid"],
        ),
    }
