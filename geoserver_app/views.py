"""The API root and the health check."""
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.urls import reverse


def api_root(request: HttpRequest) -> JsonResponse:
    base = request.build_absolute_uri("/").rstrip("/")
    return JsonResponse(
        {
            "title": "Pingding spatial governance server",
            "title_zh": "平定县社会治理空间数据服务",
            "links": [
                {"rel": "service-desc", "href": f"{base}{reverse('ogc:openapi')}", "title": "OpenAPI 3.0"},
                {"rel": "data", "href": f"{base}{reverse('ogc:landing')}", "title": "OGC API - Features"},
                {"rel": "status", "href": f"{base}/healthz", "title": "Health"},
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and PostGIS answer, 503 with the reason otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT postgis_lib_version(), version()")
            postgis, postgres = cursor.fetchone()
    except DatabaseError as error:
        return JsonResponse({"status": "unavailable", "database": str(error).strip()}, status=503)
    return JsonResponse({"status": "ok", "postgis": postgis, "postgres": postgres.split(",")[0]})
