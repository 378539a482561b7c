"""Tile benchmark: our vector tiles against the raw PostGIS floor and against MapServer 8, tile by tile.

Tiles: the fixed sample of :func:`tiles.sample.benchmark_tiles` (12 per zoom, z10-z17 over the county seat's
built-up area), less the zooms where the tileset draws no layer (the components start at z12). Tilesets:
``components`` (the big layer, and the one MapServer serves too), then ``all``.

Modes. Every mode runs on every tile in every round, in an order shuffled from tile to tile so that a change of
load on the two shared cores touches them alike; a warm-up round (PostgreSQL buffers, the tile cache, MapServer's
processes) is not counted. p50 and p95 are over all tiles and rounds.

``floor``          the tile's one statement (``tiles.sql.tile_statement``: the very text and parameters our endpoint
                   runs, run as it runs them by ``tiles.selectors.run_tile_statement``: prepared from z14 on; a
                   flooded tile, none in the sample, also runs the flooded statement) by psycopg2, the MVT fetched
                   into the client.
``floor text``     the same, always sent as text (never prepared): the floor as it was measured before z14+ tile
                   statements were prepared, for comparison.
``uncached``       ``GET /tiles/{tileset}/{z}/{x}/{y}.mvt`` from the server (the nginx front and uWSGI, 1 worker, as
                   ``make run``; DEBUG off) whose ``PINGDING_TILES_CACHE`` is off: render, answer (gzip only for a client that asks).
``miss``           the same from a second such server with the cache on, the tile's cache row deleted first
                   (outside the timer): lookup, render, gzip, conditional insert, answer. What a first request costs.
``cached``         that server again, the row present: a cache hit.
``... gzip``       ``uncached`` and ``cached`` asking ``Accept-Encoding: gzip``; every other mode asks ``identity``,
                   which is what MapServer sends (tiles are kept gzip; each server process keeps the gunzipped
                   bodies it served last, ``PINGDING_TILES_MEMORY_BYTES``).
``baseline``       ``GET /healthz`` of the same server (Django and one trivial query): the fixed cost of any
                   request, for scale (not a tile).
``MapServer``      (components only) ``mapserv?mode=tile&tilemode=gmap&...&map.imagetype=mvt`` over FastCGI behind
                   lighttpd (:mod:`bench.mapserver.runner`): the same table and public attributes, no cache.

Clients are keep-alive connections of :class:`bench.httpclient.LeanClient` reading the whole body (as lean as the
floor's psycopg2; ``http.client`` would add ~0.05 ms and ``requests`` ~0.8 ms to every request); nginx and lighttpd
both keep them alive. z16-z17, where no side clusters points, are also reported apart. Tiles are answered by
``tiles.front`` before the Django request cycle; ``/healthz`` goes through Django. Ratios are ours over the
floor, p50 to p50 and p95 to p95. Without mapserv or lighttpd the MapServer lines say so and give the apt-get command.
"""
from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from django.db import connection

from layers.registry import get_layer
from tiles.cache import cache_clear
from tiles.catalog import Tileset, get_tileset
from tiles.grid import TileId
from tiles.sample import ZOOMS
from tiles.sql import is_clustered

from ..mapserver.runner import mapserver as serve_mapserver
from ..mapserver.runner import unavailable
from ..server import app_server
from .modes import COMPARED, Modes, Samples, measure, sample, server_env, summary

TILESETS = ("components", "all")
MAPSERV_PROCESSES = 2
TARGETS = {"uncached": 1.2, "cached": 0.2}
"""Targets of ours over the floor at p50."""
HIGH_ZOOMS = {16, 17}
"""Where the comparison with peers is fair (no clustering on either side): reported apart."""


def outcome(tileset: Tileset, tiles: list[TileId], sizes: dict[TileId, int], samples: dict[str, Samples]) -> dict:
    modes = {name: summary(values) for name, values in samples.items()}
    floor = modes["floor"]
    result = {
        "tiles": len(tiles),
        "zooms": sorted({t.z for t in tiles}),
        "empty": sum(1 for t in tiles if sizes[t] == 0),
        "modes": modes,
        "ratios": {
            name: {"p50": s["p50_ms"] / floor["p50_ms"], "p95": s["p95_ms"] / floor["p95_ms"]}
            for name, s in modes.items() if name != "floor"
        },
    }
    high = HIGH_ZOOMS & {t.z for t in tiles}
    if high:
        apart = {name: summary(samples[name], high) for name in ("floor", "floor text", "uncached", "cached")}
        result["high_zooms"] = {
            "zooms": sorted(high), **apart,
            "ratios": {name: apart[name]["p50_ms"] / apart["floor"]["p50_ms"] for name in ("uncached", "cached")},
        }
    if "MapServer" in samples:
        theirs = modes["MapServer"]
        result["at_least_as_fast_as_mapserver"] = {
            name: modes[name]["p50_ms"] <= theirs["p50_ms"] and modes[name]["p95_ms"] <= theirs["p95_ms"]
            for name in ("uncached", "cached")
        }
        layer = get_layer(COMPARED)
        plain = {t.z for t in tiles if not is_clustered(layer, t.z)}
        result["unclustered"] = {
            "zooms": sorted(plain),
            **{name: summary(samples[name], plain) for name in ("floor", "uncached", "cached", "MapServer")},
        }
    return result


