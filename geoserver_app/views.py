"""The API root, the server-wide OpenAPI document and the health check."""
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from layers.ogc.formats import OPENAPI_TYPE
from layers.responses import json_response

from .openapi import server_openapi_document


def api_root(request: HttpRequest) -> JsonResponse:
    base = request.build_absolute_uri("/").rstrip("/")
    return JsonResponse(
        {
            "title": "Pingding spatial governance server",
            "title_zh": "平定县社会治理空间数据服务",
            "links": [
                {"rel": "service-desc", "href": f"{base}{reverse('openapi')}", "title": "OpenAPI 3.0 of the whole server"},
                {"rel": "data", "href": f"{base}{reverse('ogc:landing')}", "title": "OGC API - Features"},
                {"rel": "tiles", "href": f"{base}{reverse('tiles:index')}", "title": "Vector and raster tilesets"},
                {"rel": "map", "href": f"{base}/map/", "title": "Map viewer"},
                {"rel": "status", "href": f"{base}/healthz", "title": "Health"},
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
def openapi(request: HttpRequest) -> HttpResponse:
    document = server_openapi_document(request)
    return json_response(document, OPENAPI_TYPE)


def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and PostGIS answer, 503 with the reason otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT postgis_lib_version(), version()")
            postgis, postgres = cursor.fetchone()
    except DatabaseError as error:
        return JsonResponse({"status": "unavailable", "database": str(error).strip()}, status=503)
    return JsonResponse({"status": "ok", "postgis": postgis, "postgres": postgres.split(",")[0]})
