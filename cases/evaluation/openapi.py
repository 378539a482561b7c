"""The OpenAPI fragment of the evaluation, merged into ``/openapi.json`` by ``geoserver_app.openapi``."""
from __future__ import annotations

from .params import BY_PARAM, FROM, MAX_DAYS, TO

__all__ = ["openapi_paths", "openapi_schemas"]

RATE = {"type": "number", "nullable": True, "minimum": 0, "maximum": 1}
ROW = {
    "type": "object",
    "required": ["code", "name", "filed", "closed", "closure_rate", "on_time_rate", "rework_rate",
                 "mean_handling_hours", "patrol_coverage"],
    "properties": {
        "code": {"type": "string", "description": "county, town or grid code; the department's name ('' : not "
                                                  "dispatched)"},
        "name": {"type": "string"},
        "filed": {"type": "integer", "description": "cases filed (立案) in the period"},
        "closed": {"type": "integer", "description": "of those, closed (结案) before the period's end"},
        "closure_rate": {**RATE, "description": "closed / filed; null when none was filed"},
        "on_time_rate": {**RATE, "description": "of the filed cases fed back before the end, the share whose every "
                                                "feed-back came at or before its handling deadline"},
        "rework_rate": {**RATE, "description": "of the filed cases, the share reopened (返工) at least once"},
        "mean_handling_hours": {"type": "number", "nullable": True,
                                "description": "working hours from the first dispatch to the last feed-back"},
        "patrol_coverage": {**RATE, "description": "mean coverage of the group's grid-days (0 on a day without a "
                                                   "track); null by department"},
    },
}
EVALUATION = {
    "type": "object", "required": ["from", "to", "by", "handling_hours", "rows"],
    "properties": {
        "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"},
        "by": {"type": "string", "enum": ["county", "town", "grid", "department"]},
        "handling_hours": {"type": "string", "enum": ["working"]},
        "rows": {"type": "array", "items": {"$ref": "#/components/schemas/evaluationRow"}},
    },
    "example": {"from": "2023-05-01", "to": "2023-05-31", "by": "town", "handling_hours": "working", "rows": [
        {"code": "140321100", "name": "冠山镇", "filed": 1204, "closed": 1161, "closure_rate": 0.9643,
         "on_time_rate": 0.9121, "rework_rate": 0.0415, "mean_handling_hours": 6.42, "patrol_coverage": 0.8312}]},
}


def _error(text: str) -> dict:
    return {"description": text,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/exception"}}}}


def openapi_paths() -> dict:
    return {"/api/evaluation": {"get": {
        "operationId": "getEvaluation", "summary": "Performance evaluation (绩效考核, GB/T 30428.4) of a period",
        "tags": ["cases"],
        "parameters": [FROM.openapi(required=True, example="2023-05-01"),
                       TO.openapi(required=True, example="2023-05-31"), BY_PARAM.openapi(required=True, example="town")],
        "description": "Filed, closed, closure rate, on-time and rework rates, mean handling hours (working hours of "
                       "the default calendar) and patrol coverage per county, town, grid or department; one SQL "
                       f"statement. The period is at most {MAX_DAYS} local days. Leaders, shift leaders and admins "
                       "read every grouping; a department its own row (`by=department`); a grid member its grids "
                       "(`by=grid`). Definitions: docs/api.md, \"Performance evaluation\".",
        "responses": {
            "200": {"description": "The figures, one row per group in code order", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/evaluation"}}}},
            "400": _error("A missing or malformed from/to/by, to before from, a period too long, an unknown "
                          "parameter."),
            "401": _error("No credentials."),
            "403": _error("A role that reads no evaluation, or a grouping outside the caller's own rows."),
        },
    }}}


def openapi_schemas() -> dict:
    return {"evaluation": EVALUATION, "evaluationRow": ROW}
