"""``GET /metrics`` (Prometheus text format), for the operators only."""
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from .access import metrics_check
from .scrape import CONTENT_TYPE, metrics_text


@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    metrics_check(request)
    response = HttpResponse(metrics_text(), content_type=CONTENT_TYPE)
    response["Cache-Control"] = "no-store"
    return response
