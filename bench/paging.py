"""Paging benchmark: a client reading a collection page by page on ONE kept-alive connection, against the floor.

Ours: :class:`bench.httpclient.LeanClient` (one socket, ``TCP_NODELAY``, as GDAL, QGIS and browsers page) reads
``/ogc/collections/components/items?limit=100&f=json`` and follows the ``next`` link for 100 pages, through the
nginx front and uWSGI (1 worker) as ``make run`` serves. Each page is timed from the request to its last byte; the
JSON is parsed for the ``next`` link outside the timer. Floor: the very statement of each page
(``layers.query.sql.sql_items_page`` of the parsed query) executed by psycopg2 and fetched whole, in the same run.
Each page is timed both ways back to back (ours first on even pages, the floor first on odd ones), so that both see
the same load of a shared machine: timed in blocks of 100 pages, a burst of other work during one block moved the
ratio from 1.14x to 1.75x between two runs a minute apart. The first round is a warm-up. p50 and p95 are over pages
and rounds.

Which front settings serve best is measured too, on the cached tile that costs least (the front's own overhead):
the uWSGI socket a Unix socket or loopback TCP, nginx's ``uwsgi_buffering`` on or off.
"""
from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

from django.db import connection
from django.http import QueryDict

from layers.ogc.params import parse_items_query
from layers.query.sql import sql_items_page
from layers.registry import get_layer

from .httpclient import LeanClient
from .server import app_server
from .stats import percentile

COLLECTION = "components"
PAGE = 100
PAGES = 100
TARGET = 1.3
"""Target of ours over the floor at p50."""
FRONT_VARIANTS = (("unix", False), ("unix", True), ("tcp", False))
CACHED_TILE = "/tiles/components/15/26725/12662.mvt"
TILE_READS = 400


def page_statement(layer, query: str):
    """The statement our endpoint runs for the items page of ``layer`` asked by the query string ``query``."""
    return sql_items_page(layer, parse_items_query(layer, QueryDict(query), None))


def floor_page(raw, layer, page: int) -> float:
    """Seconds of one page's statement through psycopg2, rows fetched into the client."""
    statement = page_statement(layer, f"limit={PAGE}&offset={page * PAGE}&f=json")
    with raw.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(statement.text, statement.params)
        cursor.fetchall()
        return time.perf_counter() - started


def paired_pages(base: str, pages: int) -> tuple[list[float], list[float]]:
    """Seconds of each page read by following ``next`` on one connection (asserted to stay the same socket: a
    reconnection would be timed too), and of the same page's statement (the floor), timed back to back."""
    layer = get_layer(COLLECTION)
    raw = connection.cursor().connection
    client = LeanClient(base)
    path = f"/ogc/collections/{COLLECTION}/items?limit={PAGE}&f=json"
    ours, floor = [], []
    try:
        for page in range(pages):
            if page % 2:
                floor.append(floor_page(raw, layer, page))
            sock = client.sock
            started = time.perf_counter()
            status, _, body = client.get(path, headers={"Accept": "application/geo+json"})
            ours.append(time.perf_counter() - started)
            if page and client.sock is not sock:
                raise RuntimeError("the server closed the kept-alive connection")
            if not page % 2:
                floor.append(floor_page(raw, layer, page))
            path = _next_path(path, status, body)
    finally:
        client.close()
    return ours, floor


def _next_path(path: str, status: int, body: bytes) -> str:
    """The ``next`` link of a page, which must be whole."""
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}: {body[:300]!r}")
    document = json.loads(body)
    if len(document["features"]) != PAGE:
        raise RuntimeError(f"GET {path} returned {len(document['features'])} features, not {PAGE}")
    return _path(next(link["href"] for link in document["links"] if link["rel"] == "next"))


def _path(href: str) -> str:
    parts = urlsplit(href)
    return f"{parts.path}?{parts.query}"


def summary(times: list[float]) -> dict:
    return {"p50_ms": percentile(times, 50) * 1000, "p95_ms": percentile(times, 95) * 1000, "n": len(times)}


def front_variants() -> dict:
    """p50/p95 of a cached tile (read ``TILE_READS`` times on one connection) per (upstream, buffering)."""
    results = {}
    for upstream, buffering in FRONT_VARIANTS:
        with app_server(upstream=upstream, buffering=buffering) as (base, _):
            client = LeanClient(base)
            times = []
            for i in range(TILE_READS + 20):
                started = time.perf_counter()
                status, _, _ = client.get(CACHED_TILE, headers={"Accept-Encoding": "identity"})
                if i >= 20:  # the first reads fill the tile cache and the worker's memory
                    times.append(time.perf_counter() - started)
                if status not in (200, 204):
                    raise RuntimeError(f"GET {CACHED_TILE} answered {status}")
            client.close()
        results[f"{upstream} socket, uwsgi_buffering {'on' if buffering else 'off'}"] = summary(times)
    return results


def run(*, repeat: int = 5) -> dict:
    rounds = max(2, min(repeat, 4))
    ours, floor = [], []
    with app_server() as (base, _):
        for round_ in range(rounds):
            page_times, floor_times = paired_pages(base, PAGES)
            if round_:  # the first round warms PostgreSQL's buffers and the worker
                ours += page_times
                floor += floor_times
    result = {"pages": PAGES, "page_size": PAGE, "rounds": rounds - 1, "ours": summary(ours), "floor": summary(floor)}
    result["ratio_p50"] = result["ours"]["p50_ms"] / result["floor"]["p50_ms"]
    result["ratio_p95"] = result["ours"]["p95_ms"] / result["floor"]["p95_ms"]
    result["front_variants"] = front_variants()
    return result


def report(results: dict) -> list[str]:
    ours, floor = results["ours"], results["floor"]
    lines = [
        f"paging: {results['pages']} pages of {results['page_size']} {COLLECTION} by the next link on one kept-alive "
        f"connection, {results['rounds']} rounds",
        f"  floor (the page's statement, psycopg2)  p50 {floor['p50_ms']:.2f} ms  p95 {floor['p95_ms']:.2f} ms",
        f"  ours  (GET through nginx + uWSGI)       p50 {ours['p50_ms']:.2f} ms  p95 {ours['p95_ms']:.2f} ms",
        f"  ratio ours/floor p50 {results['ratio_p50']:.2f}x (target <= {TARGET}x), p95 {results['ratio_p95']:.2f}x",
        f"  front settings, a cached tile ({TILE_READS} reads on one connection):",
    ]
    for name, s in results["front_variants"].items():
        lines.append(f"    {name:<38} p50 {s['p50_ms']:.3f} ms  p95 {s['p95_ms']:.3f} ms")
    return lines
