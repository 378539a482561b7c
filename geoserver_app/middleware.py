"""Request logging (errors become JSON answers in ``web.middleware``)."""
from __future__ import annotations

import logging
import time

from django.http import HttpRequest, HttpResponse

log = logging.getLogger("pingding.requests")


class RequestLogMiddleware:
    """Logs method, path, status and time of every request (streamed bodies: time to first byte)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        log.info("%s %s %s %.1fms", request.method, request.get_full_path(), response.status_code, elapsed_ms)
        return response
