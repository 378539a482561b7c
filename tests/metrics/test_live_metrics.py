"""``/metrics`` through nginx and uWSGI with two worker processes: every worker's counts (multiprocess mode, files
of ``PROMETHEUS_MULTIPROC_DIR`` in the run directory) add up in one scrape, whichever worker answers it."""
from __future__ import annotations

import shutil
import socket
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry, generate_latest, multiprocess

from geoserver_app.server import serving
from tiles.front import TILE_ROUTE
from tiles.grid import tile_at
from tests.metrics.scraped import value

pytestmark = pytest.mark.live

NAME = "pingding_http_requests_total"
HEALTH = {"route": "/healthz", "method": "GET", "status": "200"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.read()


def per_process(metrics_dir: Path, scratch: Path) -> dict[str, str]:
    """Each worker process's own values (its files alone, summed by the same collector), by pid."""
    files = defaultdict(list)
    for path in metrics_dir.glob("*.db"):
        files[path.stem.rsplit("_", 1)[1]].append(path)
    texts = {}
    for pid, paths in files.items():
        alone = scratch / pid
        alone.mkdir(parents=True)
        for path in paths:
            shutil.copy(path, alone / path.name)
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=str(alone))
        texts[pid] = generate_latest(registry).decode()
    return texts


def test_one_scrape_sums_the_counts_of_both_workers(live_env, tmp_path):
    run_dir = tmp_path / "run"
    stale = run_dir / "metrics"
    stale.mkdir(parents=True)
    (stale / "counter_1.db").write_bytes(b"left by an earlier run")  # emptied at start, never summed in
    with serving(bind=f"127.0.0.1:{_free_port()}", processes=2, run_dir=run_dir, env=live_env,
                 output=(tmp_path / "server.log").open("wb")) as front:
        requests = 0
        at_start = per_process(run_dir / "metrics", tmp_path / "at-start")
        probes = sum(value(text, NAME, **HEALTH) for text in at_start.values())
        with ThreadPoolExecutor(8) as pool:
            for _ in range(10):  # until both workers have answered some (nginx spreads them; usually at once)
                list(pool.map(get, [f"{front.url}/healthz"] * 40))
                requests += 40
                counted = {pid: value(text, NAME, **HEALTH) for pid, text in per_process(
                    run_dir / "metrics", tmp_path / f"alone{requests}").items()}
                if sum(1 for n in counted.values() if n > 0) >= 2:
                    break
        seat = tile_at(113.627, 37.795, 14)  # the county seat: components, buildings, grids
        tile = urllib.request.urlopen(f"{front.url}/tiles/all/{seat.z}/{seat.x}/{seat.y}.mvt", timeout=30)
        tile.read()
        scraped = get(f"{front.url}/metrics").decode()
    assert "counter_1.db" not in {p.name for p in (run_dir / "metrics").iterdir()}
    busy = {pid: n for pid, n in counted.items() if n > 0}
    assert len(busy) == 2, counted
    assert sum(busy.values()) == probes + requests  # serving()'s own probes of /healthz at start, then ours
    assert value(scraped, NAME, **HEALTH) == sum(counted.values())
    assert value(scraped, "pingding_http_request_duration_seconds_count", route="/healthz", method="GET") \
        == sum(counted.values())
    assert value(scraped, "pingding_db_connections") >= 1
    assert tile.status == 200 and tile.headers["X-Tile-Cache"] in ("hit", "miss")
    assert value(scraped, NAME, route=TILE_ROUTE, status=str(tile.status)) == 1
    assert value(scraped, "pingding_tile_cache_total", tileset="all") == 1
