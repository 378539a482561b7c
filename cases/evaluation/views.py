"""``GET /api/evaluation?from=&to=&by=``: parse, scope, one statement, JSON."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from accounts.middleware import principal_of
from web.responses import json_response

from .documents import evaluation_document
from .params import parse_query
from .scope import evaluation_scope, require_known
from .selectors import evaluation_rows


@require_safe
def evaluation(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    require_known(principal)
    period, by = parse_query(request.GET)
    rows = evaluation_rows(by=by, period=period, scope=evaluation_scope(principal, by))
    return json_response(evaluation_document(rows, period=period, by=by))
