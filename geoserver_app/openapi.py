"""The server-wide OpenAPI 3.0 document at ``/openapi.json``: every endpoint of the server in one place.

It is the OGC API - Features document of ``/ogc/api`` (its paths put under ``/ogc``) merged with the paths and
schemas that each other API module declares in its ``openapi`` module (``openapi_paths()`` and
``openapi_schemas()``), plus the API root, the health check, the documentation page and the bare ``/ogc``.
"""
from __future__ import annotations

from importlib import import_module

from django.http import HttpRequest
from django.urls import reverse

from accounts.openapi import SECURITY, SECURITY_SCHEMES
from layers.ogc.openapi import openapi_document
from web.public_url import public_url

CONTRIBUTORS = (
    "accounts.openapi",
    "tiles.openapi",
    "layers.locate.openapi",
    "layers.geocoding.openapi",
    "cases.reports.openapi",
    "cases.openapi",
    "layers.topology.openapi",
    "layers.grids.openapi",
    "layers.wfs.openapi",
    "jobs.openapi",
    "layers.imports.openapi",
    "maps.openapi",
    "cases.patrols.openapi",
    "cases.worktime.openapi",
    "cases.evaluation.openapi",
    "maps.dashboard.openapi",
    "metrics.openapi",
)

_SERVER_PATHS = {
    "/": {
        "get": {
            "operationId": "getApiRoot", "summary": "API root: links to every API of the server", "tags": ["server"],
            "responses": {"200": {"description": "Links", "content": {"application/json": {"schema": {"type": "object"}}}}},
        }
    },
    "/healthz": {
        "get": {
            "operationId": "getHealth", "summary": "Whether the database and PostGIS answer", "tags": ["server"],
            "responses": {
                "200": {
                    "description": "Healthy. With a read replica (`DATABASE_REPLICA_URL`), `replica` gives its state (`streaming`, `lagging` past `PINGDING_REPLICA_MAX_LAG`, or `down`: reads then go to the primary, no 503), its replay lag in seconds and bytes, and `lag_bytes` behind the primary's WAL position",
                    "content": {"application/json": {"example": {"status": "ok", "postgis": "3.3 USE_GEOS=1 USE_PROJ=1 USE_STATS=1", "postgres": "PostgreSQL 15.20", "replica": {"state": "streaming", "lag_seconds": 0.0, "replay_lag_bytes": 0, "lag_bytes": 0}}}},
                },
                "503": {
                    "description": "The database or PostGIS does not answer: `failed` names which (its address and error are logged, not shown)",
                    "content": {"application/json": {"example": {"status": "unavailable", "failed": "database", "description": "The database does not answer."}}},
                },
            },
        }
    },
    "/api/docs": {
        "get": {
            "operationId": "getApiDocs", "summary": "This document as a page to read and try (Swagger UI)", "tags": ["server"],
            "responses": {"200": {"description": "HTML page", "content": {"text/html": {"schema": {"type": "string"}}}}},
        }
    },
    "/ogc": {
        "get": {
            "operationId": "getOgcWithoutSlash", "summary": "Redirect to the OGC API - Features landing page `/ogc/`", "tags": ["server"],
            "responses": {"302": {"description": "`Location` is the absolute URL of `/ogc/`, with the query kept"}},
        }
    },
    "/openapi.json": {
        "get": {
            "operationId": "getOpenApi", "summary": "This document", "tags": ["server"],
            "responses": {"200": {"description": "OpenAPI 3.0", "content": {"application/vnd.oai.openapi+json;version=3.0": {}}}},
        }
    },
}


def server_openapi_document(request: HttpRequest) -> dict:
    document = openapi_document(request)
    prefix = reverse("ogc:landing").rstrip("/")
    paths = {f"{prefix}{path}" if path != "/" else f"{prefix}/": item for path, item in document["paths"].items()}
    paths.update(_SERVER_PATHS)
    schemas = dict(document["components"]["schemas"])
    for module_name in CONTRIBUTORS:
        module = import_module(module_name)
        for path, item in module.openapi_paths().items():
            if path in paths:
                raise ValueError(f"{module_name} declares {path}, which is already in the OpenAPI document")
            paths[path] = item
        for name, schema in module.openapi_schemas().items():
            if name in schemas and schemas[name] != schema:
                raise ValueError(f"{module_name} redefines the OpenAPI schema {name!r}")
            schemas[name] = schema
    document["paths"] = dict(sorted(paths.items()))
    document["servers"] = [{"url": public_url(request)}]
    document["components"]["schemas"] = schemas
    document["components"]["securitySchemes"] = SECURITY_SCHEMES
    document["security"] = SECURITY
    document["info"] = {**document["info"], "title": "Pingding spatial governance server (平定县社会治理空间数据服务)"}
    document["tags"] = [*document.get("tags", []), {"name": "server"}, {"name": "accounts"}, {"name": "jobs"},
                        {"name": "imports"}, {"name": "maps"}, {"name": "patrols"}, {"name": "worktime"}]
    return document
