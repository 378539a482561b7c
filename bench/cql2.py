"""CQL2 benchmark: a CQL2-filtered page of 100 components against the same page with its condition written by hand.

Ours: from the query string to the rows: ``parse_items_query`` (``cql2`` parses the filter, ``layers.query``
compiles it to a bound condition), ``sql_items_page``, executed by psycopg2 and fetched whole. Floor: the same page
statement with the condition written by hand as a careful person writes it (the ``&&`` box of ``S_DWITHIN`` too, so
the floor uses the GiST index as ours does), executed and fetched the same way. Both are timed back to back on each
round (alternating which goes first), so that both see the same load of a shared machine; p50 over rounds. The
difference is what the parser, the compiler and the binding cost, plus any plan the compiled text makes worse.
"""
from __future__ import annotations

import math
from dataclasses import replace
import time
from urllib.parse import urlencode

from django.db import connection
from django.http import QueryDict

from layers.ogc.params import parse_items_query
from layers.query.sql import sql_items_page
from layers.sqltext import Sql
from layers.registry import get_layer

from .stats import percentile

COLLECTION = "components"
PAGE = 100
ROUNDS = 60
TARGET = 1.15
"""Target of ours over the hand-written floor at p50."""
LON, LAT, METRES = 113.627, 37.795, 300.0
_DEG = METRES / 110_574.0 * 1.01


def _dwithin_by_hand() -> Sql:
    dx = METRES / (110_574.0 * math.cos(math.radians(LAT + METRES / 110_574.0))) * 1.01
    point = "ST_SetSRID(ST_MakePoint(%s, %s), 4490)"
    return Sql(
        f"t.geom && ST_Expand({point}, %s, %s) AND ST_DWithin(t.geom::geography, {point}::geography, %s)"
        " AND t.code LIKE %s",
        (LON, LAT, dx, _DEG, LON, LAT, METRES, "1403210%"),
    )


CASES = {
    "attributes": (
        "state IN ('damaged', 'missing', 'occupied') OR installed_on < DATE('2000-01-01')",
        Sql("(t.state IN (%s, %s, %s) OR t.installed_on < %s)", ("damaged", "missing", "occupied", "2000-01-01")),
    ),
    "distance": (
        f"S_DWITHIN(geometry, POINT({LON} {LAT}), {METRES}) AND code LIKE '1403210%'",
        _dwithin_by_hand(),
    ),
}


def ours(raw, layer, text: str) -> tuple[float, int]:
    started = time.perf_counter()
    query = parse_items_query(layer, QueryDict(urlencode({"filter": text, "limit": PAGE, "f": "json"})), None)
    statement = sql_items_page(layer, query)
    with raw.cursor() as cursor:
        cursor.execute(statement.text, statement.params)
        rows = cursor.fetchall()
    return time.perf_counter() - started, len(rows)


def floor(raw, layer, condition: Sql) -> tuple[float, int]:
    started = time.perf_counter()
    query = parse_items_query(layer, QueryDict(f"limit={PAGE}&f=json"), None)
    statement = sql_items_page(layer, replace(query, cql=condition))
    with raw.cursor() as cursor:
        cursor.execute(statement.text, statement.params)
        rows = cursor.fetchall()
    return time.perf_counter() - started, len(rows)


def run(*, repeat: int = 5) -> dict:
    layer = get_layer(COLLECTION)
    raw = connection.cursor().connection
    results = {}
    for name, (text, condition) in CASES.items():
        mine, hand = [], []
        for round_ in range(ROUNDS + 10):
            pair = ((ours, text, mine), (floor, condition, hand))
            for fn, arg, times in (pair if round_ % 2 else pair[::-1]):
                seconds, rows = fn(raw, layer, arg)
                if round_ >= 10:  # the first rounds warm the buffers and the parser
                    times.append(seconds)
            if round_ == 0:
                results[name] = {"rows": rows}
        ours_ms, floor_ms = percentile(mine, 50) * 1000, percentile(hand, 50) * 1000
        results[name].update({
            "filter": text, "ours_p50_ms": ours_ms, "floor_p50_ms": floor_ms, "ratio_p50": ours_ms / floor_ms,
            "ours_p95_ms": percentile(mine, 95) * 1000, "floor_p95_ms": percentile(hand, 95) * 1000,
        })
    return results


def report(results: dict) -> list[str]:
    lines = [f"cql2: a filtered page of {PAGE} {COLLECTION}, ours (parse + compile + statement) vs the condition "
             f"written by hand, {ROUNDS} paired rounds"]
    for name, r in results.items():
        lines.append(
            f"  {name:<10} {r['rows']} rows  floor p50 {r['floor_p50_ms']:.2f} ms  ours p50 {r['ours_p50_ms']:.2f} ms"
            f"  ratio {r['ratio_p50']:.2f}x (target <= {TARGET}x)  [{r['filter']}]"
        )
    return lines
