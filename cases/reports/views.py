"""``POST /api/reports``: parse the request, call the service, write the answer (201, or the replayed one)."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from accounts.middleware import principal_of
from web.responses import json_response, method_not_allowed
from web.throttle import rate_limited

from . import conf, idempotency
from .documents import report_answer
from .idempotency import Answer
from .params import parse_report_request
from .services import report_submit

REPORT_PARAMETERS = {"lon": "location.lon", "lat": "location.lat", "lon,lat": "location"}
"""The snap's parameter names, as the clients of ``/api/reports`` call them."""

THROTTLE_SCOPE = "reports"
"""One count for every way of posting a report (``/api/reports`` and Open311)."""


def is_replay(response: HttpResponse) -> bool:
    """The answer replays an earlier one (it created nothing, so the rate limit does not count it)."""
    return response.get(idempotency.REPLAYED_HEADER) == "true"


def answer_response(answer: Answer) -> HttpResponse:
    """The JSON response of an answer; a replayed one says so in ``Idempotent-Replayed: true``.

    Keys are sorted, so a replay (whose body went through jsonb, which keeps no key order) is byte for byte the
    first answer."""
    response = json_response(answer.body, status=answer.status, sort_keys=True)
    if answer.replayed:
        response[idempotency.REPLAYED_HEADER] = "true"
    return response


@csrf_exempt
@rate_limited(THROTTLE_SCOPE, conf.rate_limits, refund_if=is_replay)
def reports(request: HttpRequest) -> HttpResponse:
    """Create a located report; see :mod:`cases.reports.params` for the body and ``openapi.py`` for examples."""
    if request.method != "POST":
        return method_not_allowed(request, ("POST",))
    key = idempotency.parse_key(request.headers.get(idempotency.HEADER))
    parsed = parse_report_request(request)
    answer = report_submit(
        report=parsed.report,
        photos=parsed.photos,
        idempotency_key=key,
        fingerprint=idempotency.request_fingerprint(method=request.method, path=request.path, content=parsed.canonical),
        render=report_answer,
        parameters=REPORT_PARAMETERS,
        principal=principal_of(request),
    )
    return answer_response(answer)
