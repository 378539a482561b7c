"""Feature API benchmark: every city component in one GeoJSON response against the raw PostGIS floor.

Floor: ``SELECT string_agg(ST_AsGeoJSON(t.*, 'geom', 7), ',')`` over the same rows and the same public columns,
fetched by psycopg2 into the client. Ours: ``GET /ogc/collections/components/items?limit=<all>`` from a real
server worker, read to the last byte. Memory: the worker's resident set, sampled every 5 ms during the request.
"""
from __future__ import annotations

import threading
import time

import psutil
import requests
from django.db import connection
from psycopg2 import sql

from layers.registry import get_layer

from .server import app_server
from .stats import median, timed


def floor_query(layer_id: str) -> sql.Composed:
    layer = get_layer(layer_id)
    columns = [sql.Identifier(layer.id_column), *(sql.Identifier(name) for name in layer.fields)]
    return sql.SQL(
        "SELECT string_agg(ST_AsGeoJSON(t.*, 'geom', 7), ',') FROM "
        "(SELECT {columns}, {geom} AS geom FROM {table} ORDER BY {pk}) t"
    ).format(
        columns=sql.SQL(", ").join(columns),
        geom=sql.Identifier(layer.geometry_column),
        table=sql.Identifier(layer.table),
        pk=sql.Identifier(layer.id_column),
    )


class RssSampler:
    """Samples a process's RSS in a background thread; ``peak`` is the highest value seen (bytes)."""

    def __init__(self, pid: int, interval_s: float = 0.005):
        self.process = psutil.Process(pid)
        self.interval_s = interval_s
        self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(self.interval_s)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def run(*, repeat: int = 5) -> dict:
    layer = get_layer("components")
    count = layer.model.objects.count()
    if count == 0:
        raise RuntimeError("no components: seed the county first (make seed)")
    query = floor_query("components")
    raw_connection = connection.cursor().connection

    def floor() -> int:
        with raw_connection.cursor() as cursor:
            cursor.execute(query)
            return len(cursor.fetchone()[0])

    floor_times = timed(floor, repeat=repeat)
    floor_bytes = floor()

    results: dict = {"features": count, "floor_bytes": floor_bytes}
    with app_server(env={"PINGDING_OGC_MAX_LIMIT": str(count)}) as (base, worker_pid):
        url = f"{base}/ogc/collections/components/items"
        params = {"limit": count}
        payload = {}

        def ours() -> None:
            response = requests.get(url, params=params, stream=True, timeout=300)
            response.raise_for_status()
            payload["bytes"] = sum(len(chunk) for chunk in response.iter_content(chunk_size=1 << 16))

        fresh_rss = psutil.Process(worker_pid).memory_info().rss
        ours_times = timed(ours, repeat=repeat)
        baseline_rss = psutil.Process(worker_pid).memory_info().rss
        with RssSampler(worker_pid) as sampler:
            ours()
        body = requests.get(url, params={"limit": 1}, timeout=30).json()

    results.update(
        matched=body["numberMatched"],
        payload_bytes=payload["bytes"],
        floor_s=median(floor_times),
        ours_s=median(ours_times),
        worker_rss_fresh=fresh_rss,
        worker_rss_before=baseline_rss,
        worker_rss_peak=sampler.peak,
    )
    results["ratio"] = results["ours_s"] / results["floor_s"]
    results["peak_rss_over_payload"] = sampler.peak / payload["bytes"]
    results["rss_growth_over_payload"] = (sampler.peak - baseline_rss) / payload["bytes"]
    return results


def report(results: dict) -> list[str]:
    mb = 1024 * 1024
    return [
        f"features: all {results['features']:,} components in one response ({results['payload_bytes'] / mb:.1f} MiB; "
        f"floor string_agg {results['floor_bytes'] / mb:.1f} MiB)",
        f"  floor (raw string_agg(ST_AsGeoJSON)) median {results['floor_s'] * 1000:.0f} ms",
        f"  ours  (GET items, streamed)         median {results['ours_s'] * 1000:.0f} ms",
        f"  ratio ours/floor = {results['ratio']:.2f}x (target <= 2.0x)",
        f"  worker RSS idle {results['worker_rss_fresh'] / mb:.0f} MiB, before {results['worker_rss_before'] / mb:.0f} MiB, peak {results['worker_rss_peak'] / mb:.0f} MiB: "
        f"peak = {results['peak_rss_over_payload']:.2f}x payload, growth = {results['rss_growth_over_payload']:.2f}x payload "
        f"(target <= 3x)",
    ]
