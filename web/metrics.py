"""The request instruments of ``/metrics`` (Prometheus, ``prometheus_client``): what every answer adds to.

``pingding_http_requests_total{route, method, status}`` counts answers and
``pingding_http_request_duration_seconds{route, method}`` times them (streamed bodies: time to first byte, as the
request log). ``route`` is the URL pattern that answered (``/ogc/collections/<str:collection_id>/items``), or
``unmatched`` (a 404 or a request refused before resolving): never the raw path, so the number of series stays
bounded by the routes. ``method`` is one of :data:`METHODS` or ``other``.

Counted by :class:`MetricsMiddleware` (first in ``MIDDLEWARE``) and by the tile front (``tiles.front``), which answers
tiles without Django's middleware. Under uWSGI's several worker processes the values live in files of
``PROMETHEUS_MULTIPROC_DIR`` (one per process, summed at scrape time by ``metrics.scrape``); the directory must be
set before ``prometheus_client`` is first imported (``geoserver_app.server`` sets it and empties it at start).
"""
from __future__ import annotations

import time

from django.http import HttpRequest, HttpResponse
from prometheus_client import Counter, Histogram

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"
BUCKETS_S = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 120.0)
"""Latency buckets in seconds: a cached tile answers in about a millisecond, an export or a big page in seconds,
and uWSGI's ``harakiri`` kills a request at 120 s."""

REQUESTS = Counter("pingding_http_requests", "HTTP answers by route template, method and status.",
                   ("route", "method", "status"))
LATENCY = Histogram("pingding_http_request_duration_seconds",
                    "Time to answer (streamed bodies: to the first byte), by route template and method, in seconds.",
                    ("route", "method"), buckets=BUCKETS_S)


_series: dict[tuple[str, str, int], tuple] = {}
"""The labelled counter and histogram of each (route, method, status) seen: bounded by the routes, and a dict lookup
is cheaper than ``labels()`` twice (an answer counted in about 6 µs instead of 9, multiprocess mode, measured)."""


def request_observe(*, route: str, method: str, status: int, seconds: float) -> None:
    """Count one answer of ``route`` (a URL pattern, never a raw path) and its time in seconds."""
    method = method if method in METHODS else "other"
    series = _series.get((route, method, status))
    if series is None:
        series = _series[route, method, status] = (REQUESTS.labels(route, method, str(status)),
                                                   LATENCY.labels(route, method))
    series[0].inc()
    series[1].observe(seconds)


def route_of(request: HttpRequest) -> str:
    """The URL pattern that answered ``request`` (with its leading ``/``), or :data:`UNMATCHED`."""
    match = getattr(request, "resolver_match", None)
    return f"/{match.route}" if match is not None and match.route is not None else UNMATCHED


class MetricsMiddleware:
    """Counts and times every answer Django gives (outermost, so it sees the JSON error answers too)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        request_observe(route=route_of(request), method=request.method or "", status=response.status_code,
                        seconds=time.perf_counter() - started)
        return response
