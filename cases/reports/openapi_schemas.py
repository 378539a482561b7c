"""JSON schemas of the reports' OpenAPI fragment (all named ``report…`` or ``open311…``)."""
from __future__ import annotations

_STRING = {"type": "string"}
_NULLABLE_STRING = {"type": "string", "nullable": True}
_NUMBER = {"type": "number"}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict, required: list[str] | None = None, **extra) -> dict:
    schema = {"type": "object", "properties": properties, **extra}
    if required:
        schema["required"] = required
    return schema


def _code_name() -> dict:
    return _object({"code": _STRING, "name": _STRING}, ["code", "name"])


def _report_schemas(*, crs_values: list[str], sources: list[str], roles: list[str], description_max: int) -> dict:
    location = _object(
        {
            "lon": {"type": "number", "description": "Longitude, degrees (geographic CRSs)."},
            "lat": {"type": "number", "description": "Latitude, degrees (geographic CRSs)."},
            "x": {"type": "number", "description": "Easting in metres for projected CRSs (or longitude); with y instead of lon/lat."},
            "y": {"type": "number", "description": "Northing in metres for projected CRSs (or latitude)."},
            "crs": {"type": "string", "enum": crs_values, "default": "EPSG:4490",
                    "description": "CRS of the point; URIs and urn:ogc:def:crs:EPSG::nnnn are accepted too."},
            "accuracy_m": {"type": "number", "minimum": 0, "description": "Horizontal accuracy of the fix, metres."},
        },
        additionalProperties=False,
        description="The point: lon/lat (degrees) or x/y (easting/northing metres), whatever the CRS's EPSG axis order.",
    )
    return {
        "reportLocation": location,
        "reportReporter": _object(
            {
                "name": {"type": "string", "maxLength": 60},
                "phone": {"type": "string", "maxLength": 20, "pattern": "^\\+?[0-9][0-9 \\-]{2,19}$"},
                "role": {"type": "string", "enum": roles, "default": "resident"},
            },
            additionalProperties=False,
            description="Personal data: stored in restricted fields, never in public features, tiles or Open311 reads.",
        ),
        "reportInput": _object(
            {
                "location": _ref("reportLocation"),
                "event_class": {"type": "string", "pattern": "^\\d{4}$", "description": "CJ/T 214 event class (2 major + 2 minor digits)."},
                "component_code": {"type": "string", "pattern": "^\\d{16}$", "description": "16-digit code of an existing city component."},
                "description": {"type": "string", "maxLength": description_max},
                "reporter": _ref("reportReporter"),
                "source": {"type": "string", "enum": sources, "default": "public_app"},
            },
            ["location"],
            additionalProperties=False,
            description="event_class or component_code (or both: a component's problem is routed to its owner).",
        ),
        "reportSnap": _object({
            "grid": _object({**_code_name()["properties"], "kind": _STRING, "roles": {"type": "array", "items": _object(
                {"role": _STRING, "label": _STRING, "name": _NULLABLE_STRING})}}),
            "town": _code_name(),
            "community": _code_name(),
            "nearest_address": _object(
                {"code": _STRING, "full_text": _STRING, "level": _STRING, "distance_m": _NUMBER}, nullable=True),
            "radius_m": _NUMBER,
            "components": {"type": "array", "items": _object({
                "code": _STRING, "name": _STRING, "category_code": _STRING, "category_name": _STRING,
                "state": _STRING, "owner_department": _STRING, "distance_m": _NUMBER,
            })},
        }),
        "reportCreated": _object(
            {
                "id": {"type": "integer", "description": "Feature id in /ogc/collections/incidents/items."},
                "code": {"type": "string", "description": "案件编号: county code (6) + date YYYYMMDD + serial of the day (5 digits, more past 99,999)."},
                "status": {"type": "string", "enum": ["reported", "closed"],
                           "description": "closed: the report repeats an open case (see case.duplicate_of)."},
                "reported_at": {"type": "string", "format": "date-time"},
                "source": _STRING,
                "location": _object({"crs": _STRING, "lon": _NUMBER, "lat": _NUMBER, "as_sent": _object(
                    {"crs": _STRING, "x": _NUMBER, "y": _NUMBER})}),
                "event_class": _object({"code": _STRING, "name": _STRING, "major_code": _STRING, "major_name": _STRING},
                                       nullable=True),
                "component": _object({
                    "code": _STRING, "name": _STRING, "category_code": _STRING, "category_name": _STRING,
                    "state": _STRING, "owner_department": _STRING, "grid_code": _STRING, "distance_m": _NUMBER,
                }, nullable=True),
                "case": _object({
                    "id": {"type": "integer", "description": "The case of the loop (/api/cases/{id}): the same id."},
                    "state": {"type": "string", "enum": ["reported", "rejected"]},
                    "duplicate_of": {"type": "integer", "nullable": True,
                                     "description": "The open case this report repeats (same class, 30 m, 24 h)."},
                }),
                "routed_to": {"type": "string", "description": "Owner department, or 网格 <grid code> <grid name>."},
                "routing": _object({
                    "rule": {"type": "string", "enum": ["component_owner", "territory"]},
                    "routed_to": _STRING, "department": _NULLABLE_STRING, "grid": _code_name(),
                    "grid_member": _NULLABLE_STRING,
                }),
                "snap": _ref("reportSnap"),
                "photos": {"type": "array", "items": _object({
                    "position": {"type": "integer"}, "content_type": _STRING, "bytes": {"type": "integer"}, "sha256": _STRING,
                })},
                "links": {"type": "array", "items": _object({"rel": _STRING, "type": _STRING, "title": _STRING, "href": _STRING})},
            },
            ["id", "code", "status", "routed_to", "snap"],
        ),
        "reportError": _object(
            {"code": _STRING, "description": _STRING, "parameter": _STRING},
            ["code", "description"],
            description="Machine code, the parameter at fault and a sentence to act on (422 OutsideCounty adds "
                        "point, nearest_grid and swapped).",
        ),
    }


