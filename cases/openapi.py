"""The OpenAPI fragment of the case loop, merged into ``/openapi.json`` by ``geoserver_app.openapi``; the states,
actions and their roles come from the loop's table (``cases.loop``), the filters from their parsers."""
from __future__ import annotations

from . import loop
from .params import LIST_PARAMETERS

__all__ = ["openapi_paths", "openapi_schemas"]

CASE_ID = {"name": "case_id", "in": "path", "required": True, "example": 812,
           "description": "the case's id: the id of its incident (and of its Open311 request's incident)",
           "schema": {"type": "integer", "minimum": 1}}
STEP_EXAMPLE = {
    "action": "dispatch", "from_state": "filed", "to_state": "dispatched", "actor": "dispatcher1",
    "role": "dispatcher", "at": "2026-12-05T09:12:00+08:00", "location": None, "distance_m": None,
    "note": "派往属地", "reason": None, "deadline_at": "2026-12-07T09:12:00+08:00", "photos": [],
}
CASE_EXAMPLE = {
    "id": 812, "code": "14032120261205000012", "state": "dispatched", "state_label": "任务派遣",
    "event_class": "0401", "component": None, "grid": "140321100001001", "department": "冠山镇", "urgency": "normal",
    "level": 1, "deadline_at": "2026-12-07T09:12:00+08:00", "overdue": False, "source": "public_app",
    "description": "东关街路口有流动摊贩占道经营", "reported_at": "2026-12-05T08:40:00+08:00",
    "updated_at": "2026-12-05T09:12:00+08:00", "location": [113.6267, 37.7956],
    "reporter": {"name": "王小明", "phone": "13903531234", "email": None},
    "reject_reason": None, "suspended_from": None, "steps": [STEP_EXAMPLE], "actions": ["extend", "suspend"],
    "links": [{"rel": "self", "href": "/api/cases/812"}, {"rel": "actions", "href": "/api/cases/812/actions"}],
}
ROLES_TEXT = "; ".join(
    f"{t.state} + {t.action} -> {t.next_state} ({', '.join(t.roles)})" for t in loop.TABLE
)
CASE = {
    "type": "object", "required": ["id", "code", "state", "deadline_at", "overdue", "location"],
    "properties": {
        "id": {"type": "integer"},
        "code": {"type": "string", "description": "案件编号 (the incident's code)"},
        "state": {"type": "string", "enum": list(loop.STATES)},
        "state_label": {"type": "string"},
        "event_class": {"type": "string", "nullable": True},
        "component": {"type": "string", "nullable": True},
        "grid": {"type": "string", "nullable": True},
        "department": {"type": "string", "nullable": True, "description": "where it was dispatched"},
        "urgency": {"type": "string", "enum": ["normal", "urgent"]},
        "level": {"type": "integer", "minimum": 1, "maximum": 5,
                  "description": "escalation level: 1 grid, 2 community, 3 town, 4 county department, 5 county leader"},
        "deadline_at": {"type": "string", "format": "date-time", "nullable": True,
                        "description": "end of the current state's limit, in working hours on the calendar"},
        "overdue": {"type": "boolean"},
        "location": {"type": "array", "items": {"type": "number"}, "description": "EPSG:4490 [lon, lat]"},
        "reporter": {"type": "object", "description": "only to roles that read the incidents' restricted fields"},
        "steps": {"type": "array", "items": {"type": "object"},
                  "description": "every step in order; action `escalate` (role `system`) when a deadline passed"},
        "actions": {"type": "array", "items": {"type": "string", "enum": list(loop.ACTIONS)},
                    "description": "the actions the caller may take now"},
    },
}
STEP_BODY = {
    "type": "object", "required": ["action"],
    "properties": {
        "action": {"type": "string", "enum": list(loop.ACTIONS), "description": ROLES_TEXT},
        "note": {"type": "string", "maxLength": 2000},
        "reason": {"type": "string", "description": "reject: a code of the filing standard's reasons "
                                                    "(not_in_scope, duplicate, insufficient_info, ...)"},
        "location": {"type": "object", "description": "where the step is taken, as a report's location "
                                                      "({lon, lat, crs}; GCJ02 accepted), else a photo's camera "
                                                      "position (EXIF GPS); verify needs it within "
                                                      "PINGDING_CASES_VERIFY_DISTANCE_M (50 m) of the case"},
        "hours": {"type": "number", "description": "extend: hours added to the deadline"},
        "department": {"type": "string", "description": "dispatch: the department (default: the dispatch rules)"},
        "urgency": {"type": "string", "enum": ["normal", "urgent"],
                    "description": "file or dispatch: urgent cases are handled on the urgent limit (4 h)"},
    },
    "example": {"action": "verify", "note": "现场核实已处理", "location": {"lon": 113.6331, "lat": 37.7961,
                                                                          "crs": "GCJ02"}},
}
ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/exception"}}}}
ERRORS = {
    "400": "A bad filter or body, or an unknown action (code UnknownAction), naming the parameter.",
    "401": "No credentials.",
    "403": "A role that reads no cases, or may not take this action (code RoleMayNotAct).",
    "404": "No such case among those the caller may read (code CaseNotFound).",
    "409": "The case's state does not allow the action: the description names the state and the actions it allows.",
    "412": "If-Match names an older version; the answer's ETag is the current one.",
    "422": "The step lacks what it needs: a reason, a location within the set distance (VerificationTooFar).",
    "428": "If-Match is missing.",
}


