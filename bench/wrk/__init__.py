"""Throughput under load: ``wrk`` (Debian package, ``bench/requirements-os.txt``), 32 connections for 30 s, on a
mix of feature pages, tiles and snaps, against the server as ``make run`` serves it (the nginx front, uWSGI with
3 workers, DEBUG off).

The mix, requested in turn (``mix.lua``; each wrk thread starts at its own place): ``PAGES`` pages of 100 components
at offsets spread over the collection, the tile benchmark's sample of the ``all`` and ``components`` tilesets
(:func:`tiles.sample.benchmark_tiles`; cached after their first read, as on a map in use), and ``SNAPS`` snaps at
random built-up points. Printed: requests per second, latency p50/p99 and the count of answers that are not 2xx
(which must be 0).
"""
from __future__ import annotations

import random
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from tiles.sample import benchmark_tiles

from ..server import app_server
from ..snapping import built_up_points

SCRIPT = Path(__file__).resolve().parent / "mix.lua"
CONNECTIONS = 32
THREADS = 2
DURATION_S = 30
PROCESSES = 3
PAGES = 100
SNAPS = 200
COMPONENTS = 74_000


def mix(seed: int = 1) -> list[str]:
    """The requested paths, shuffled (deterministic)."""
    rng = random.Random(seed)
    paths = [f"/ogc/collections/components/items?limit=100&offset={rng.randrange(0, COMPONENTS - 100)}&f=json"
             for _ in range(PAGES)]
    paths += [f"/tiles/{tileset}/{t.z}/{t.x}/{t.y}.mvt" for tileset in ("all", "components") for t in benchmark_tiles()]
    paths += [f"/api/snap?lon={lon:.6f}&lat={lat:.6f}" for lon, lat in built_up_points(SNAPS, seed)]
    rng.shuffle(paths)
    return paths


def printed(output: str, pattern: str) -> float:
    """The number of ``pattern``'s first group in wrk's output (its summary or a script's ``done`` lines)."""
    found = re.search(pattern, output)
    if not found:
        raise RuntimeError(f"wrk printed no {pattern!r}:\n{output}")
    return float(found.group(1))


def parse(output: str) -> dict:
    """Requests/s, latency and counts from wrk's summary and the script's ``done`` lines."""
    def number(pattern: str) -> float:
        return printed(output, pattern)

    return {
        "requests_per_s": number(r"Requests/sec:\s+([0-9.]+)"),
        "requests": int(number(r"([0-9]+) requests in")),
        "non2xx": int(number(r"non2xx ([0-9]+)")),
        "socket_errors": sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) ([0-9]+)", output)),
        "socket_errors_line": next((line.strip() for line in output.splitlines() if "Socket errors" in line), ""),
        "latency_p50_ms": number(r"latency_p50_us ([0-9]+)") / 1000,
        "latency_p99_ms": number(r"latency_p99_us ([0-9]+)") / 1000,
    }


def run(*, repeat: int = 5) -> dict:  # noqa: ARG001 (one run of DURATION_S)
    wrk = shutil.which("wrk")
    if wrk is None:
        return {"unavailable": "wrk is not installed: apt-get install -y wrk (bench/requirements-os.txt)"}
    paths = mix()
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing, app_server(processes=PROCESSES) as (base, _):
        listing.write("\n".join(paths) + "\n")
        listing.flush()
        command = [wrk, "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", f"{DURATION_S}s", "--timeout", "10s",
                   "-s", str(SCRIPT), base]
        done = subprocess.run(command, env={"PATHS_FILE": listing.name}, capture_output=True, text=True, check=True)
    result = parse(done.stdout)
    result.update(paths=len(paths), connections=CONNECTIONS, duration_s=DURATION_S, processes=PROCESSES)
    return result


def report(results: dict) -> list[str]:
    if "unavailable" in results:
        return [f"wrk: {results['unavailable']}"]
    return [
        f"wrk: {results['connections']} connections, {results['duration_s']} s, a mix of {results['paths']} paths "
        f"(pages, tiles, snaps); nginx + uWSGI {results['processes']} workers",
        f"  {results['requests_per_s']:.0f} requests/s ({results['requests']:,} requests), latency p50 "
        f"{results['latency_p50_ms']:.1f} ms p99 {results['latency_p99_ms']:.1f} ms",
        f"  non-2xx answers: {results['non2xx']} (target 0), socket errors: {results['socket_errors']} "
        f"{results['socket_errors_line']}",
    ]