def run(*, repeat: int = 5) -> dict:
    skipped = unavailable()
    results: dict = {"repeat": repeat, "mapserver_skipped": skipped, "tilesets": {}}
    raw_connection = connection.cursor().connection
    with tempfile.TemporaryDirectory(prefix="pingding-bench-tiles-") as tmp, contextlib.ExitStack() as stack:
        servers = {
            "uncached": stack.enter_context(app_server(env=server_env(Path(tmp), cache=False)))[0],
            "cached": stack.enter_context(app_server(env=server_env(Path(tmp), cache=True)))[0],
        }
        mapserver = None
        if not skipped:
            mapserver = stack.enter_context(serve_mapserver(layer=get_layer(COMPARED), processes=MAPSERV_PROCESSES))
        if mapserver:
            results["mapserver"] = {
                "version": mapserver.version.split(" OUTPUT=")[0].removeprefix("MapServer version "),
                "protocol": mapserver.protocol,
                "fallback": mapserver.fallback,
                "processes": MAPSERV_PROCESSES if mapserver.protocol == "fastcgi" else None,
            }
        for tileset_id in TILESETS:
            tileset = get_tileset(tileset_id)
            tiles = sample(tileset)
            modes = Modes(tileset, raw_connection=raw_connection, servers=servers, mapserver=mapserver)
            stack.callback(modes.close)
            cache_clear(tileset_id=tileset.id)
            try:
                samples = measure(tiles, modes.table(), repeat=repeat)
                results["tilesets"][tileset.id] = outcome(tileset, tiles, modes.sizes, samples)
                modes.assert_cache_off()
                if modes.mapserver:
                    results["mapserver"]["check"] = modes.check_mapserver()
            finally:
                cache_clear(tileset_id=tileset.id)
    return results


LABELS = {
    "floor": "floor (ST_AsMVT statement, psycopg2)",
    "floor text": "the floor's statement as text, never prepared",
    "uncached": "ours uncached (cache off)",
    "uncached gzip": "ours uncached, gzip",
    "miss": "ours miss (row deleted first)",
    "cached": "ours cached (hit)",
    "cached gzip": "ours cached, gzip",
    "baseline": "HTTP baseline (GET /healthz: 1 query)",
}


def report(results: dict) -> list[str]:
    lines = []
    for tileset_id, result in results["tilesets"].items():
        lines += report_tileset(tileset_id, result, results)
    if results["mapserver_skipped"]:
        lines.append(f"  {results['mapserver_skipped']}")
    return lines


def report_tileset(tileset_id: str, result: dict, results: dict) -> list[str]:
    zooms = result["zooms"]
    undrawn = sorted(set(ZOOMS) - set(zooms))
    lines = [
        f"tiles: {tileset_id}, {result['tiles']} tiles z{zooms[0]}-z{zooms[-1]} of the fixed sample"
        + (f" (z{undrawn[0]}-z{undrawn[-1]} undrawn)" if undrawn else "")
        + f", {result['empty']} empty; {results['repeat']} rounds after a warm-up, modes interleaved;"
        " Accept-Encoding: identity except the gzip lines"
    ]
    mapserver = results.get("mapserver") if "at_least_as_fast_as_mapserver" in result else None
    for name, s in result["modes"].items():
        label = LABELS.get(name) or mapserver_label(mapserver)
        line = f"  {label:44s} p50 {s['p50_ms']:7.2f} ms  p95 {s['p95_ms']:7.2f} ms"
        if name != "floor":
            ratio = result["ratios"][name]
            line += f"  = {ratio['p50']:.2f}x / {ratio['p95']:.2f}x floor"
        if name in TARGETS:
            met = "met" if result["ratios"][name]["p50"] <= TARGETS[name] else "NOT met"
            line += f" (target p50 <= {TARGETS[name]}x: {met})"
        lines.append(line)
    if "high_zooms" in result:
        high = result["high_zooms"]
        lines.append(
            f"  z{high['zooms'][0]}-z{high['zooms'][-1]} apart: "
            + ", ".join(f"{name} p50 {high[name]['p50_ms']:.2f} / p95 {high[name]['p95_ms']:.2f} ms"
                        for name in ("floor", "floor text", "uncached", "cached"))
            + f"; uncached {high['ratios']['uncached']:.2f}x, cached {high['ratios']['cached']:.2f}x floor at p50"
        )
    if not mapserver:
        return lines
    if mapserver["fallback"]:
        reason = mapserver["fallback"]
        lines.append(f"  MapServer ran as plain CGI (a process start per request); FastCGI failed: {reason}")
    for name, faster in result["at_least_as_fast_as_mapserver"].items():
        lines.append(f"  ours {name} vs MapServer: ours at least as fast at p50 and p95: {'yes' if faster else 'no'}")
    plain = result["unclustered"]
    lines.append(
        f"  z{plain['zooms'][0]}-z{plain['zooms'][-1]} only (neither side clusters): "
        + ", ".join(f"{name} p50 {plain[name]['p50_ms']:.1f} / p95 {plain[name]['p95_ms']:.1f} ms"
                    for name in ("floor", "uncached", "cached", "MapServer"))
    )
    by_zoom = {name: result["modes"][name]["p50_ms_by_zoom"] for name in ("floor", "uncached", "cached", "MapServer")}
    lines.append("  p50 ms by zoom, floor/uncached/cached/MapServer: " + " | ".join(
        f"z{z} " + "/".join(f"{by_zoom[name][z]:.1f}" for name in by_zoom) for z in by_zoom["floor"]
    ))
    lines.append("  MapServer check, features ours/MapServer at the densest tile of each zoom: " + ", ".join(
        f"z{entry['tile'].split('/')[0]} {entry['ours_features']}/{entry['mapserver_features']}"
        + (" (we cluster)" if entry["clustered"] else " (ids among ours)")
        for entry in mapserver["check"]
    ))
    return lines


def mapserver_label(mapserver: dict) -> str:
    if mapserver["protocol"] == "fastcgi":
        return f"MapServer {mapserver['version']} (FastCGI x{mapserver['processes']}, lighttpd)"
    return f"MapServer {mapserver['version']} (plain CGI, lighttpd)"
