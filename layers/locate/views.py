"""Views of the snapping service: parse the request, call a selector, write JSON. Errors are raised and the
JSON error middleware answers them (400 naming the parameter, 413, 422 ``OutsideCounty``)."""
from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from accounts.middleware import principal_of
from layers.errors import ApiError
from layers.responses import json_response
from web.throttle import rate_limited

from . import conf, params, serialize
from .bulk import bulk_nearest_addresses
from .snap import reverse_point, snap_point


@require_safe
def snap(request: HttpRequest) -> HttpResponse:
    query = params.parse_snap_query(request.GET)
    point = query.point
    with params.renamed_parameters(point.names):
        result = snap_point(
            lon=point.x, lat=point.y, crs=point.crs, radius_m=query.radius_m, principal=principal_of(request)
        )
    return json_response(serialize.snap_document(result))


@require_safe
def reverse(request: HttpRequest) -> HttpResponse:
    query = params.parse_reverse_query(request.GET)
    point = query.point
    with params.renamed_parameters(point.names):
        result = reverse_point(
            lon=point.x, lat=point.y, crs=point.crs, limit=query.limit, principal=principal_of(request)
        )
    return json_response(serialize.reverse_document(result))


@csrf_exempt
@require_POST
@rate_limited("addresses_nearest", conf.bulk_rate_limits)
def addresses_nearest(request: HttpRequest) -> HttpResponse:
    try:
        raw = request.body
    except RequestDataTooBig:
        raise ApiError(
            f"The request body is larger than the server accepts; send at most {conf.max_bulk_points():,} points "
            "per request, as plain JSON numbers.",
            parameter="points", code="PayloadTooLarge", status=413,
        ) from None
    body = params.parse_nearest_body(raw)
    nearest = bulk_nearest_addresses(points=body.points, crs=body.crs)
    return json_response(serialize.nearest_document(body.crs, nearest))
