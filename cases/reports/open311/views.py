"""Views of Open311 GeoReport v2: parse, ask a selector or the report service, write JSON."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from accounts.middleware import principal_of
from layers.errors import NotFound
from web.params import check_known
from web.responses import json_response
from web.throttle import Refusal, rate_limited

from .. import conf, idempotency
from ..selectors import service_request_get, service_requests, services_list
from ..services import report_submit
from ..views import THROTTLE_SCOPE, answer_response, is_replay
from . import documents
from .errors import error_response, open311_view
from .params import (
    GET_FIELDS,
    check_jurisdiction,
    parse_list,
    parse_output_crs,
    parse_post,
    parse_service,
)

OPEN311_PARAMETERS = {
    "lon": "long",
    "lat": "lat",
    "lon,lat": "lat,long",
    "event_class": "service_code",
    "component_category": "service_code",
}
"""The snap's and the report service's parameter names, as Open311 clients call them."""


def _json(document) -> HttpResponse:
    return json_response(document)


@open311_view("GET")
def services(request: HttpRequest) -> HttpResponse:
    check_known(request.GET, GET_FIELDS - {"crs"})
    check_jurisdiction(request.GET)
    return _json([documents.service_document(s) for s in services_list()])


@open311_view("GET")
def service(request: HttpRequest, service_code: str) -> HttpResponse:
    check_known(request.GET, GET_FIELDS - {"crs"})
    check_jurisdiction(request.GET)
    return _json(documents.service_definition(parse_service(service_code)))


def _refusal(refusal: Refusal) -> HttpResponse:
    body = refusal.as_dict()
    return error_response(
        429, body["description"], error=body["code"], extra={"limit": body["limit"], "retryAfter": body["retryAfter"]}
    )


@csrf_exempt
@rate_limited(THROTTLE_SCOPE, conf.rate_limits, respond=_refusal, refund_if=is_replay)
@open311_view("GET", "POST")
def requests(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _post(request)
    query = parse_list(request.GET)
    crs = parse_output_crs(request.GET)
    found = service_requests(
        codes=query.codes, service_codes=query.service_codes, start=query.start, end=query.end,
        statuses=query.statuses, limit=int(conf.get("PINGDING_REPORTS_OPEN311_MAX_REQUESTS")),
        principal=principal_of(request),
    )
    return _json(documents.request_documents(found, crs=crs))


def _post(request: HttpRequest) -> HttpResponse:
    key = idempotency.parse_key(request.headers.get(idempotency.HEADER))
    posted = parse_post(request)
    answer = report_submit(
        report=posted.report,
        idempotency_key=key,
        fingerprint=idempotency.request_fingerprint(method=request.method, path=request.path, content=posted.canonical),
        render=documents.post_answer,
        parameters=OPEN311_PARAMETERS,
        principal=principal_of(request),
        path="open311",
    )
    return answer_response(answer)


@open311_view("GET")
def request_detail(request: HttpRequest, service_request_id: str) -> HttpResponse:
    check_known(request.GET, GET_FIELDS)
    check_jurisdiction(request.GET)
    crs = parse_output_crs(request.GET)
    found = service_request_get(code=service_request_id, principal=principal_of(request))
    if found is None:
        raise NotFound(f"There is no service request {service_request_id!r}.", parameter="service_request_id")
    return _json(documents.request_documents([found], crs=crs))

