"""The OpenAPI fragment of the working calendar, merged into ``/openapi.json`` by ``geoserver_app.openapi``."""
from __future__ import annotations

__all__ = ["openapi_paths", "openapi_schemas"]

EXAMPLE = {
    "name": "平定县 county offices", "time_zone": "Asia/Shanghai",
    "periods": [{"weekday": 0, "start": "08:30", "end": "12:00"}, {"weekday": 0, "start": "14:30", "end": "17:30"}],
    "holidays": [{"name": "劳动节 2023", "kind": "holiday", "from": "2023-04-29", "to": "2023-05-03"},
                 {"name": "劳动节调休 2023 (5月6日)", "kind": "workday", "from": "2023-05-06", "to": "2023-05-06"}],
    "time_limits": [{"major_code": None, "minor_code": None, "urgency": "normal", "working_hours": 16.0}],
}
CALENDAR = {
    "type": "object", "required": ["periods", "holidays"],
    "properties": {
        "name": {"type": "string", "readOnly": True}, "time_zone": {"type": "string", "readOnly": True},
        "periods": {"type": "array", "items": {"type": "object", "required": ["weekday", "start", "end"], "properties": {
            "weekday": {"type": "integer", "minimum": 0, "maximum": 6, "description": "0 Monday .. 6 Sunday"},
            "start": {"type": "string", "example": "08:30"}, "end": {"type": "string", "example": "12:00"}}}},
        "holidays": {"type": "array", "description": "ranges, both ends included, never overlapping", "items": {
            "type": "object", "required": ["name", "kind", "from", "to"], "properties": {
                "name": {"type": "string"},
                "kind": {"type": "string", "enum": ["holiday", "workday"],
                         "description": "holiday: no working hours; workday: an adjusted working day (调休)"},
                "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"}}}},
        "time_limits": {"type": "array", "description": "omitted in a PUT: kept as they are", "items": {
            "type": "object", "required": ["urgency", "working_hours"], "properties": {
                "major_code": {"type": "string", "nullable": True}, "minor_code": {"type": "string", "nullable": True},
                "urgency": {"type": "string", "enum": ["normal", "urgent", "critical"]},
                "working_hours": {"type": "number", "exclusiveMinimum": True, "minimum": 0}}}},
    },
    "example": EXAMPLE,
}


def _error(text: str) -> dict:
    return {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/exception"}}}}


def _answer(text: str) -> dict:
    return {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/workCalendar"}}}}


def openapi_paths() -> dict:
    refused = {"401": _error("No credentials."), "403": _error("Not an admin.")}
    return {"/api/worktime": {
        "get": {"operationId": "getWorkCalendar", "summary": "The working-hours calendar time limits count on",
                "tags": ["worktime"], "responses": {"200": _answer("The default calendar."), **refused}},
        "put": {"operationId": "putWorkCalendar", "summary": "Replace the calendar's periods, holidays (and limits)",
                "tags": ["worktime"],
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/workCalendar"}, "example": EXAMPLE}}},
                "responses": {"200": _answer("The calendar as saved."),
                              "400": _error("OverlappingHolidays (naming both ranges), InvalidHolidayRange, or a "
                                            "member that is wrong (parameter: e.g. periods[0].start)."),
                              **refused}},
    }}


def openapi_schemas() -> dict:
    return {"workCalendar": CALENDAR}
