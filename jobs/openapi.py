"""The OpenAPI fragment of the jobs, merged into ``/openapi.json`` by ``geoserver_app.openapi``."""
from __future__ import annotations

from .models import JobState
from .params import LIST_PARAMETERS

__all__ = ["openapi_paths", "openapi_schemas"]

JOB_ID = {"name": "job_id", "in": "path", "required": True, "description": "the job's id (a UUID)",
          "schema": {"type": "string", "format": "uuid"}, "example": "5f0c6b3e-6d2a-4f51-9a43-1d3c2b7e9a10"}
EXAMPLE = {
    "id": "5f0c6b3e-6d2a-4f51-9a43-1d3c2b7e9a10", "kind": "resnap", "state": "running", "progress": 0.5,
    "message": "re-snapping components (4 of 6)", "params": {"layers": ["buildings"], "dry_run": False},
    "result": None, "error": None, "created": "2026-12-05T08:00:00+00:00", "started": "2026-12-05T08:00:01+00:00",
    "finished": None,
    "links": [{"rel": "self", "href": "/api/jobs/5f0c6b3e-6d2a-4f51-9a43-1d3c2b7e9a10", "type": "application/json"}],
}
JOB = {
    "type": "object", "required": ["id", "kind", "state", "progress", "links"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "kind": {"type": "string", "description": "resnap, seed, export, and the kinds other parts declare (imports)"},
        "state": {"type": "string", "enum": [state.value for state in JobState]},
        "progress": {"type": "number", "minimum": 0, "maximum": 1},
        "message": {"type": "string", "description": "what the job is doing now, or did last"},
        "params": {"type": "object"},
        "result": {"type": "object", "nullable": True, "description": "what the job did (counts, time)"},
        "error": {"type": "string", "nullable": True, "description": "why a failed job failed"},
        "created": {"type": "string", "format": "date-time"},
        "started": {"type": "string", "format": "date-time", "nullable": True},
        "finished": {"type": "string", "format": "date-time", "nullable": True},
        "links": {"type": "array", "items": {"type": "object"},
                  "description": "self; 'enclosure' to GET /api/jobs/{id}/result when the job made a file (absolute "
                                 "URLs on the server's public URL; the example shows their paths)"},
    },
}


def _errors(*statuses: str) -> dict:
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/exception"}}}}
    text = {"401": "No credentials: jobs are seen by their owner only.",
            "404": "No such job, or not yours (the same answer for both).",
            "409": "The job has already finished (succeeded, failed or cancelled).",
            "400": "A malformed parameter or member, named in the body.",
            "403": "Your role may not start this kind of job."}
    return {status: {"description": text[status], **error} for status in statuses}


def _answer(summary: str) -> dict:
    return {"description": summary, "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/job"}, "example": EXAMPLE}}}


def _cancel(operation_id: str) -> dict:
    return {"operationId": operation_id, "summary": "Cancel a queued or running job", "tags": ["jobs"],
            "parameters": [JOB_ID],
            "description": "A queued job never starts; a running one stops at its next step (a step's own "
                           "transaction finishes or rolls back whole).",
            "responses": {"200": _answer("The job, cancelled."), **_errors("401", "404", "409")}}


LIST = {
    "type": "object", "required": ["jobs", "numberMatched", "numberReturned", "links"],
    "properties": {"jobs": {"type": "array", "items": {"$ref": "#/components/schemas/job"}},
                   "numberMatched": {"type": "integer"}, "numberReturned": {"type": "integer"},
                   "links": {"type": "array", "items": {"type": "object"},
                             "description": "self, and next / prev pages when there are"}},
}
START = {
    "type": "object", "required": ["kind"], "additionalProperties": False,
    "properties": {"kind": {"type": "string", "enum": ["resnap"], "description": "the kind of job to start"},
                   "params": {"type": "object", "description": "resnap: layers (list of snapped layer ids; default "
                                                               "all) and dry_run (boolean)"}},
}


def _collection() -> dict:
    return {
        "get": {"operationId": "getJobs", "summary": "Your jobs, newest first", "tags": ["jobs"],
                "parameters": [param.openapi() for param in LIST_PARAMETERS],
                "responses": {"200": {"description": "A page of your jobs.", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/jobList"},
                    "example": {"jobs": [EXAMPLE], "numberMatched": 1, "numberReturned": 1,
                                "links": [{"rel": "self", "href": "/api/jobs?limit=20&offset=0"}]}}}},
                              **_errors("400", "401")}},
        "post": {"operationId": "startJob", "summary": "Start a job (resnap: GIS editors and admins)", "tags": ["jobs"],
                 "description": "Answers 202 with the queued job and `Location: /api/jobs/{id}`; poll it for state "
                                "and progress.",
                 "requestBody": {"required": True, "content": {"application/json": {
                     "schema": {"$ref": "#/components/schemas/jobStart"},
                     "example": {"kind": "resnap", "params": {"layers": ["incidents"], "dry_run": True}}}}},
                 "responses": {"202": {**_answer("The job, queued."),
                                       "headers": {"Location": {"schema": {"type": "string"},
                                                                "description": "/api/jobs/{id}"}}},
                               **_errors("400", "401", "403")}},
    }


def openapi_paths() -> dict:
    return {
        "/api/jobs": _collection(),
        "/api/jobs/{job_id}": {
            "get": {"operationId": "getJob", "summary": "A job's state, progress and result", "tags": ["jobs"],
                    "parameters": [JOB_ID],
                    "responses": {"200": _answer("The job."), **_errors("401", "404")}},
            "delete": _cancel("deleteJob"),
        },
        "/api/jobs/{job_id}/cancel": {"post": _cancel("cancelJob")},
        "/api/jobs/{job_id}/result": {"get": {
            "operationId": "getJobResult", "summary": "The file a job made", "tags": ["jobs"], "parameters": [JOB_ID],
            "responses": {"200": {"description": "The file, as an attachment.",
                                  "content": {"application/octet-stream": {}}}, **_errors("401", "404")}}},
    }


def openapi_schemas() -> dict:
    return {"job": JOB, "jobList": LIST, "jobStart": START}
