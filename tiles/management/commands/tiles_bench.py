"""``manage.py tiles_bench``: p50 latency of the tile endpoint against the raw tile SQL, on the benchmark sample.

For the tiles of :func:`tiles.sample.benchmark_tiles` (z10-z17 over the built-up area) it measures, in process:

``raw SQL``     the one tile statement run with a cursor, JIT and parallel workers off for the session (what
                PostGIS costs, without the transaction and ``SET LOCAL`` round trips of ``tile_render``);
``uncached``    ``GET /tiles/...`` through Django with ``PINGDING_TILES_CACHE`` off (render + gzip + response);
``miss``        the same with the cache on and the tile's row deleted first (render + gzip + conditional insert);
``cached``      ``GET`` of a tile already in the cache.

Each tile is requested ``--repeat`` times per mode; the p50 is over all requests of a mode.
"""
from __future__ import annotations

import logging
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings

from tiles.cache import cache_clear
from tiles.catalog import get_tileset
from tiles.grid import pixel_size
from tiles.sample import benchmark_tiles
from tiles.sql import tile_statement


class Command(BaseCommand):
    help = "Measure p50 of the tile endpoint (uncached, miss, cached) against the raw tile SQL."

    def add_arguments(self, parser):
        parser.add_argument("--tileset", default="all")
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--per-zoom", type=int, default=12)

    def handle(self, *args, tileset: str, repeat: int, per_zoom: int, **options):
        logging.getLogger("pingding").setLevel(logging.WARNING)
        found = get_tileset(tileset)
        tiles = [tile for tile in benchmark_tiles(per_zoom=per_zoom) if found.layers_at(tile.z)]
        client = Client(HTTP_ACCEPT_ENCODING="gzip", HTTP_HOST="localhost")
        urls = {tile: f"/tiles/{found.id}/{tile.z}/{tile.x}/{tile.y}.mvt" for tile in tiles}

        def raw(tile):
            layers = [layer.id for layer in found.layers_at(tile.z)]
            params = {"z": tile.z, "x": tile.x, "y": tile.y, "px": pixel_size(tile.z), "layers": layers}
            with connection.cursor() as cursor:
                cursor.execute(tile_statement(found, tile.z), params)
                cursor.fetchone()

        def miss(tile):
            with connection.cursor() as cursor:
                cursor.execute(
                    "DELETE FROM tiles_tilecache WHERE tileset = %s AND z = %s AND x = %s AND y = %s",
                    [found.id, tile.z, tile.x, tile.y],
                )
            started = time.perf_counter()
            client.get(urls[tile])
            return time.perf_counter() - started

        with connection.cursor() as cursor:
            cursor.execute("SET jit = off; SET max_parallel_workers_per_gather = 0")
        for tile in tiles:  # warm up PostgreSQL's buffers and Django's URL resolver
            raw(tile)
            client.get(urls[tile])

        def uncached(tile):
            with override_settings(PINGDING_TILES_CACHE=False):  # entered and left outside the timer
                started = time.perf_counter()
                client.get(urls[tile])
                return time.perf_counter() - started

        def cached(tile):
            client.get(urls[tile])

        # the modes take turns on each tile, so a change of machine load touches them alike
        modes = {"raw SQL": timed(raw), "uncached": uncached, "miss": miss, "cached": timed(cached)}
        results: dict[str, list[float]] = {mode: [] for mode in modes}
        for _ in range(repeat):
            for tile in tiles:
                for mode, call in modes.items():
                    results[mode].append(call(tile))
        cache_clear(tileset_id=found.id)

        base = statistics.median(results["raw SQL"])
        zooms = f"z{min(t.z for t in tiles)}-z{max(t.z for t in tiles)}"
        self.stdout.write(f"tileset {found.id}: {len(tiles)} tiles {zooms}, {repeat} requests each")
        for mode, samples in results.items():
            p50 = statistics.median(samples)
            p95 = statistics.quantiles(samples, n=20)[-1]
            self.stdout.write(f"  {mode:9s} p50 {p50 * 1000:7.2f} ms  p95 {p95 * 1000:7.2f} ms  {p50 / base:5.2f}x raw")


def timed(call):
    """``call`` made to return its duration in seconds."""

    def run(tile) -> float:
        started = time.perf_counter()
        call(tile)
        return time.perf_counter() - started

    return run
