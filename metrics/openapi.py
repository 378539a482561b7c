"""The OpenAPI fragment of ``/metrics``, merged into ``/openapi.json`` by ``geoserver_app.openapi``."""
from __future__ import annotations

__all__ = ["openapi_paths", "openapi_schemas"]

EXAMPLE = """# HELP pingding_http_requests_total HTTP answers by route template, method and status.
# TYPE pingding_http_requests_total counter
pingding_http_requests_total{method="GET",route="/ogc/collections/<str:collection_id>/items",status="200"} 1532.0
pingding_tile_cache_total{result="hit",tileset="all"} 9120.0
pingding_jobs{kind="export",state="queued"} 2.0
pingding_cases_overdue{state="dispatched"} 7.0
"""


def openapi_paths() -> dict:
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/exception"}}}}
    return {"/metrics": {"get": {
        "operationId": "getMetrics", "summary": "Prometheus metrics of the server (operators only)", "tags": ["server"],
        "description": "Requests by route template, method and status, their latency histogram, tile cache results, "
                       "database connections (and PgBouncer pools when configured), the job queue and overdue "
                       "cases, in the Prometheus text format 0.0.4. Allowed from the networks of "
                       "`PINGDING_METRICS_NETWORKS` (default: loopback) or with a token of the `admin` role.",
        "responses": {
            "200": {"description": "The metrics", "content": {"text/plain; version=0.0.4": {
                "schema": {"type": "string"}, "example": EXAMPLE}}},
            "403": {"description": "Neither from the operators' networks nor with an admin token.", **error},
        },
    }}}


def openapi_schemas() -> dict:
    return {}
