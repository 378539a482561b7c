"""The case API: ``GET /api/cases``, ``GET /api/cases/{id}`` and ``POST /api/cases/{id}/actions``: parse the
request, call the selector or the service, write the answer."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from accounts.middleware import check_writer, principal_of
from accounts.principal import Principal
from web.conditional import if_match_versions, none_match
from web.errors import Forbidden, NotAuthenticated
from web.responses import json_response

from .documents import case_document, case_etag, page_document
from .errors import CaseNotFound
from .params import parse_filters, parse_step_request
from .scope import reads_cases
from .selectors import case_get, cases_page
from .services import ETAG_KIND, case_act


def _reader(request: HttpRequest) -> Principal:
    principal = principal_of(request)
    if principal.is_anonymous:
        raise NotAuthenticated("Cases are read with an API token (Authorization: Bearer) or a signed-in session.",
                               parameter="Authorization")
    if not reads_cases(principal):
        raise Forbidden("Your role reads no cases: they are read by grid members, departments, the centre's "
                        "operators, dispatchers and shift leaders, leaders and admins.", parameter="Authorization")
    return principal


@require_safe
def case_list(request: HttpRequest) -> HttpResponse:
    principal = _reader(request)
    page = cases_page(principal=principal, filters=parse_filters(request.GET))
    return json_response(page_document(page, principal=principal))


def _case_response(case, steps, principal: Principal, status: int = 200) -> HttpResponse:
    response = json_response(case_document(case, steps, principal=principal), status=status)
    response["ETag"] = case_etag(case)
    return response


MAX_ID = 2**63 - 1
"""Ids beyond a bigint name no case (and are not sent to the database)."""


def _existing_id(case_id: int) -> int:
    if case_id > MAX_ID:
        raise CaseNotFound(f"There is no case {case_id}.", parameter="id")
    return case_id


@require_safe
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    principal = _reader(request)
    case_id = _existing_id(case_id)
    case, steps = case_get(case_id=case_id, principal=principal)
    if none_match(request, case_etag(case)):
        response = HttpResponse(status=304)
        response["ETag"] = case_etag(case)
        return response
    return _case_response(case, steps, principal)


@csrf_exempt  # a session's write is checked by check_writer, after the 401
@require_http_methods(["POST"])
def case_actions(request: HttpRequest, case_id: int) -> HttpResponse:
    refused = check_writer(request)
    if refused is not None:
        return refused
    principal = _reader(request)
    case_id = _existing_id(case_id)
    step = parse_step_request(request)
    versions = if_match_versions(request, ETAG_KIND, case_id)
    taken = case_act(case_id=case_id, principal=principal, step=step, versions=versions)
    return _case_response(taken.case, taken.steps, principal)
