"""Soak (issue 13): ``SECONDS`` of mixed load at ``CONNECTIONS`` kept-alive connections against the server as
``make run`` starts it (the nginx front, uWSGI with 3 workers, the job worker), on the database of ``DATABASE_URL``.

The load is ``wrk`` with ``soak.lua`` (C; cheap on two cores): feature pages by bbox and their ``next`` links, single
features, vector tiles (a set read over and over, so cached, and tiles spread over the county, rendered), snaps,
geocodes, WFS GetFeature, small exports (CSV, GeoJSON, GeoPackage, KML), reports and Open311 requests with
idempotency keys (one in eight a retry), the case list and the case loop (the run's reports filed by an operator,
then dispatched by a dispatcher), the dashboard by a leader, and a tenth of bad requests that must be 4xx
(:mod:`bench.soak.mix`). The per-address limit of reports is off for the run (every connection comes from
127.0.0.1). Measured: answers by status class and per route family (the front's access log: count, rate,
p50/p95/p99), wrk's socket errors and timeouts, and the memory of every worker every ``interval_s``
(:mod:`bench.soak.memory`). At the end, the run's rows are deleted and what it changed restored
(:mod:`bench.soak.rows`), and every table's count is compared with its count before. Written to
``bench/out/soak.json``. The run passes with no 5xx, no socket error, no unexpected answer, every family
answered, no memory growth (nor a replaced worker), and nothing left behind.
"""
from __future__ import annotations

SECONDS = 600
CONNECTIONS = 64
INTERVAL_S = 30.0
"""Seconds between two memory samples."""


def run(**options) -> dict:
    """:func:`bench.soak.runner.run` (imported here, not at the package's import: ``python -m bench.soak`` sets Django
    up first)."""
    from .runner import run as soak_run

    return soak_run(**options)


def report(results: dict) -> list[str]:
    from .runner import report as soak_report

    return soak_report(results)