def _errors(*statuses: str) -> dict:
    return {status: {"description": ERRORS[status], **ERROR} for status in statuses}


def _case_answer(summary: str) -> dict:
    return {"description": summary, "headers": {"ETag": {"schema": {"type": "string"},
                                                         "description": '"cases.<id>.<version>"'}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/case"},
                                             "example": CASE_EXAMPLE}}}


def openapi_paths() -> dict:
    return {
        "/api/cases": {"get": {
            "operationId": "listCases", "summary": "Cases the caller may read, newest report first", "tags": ["cases"],
            "description": "A grid member reads the cases of its grids, a department the cases dispatched to it, "
                           "the centre's roles, leaders and admins every case.",
            "parameters": [p.openapi() for p in LIST_PARAMETERS],
            "responses": {"200": {"description": "A page of cases.", "content": {"application/json": {"example": {
                "cases": [{k: v for k, v in CASE_EXAMPLE.items() if k not in ("steps", "links", "actions")}],
                "total": 1, "limit": 50, "offset": 0}}}}, **_errors("400", "401", "403")},
        }},
        "/api/cases/{case_id}": {"get": {
            "operationId": "getCase", "summary": "A case: state, deadline, steps and the actions the caller may take",
            "tags": ["cases"], "parameters": [CASE_ID],
            "responses": {"200": _case_answer("The case."), "304": {"description": "If-None-Match names its ETag."},
                          **_errors("401", "403", "404")},
        }},
        "/api/cases/{case_id}/actions": {"post": {
            "operationId": "actOnCase", "summary": "Take one step of the loop on a case", "tags": ["cases"],
            "parameters": [CASE_ID, {"name": "If-Match", "in": "header", "required": True,
                                     "schema": {"type": "string"}, "example": '"cases.812.3"'}],
            "requestBody": {"required": True, "content": {
                "application/json": {"schema": STEP_BODY},
                "multipart/form-data": {"schema": {"type": "object", "properties": {
                    "step": {"type": "string", "description": "the JSON body"},
                    "photos": {"type": "array", "items": {"type": "string", "format": "binary"}}}}},
            }},
            "responses": {"200": _case_answer("The case after the step."),
                          **_errors("400", "401", "403", "404", "409", "412", "422", "428")},
        }},
    }


def openapi_schemas() -> dict:
    return {"case": CASE}