def _open311_schemas(*, crs_values: list[str], sources: list[str]) -> dict:
    return {
        "open311Service": _object({
            "service_code": {"type": "string", "pattern": "^[EC]\\d{4}$"}, "service_name": _STRING,
            "description": _STRING, "metadata": {"type": "boolean"}, "type": {"type": "string", "enum": ["realtime"]},
            "keywords": {"type": "string", "description": "Comma-separated."}, "group": _STRING,
        }),
        "open311ServiceDefinition": _object({"service_code": _STRING, "attributes": {"type": "array", "items": {}}}),
        "open311RequestForm": _object(
            {
                "service_code": _STRING, "lat": _NUMBER, "long": _NUMBER, "address_string": _STRING,
                "address_id": {"type": "string", "description": "A standard address code; places the request there."},
                "email": {"type": "string", "format": "email"}, "first_name": _STRING, "last_name": _STRING,
                "phone": _STRING, "description": {"type": "string", "maxLength": 4000},
                "media_url": {"type": "string", "format": "uri"}, "device_id": _STRING, "account_id": _STRING,
                "jurisdiction_id": _STRING, "api_key": _STRING,
                "crs": {"type": "string", "enum": crs_values, "description": "Extension: CRS of lat/long (default WGS 84)."},
                "component_code": {"type": "string", "pattern": "^\\d{16}$", "description": "Extension, C… services."},
                "accuracy_m": {"type": "number", "minimum": 0, "description": "Extension."},
                "source": {"type": "string", "enum": sources, "description": "Extension (default public_app)."},
            },
            ["service_code"],
        ),
        "open311PostedRequest": _object({
            "service_request_id": _STRING, "service_notice": _STRING, "account_id": _NULLABLE_STRING,
        }),
        "open311ServiceRequest": _object({
            "service_request_id": _STRING, "status": {"type": "string", "enum": ["open", "closed"]},
            "status_notes": _STRING, "service_name": _STRING, "service_code": _STRING, "description": _STRING,
            "agency_responsible": _STRING, "service_notice": _NULLABLE_STRING,
            "requested_datetime": {"type": "string", "format": "date-time"},
            "updated_datetime": {"type": "string", "format": "date-time"},
            "expected_datetime": {"type": "string", "format": "date-time", "nullable": True},
            "address": _NULLABLE_STRING, "address_id": _NULLABLE_STRING, "zipcode": _NULLABLE_STRING,
            "lat": _NUMBER, "long": _NUMBER, "media_url": _NULLABLE_STRING,
        }),
        "open311Errors": {"type": "array", "items": _object(
            {"code": {"type": "integer"}, "description": _STRING, "parameter": _STRING, "error": _STRING},
            ["code", "description"],
        )},
    }


def schemas(*, crs_values: list[str], sources: list[str], roles: list[str], description_max: int) -> dict:
    return {
        **_report_schemas(crs_values=crs_values, sources=sources, roles=roles, description_max=description_max),
        **_open311_schemas(crs_values=crs_values, sources=sources),
    }
