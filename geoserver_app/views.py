"""The API root, the server-wide OpenAPI document, the health check and the bare ``/ogc``."""
import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_safe

from layers.ogc.formats import OPENAPI_TYPE
from layers.responses import json_response
from web.public_url import public_url
from web.replica import primary_lsn, replica_configured, replica_state

from .openapi import server_openapi_document

log = logging.getLogger("pingding.health")


@require_safe
def api_root(request: HttpRequest) -> HttpResponse:
    base = public_url(request)
    return json_response(
        {
            "title": "Pingding spatial governance server",
            "title_zh": "平定县社会治理空间数据服务",
            "links": [
                {"rel": "service-desc", "href": f"{base}{reverse('openapi')}", "title": "OpenAPI 3.0 of the whole server"},
                {"rel": "service-doc", "href": f"{base}{reverse('api-docs')}", "type": "text/html", "title": "API documentation"},
                {"rel": "data", "href": f"{base}{reverse('ogc:landing')}", "title": "OGC API - Features"},
                {"rel": "tiles", "href": f"{base}{reverse('tiles:index')}", "title": "Vector and raster tilesets"},
                {"rel": "map", "href": f"{base}/map/", "title": "Map viewer"},
                {"rel": "status", "href": f"{base}{reverse('healthz')}", "title": "Health"},
            ],
        }
    )


@require_safe
def openapi(request: HttpRequest) -> HttpResponse:
    document = server_openapi_document(request)
    return json_response(document, OPENAPI_TYPE)


@require_safe
def ogc_without_slash(request: HttpRequest) -> HttpResponse:
    """``/ogc`` redirects to the landing page by an absolute URL (QGIS 3.22 does not follow a relative one)."""
    query = request.META.get("QUERY_STRING", "")
    target = public_url(request) + reverse("ogc:landing") + (f"?{query}" if query else "")
    return HttpResponseRedirect(target)


_FAILED = {
    "database": "The database does not answer.",
    "postgis": "The database answers, but PostGIS does not.",
}


def health(conn) -> tuple[int, dict]:
    """Status and body of the health check over the database connection ``conn``.

    A failure names the dependency (``database`` or ``postgis``) and nothing of its address, user or error text,
    which go to the ``pingding.health`` log instead."""
    step = "database"
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT version()")
            postgres = cursor.fetchone()[0]
            step = "postgis"
            cursor.execute("SELECT postgis_lib_version()")
            postgis = cursor.fetchone()[0]
    except DatabaseError as error:
        log.error("health check: %s failed: %s", step, str(error).strip())
        return 503, {"status": "unavailable", "failed": step, "description": _FAILED[step]}
    return 200, {"status": "ok", "postgis": postgis, "postgres": postgres.split(",")[0]}


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database and PostGIS answer, 503 naming the one that does not; with a read replica, its state
    and lag (a replica down or lagging is no 503: reads then go to the primary)."""
    status, body = health(connection)
    if status == 200 and replica_configured():
        body["replica"] = replica_health()
    return json_response(body, status=status)


def replica_health() -> dict:
    """The replica's state (``streaming``, ``lagging``, ``down``), its replay lag in seconds and bytes, and
    ``lag_bytes``: how far its replay is behind the primary's current WAL position."""
    state = replica_state(fresh=True)
    body = state.as_dict()
    if state.replay_lsn is not None:
        try:
            body["lag_bytes"] = max(primary_lsn() - state.replay_lsn, 0)
        except DatabaseError:
            body["lag_bytes"] = None
    return body
