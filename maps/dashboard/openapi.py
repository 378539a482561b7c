"""The OpenAPI fragment of the dashboard's figures, merged into ``/openapi.json`` by ``geoserver_app.openapi``."""
from __future__ import annotations

from .views import DAYS, POLL

__all__ = ["openapi_paths", "openapi_schemas"]

COUNTS = {"type": "object", "properties": {k: {"type": "integer"} for k in ("filed", "closed", "open", "overdue")}}
FIGURES = {
    "type": "object", "required": ["from", "to", "days", "totals", "states", "trend", "grids", "departments", "heat"],
    "properties": {
        "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"},
        "days": {"type": "integer"},
        "totals": {"type": "object", "description": "cases, open, overdue (now); filed, closed (in the window)"},
        "states": {"type": "array", "items": {"type": "object", "properties": {
            "state": {"type": "string"}, "cases": {"type": "integer"}, "overdue": {"type": "integer"}}}},
        "trend": {"type": "array", "items": {"type": "object", "properties": {
            "day": {"type": "string", "format": "date"}, "filed": {"type": "integer"}, "closed": {"type": "integer"}}}},
        "grids": {"type": "object", "description": "per grid code: filed, closed (in the window), open, closure_rate",
                  "additionalProperties": COUNTS},
        "departments": {"type": "array", "items": {"type": "object", "description":
                        "department, open, overdue, filed, closed, closure_rate"}},
        "heat": {"type": "array", "description": "[lon, lat] (EPSG:4490) of the open cases and those reported in "
                                                 "the window", "items": {"type": "array", "items": {"type": "number"}}},
    },
    "example": {"from": "2023-05-02", "to": "2023-05-31", "days": 30,
                "totals": {"cases": 28984, "open": 1119, "overdue": 87, "filed": 2402, "closed": 2296},
                "states": [{"state": "handling", "cases": 402, "overdue": 31}],
                "trend": [{"day": "2023-05-31", "filed": 84, "closed": 79}],
                "grids": {"140321100001001": {"filed": 12, "closed": 11, "open": 2, "closure_rate": 0.9167}},
                "departments": [{"department": "冠山镇", "open": 211, "overdue": 9, "filed": 640, "closed": 611,
                                 "closure_rate": 0.9547}],
                "heat": [[113.62712, 37.79531]]},
}


def _error(text: str) -> dict:
    return {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/exception"}}}}


def openapi_paths() -> dict:
    return {"/dashboard/": {"get": {
        "operationId": "getDashboardPage", "summary": "The county dashboard page (ECharts and MapLibre served here)",
        "tags": ["maps"], "parameters": [POLL.openapi(example=30)], "description": "Signed-in leaders, shift leaders, dispatchers and admins; an anonymous "
                                         "browser is sent to the login page, other roles get a 403.",
        "responses": {"200": {"description": "HTML page", "content": {"text/html": {"schema": {"type": "string"}}}},
                      "302": {"description": "To the login page (anonymous)"},
                      "403": _error("A role that does not see the dashboard.")},
    }}, "/api/dashboard": {"get": {
        "operationId": "getDashboardFigures", "summary": "Every figure of the dashboard (一屏观全城) in one answer",
        "tags": ["maps"], "parameters": [DAYS.openapi(example=30)],
        "description": "Open cases by state and overdue, filed and closed per day, closure rate per grid, the "
                       "departments' table and the points of the heat map, over a window of `days` local days "
                       "ending on the day of the latest case's report; one SQL statement. An `ETag` names the answer: "
                       "`If-None-Match` with it answers 304 while nothing changed. Leaders, shift leaders, "
                       "dispatchers and admins.",
        "responses": {
            "200": {"description": "The figures", "headers": {"ETag": {"schema": {"type": "string"}}},
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/dashboardFigures"}}}},
            "304": {"description": "Unchanged since the ETag sent in If-None-Match"},
            "400": _error("A bad days or an unknown parameter."), "401": _error("No credentials."),
            "403": _error("A role that does not see the dashboard."),
        },
    }}}


def openapi_schemas() -> dict:
    return {"dashboardFigures": FIGURES}
