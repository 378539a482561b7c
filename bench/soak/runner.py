"""The soak's run: the server, the load, the figures, the cleanup (see :mod:`bench.soak`)."""
from __future__ import annotations

import json
import re
import secrets
import shutil
import subprocess
from pathlib import Path

from django.utils import timezone

from geoserver_app.server import process_name

from ..server import front_server
from ..wrk import printed
from . import CONNECTIONS, INTERVAL_S, SECONDS, accesslog, memory, mix, rows

SCRIPT = Path(__file__).resolve().parent / "soak.lua"
OUT = Path(__file__).resolve().parent.parent / "out" / "soak.json"
THREADS = 2
PROCESSES = 3
"""uWSGI workers, as ``make run`` (``WORKERS``)."""
SERVER_ENV = {"PINGDING_REPORTS_RATE_PER_MINUTE": "0", "PINGDING_REPORTS_RATE_PER_DAY": "0"}


def parse_wrk(output: str) -> dict:
    """Requests, rate, socket errors, status classes and latency (client side, ms) from wrk and ``done()``."""
    def number(pattern: str) -> float:
        return printed(output, pattern)

    errors = dict(re.findall(r"(connect|read|write|timeout) ([0-9]+)", output))
    classes = dict(re.findall(r"([1-5]xx) ([0-9]+)", output))
    return {
        "requests": int(number(r"([0-9]+) requests in")), "requests_per_s": number(r"Requests/sec:\s+([0-9.]+)"),
        "socket_errors": {name: int(count) for name, count in errors.items()},
        "status_classes": {name: int(count) for name, count in classes.items()},
        "latency_ms": {f"p{p}": number(rf"latency_p{p}_us ([0-9]+)") / 1000 for p in (50, 95, 99)},
    }


def load(front, *, entries: list[mix.Entry], tokens: dict[str, str], tag: str, seconds: int, connections: int,
         interval_s: float) -> tuple[dict, memory.Sampler, int]:
    """wrk against ``front`` while the sampler runs; wrk's figures, the sampler and where the log's load starts."""
    entries_file, schedule_file = mix.write_files(entries, mix.schedule(), front.run_dir)
    log = front.run_dir / "access.log"
    start = log.stat().st_size
    sampler = memory.Sampler(front, interval_s=interval_s)
    sampler.start()
    command = [shutil.which("wrk"), "-t", str(min(THREADS, connections)), "-c", str(connections), "-d", f"{seconds}s",
               "--timeout", "10s", "-s", str(SCRIPT), front.url]
    env = {"SOAK_ENTRIES": str(entries_file), "SOAK_SCHEDULE": str(schedule_file), "SOAK_TAG": tag,
           "SOAK_TOKENS": ",".join(f"{role}={token}" for role, token in tokens.items())}
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=seconds + 120)
    finally:
        sampler.stop()
    if done.returncode != 0:
        raise RuntimeError(f"wrk exited with {done.returncode}: {done.stderr[-2000:]}")
    return parse_wrk(done.stdout), sampler, start


def run(*, repeat: int = 5, seconds: int = SECONDS, connections: int = CONNECTIONS,  # noqa: ARG001 (one run)
        interval_s: float = INTERVAL_S, env: dict[str, str] | None = None, out: Path = OUT) -> dict:
    """The soak (:mod:`bench.soak`); ``env`` adds to the server's environment (the tests: their database);
    the figures are written to ``out``."""
    if shutil.which("wrk") is None:
        return {"unavailable": "wrk is not installed: apt-get install -y wrk (bench/requirements-os.txt)"}
    tag = f"soak-{secrets.token_hex(4)}"
    before = rows.snapshot(started_at=timezone.now(), duration_s=seconds)
    tokens = rows.accounts_create(tag)
    try:
        with front_server(env={**SERVER_ENV, **(env or {})}, processes=PROCESSES, worker=True) as front:
            entries = mix.build(front.url, tag=tag)
            known = accesslog.families(entries)
            figures, sampler, start = load(front, entries=entries, tokens=tokens, tag=tag, seconds=seconds,
                                           connections=connections, interval_s=interval_s)
            failed = front.failed()
            troubles = server_troubles(front.run_dir / "server.log")
            times = accesslog.read(front.run_dir / "access.log", known, start=start)
    finally:
        cleaned = rows.cleanup(tag=tag, before=before)
    result = {
        "seconds": seconds, "connections": connections, "processes": PROCESSES, **figures,
        "families": accesslog.summary(times, seconds),
        "memory": {"interval_s": interval_s, "samples": _samples_mb(sampler.samples),
                   "per_minute": memory.per_minute(sampler.samples),
                   **memory.verdict(sampler.samples, sampler.replaced, seconds)},
        "server_failed": None if failed is None else process_name(failed), "server_troubles": troubles,
        "cleanup": cleaned,
        "leftovers": rows.leftovers(before),
    }
    result["failures"] = failures(result)
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return result


TROUBLE = re.compile(r"Traceback|HARAKIRI ON WORKER|HARAKIRI \[core|DAMN ! worker|Segmentation fault|MemoryError|Out of memory")
"""Lines of the server's log (uWSGI, nginx, the job worker) that say something went wrong."""


def server_troubles(log: Path, keep: int = 20) -> dict:
    """How many lines of ``log`` say something went wrong, and the first ``keep`` of them."""
    lines = [line for line in log.read_text(errors="replace").splitlines() if TROUBLE.search(line)]
    return {"lines": len(lines), "first": lines[:keep]}


def _samples_mb(samples) -> dict[str, list[list[float]]]:
    mb = memory.MB
    return {label: [[round(at, 1), rss / mb, uss / mb, pss / mb] for at, rss, uss, pss in rows_]
            for label, rows_ in samples.items()}


def failures(result: dict) -> list[str]:
    """Why the run fails (empty: it passes)."""
    found = []
    families = result["families"]
    fives = result["status_classes"].get("5xx", 0) + sum(f["classes"].get("5xx", 0) for f in families.values())
    if fives:
        found.append(f"{fives} answers 5xx")
    if any(result["socket_errors"].values()):
        found.append(f"socket errors {result['socket_errors']}")
    found += [f"{name}: {f['unexpected']} unexpected answers {f['statuses']}"
              for name, f in families.items() if f["unexpected"]]
    closed = sum(f["closed"] for f in families.values())
    if closed > result["connections"]:
        found.append(f"{closed} requests closed unanswered (more than the {result['connections']} in flight at the end)")
    silent = sorted(set(mix.WEIGHTS) - {name for name, f in families.items() if f["answers"]})
    if silent:
        found.append(f"no answers for {', '.join(silent)}")
    if result["memory"]["verdict"] == "fail":
        found.append(f"memory: {result['memory']['replaced'] or 'grew over the threshold'}")
    if result["server_failed"]:
        found.append(f"{result['server_failed']} exited during the run")
    if result["server_troubles"]["lines"]:
        found.append(f"the server's log: {result['server_troubles']['first'][:3]}")
    if result["leftovers"]:
        found.append(f"rows left behind: {result['leftovers']}")
    return found


def report(results: dict) -> list[str]:
    if "unavailable" in results:
        return [f"soak: {results['unavailable']}"]
    lat = results["latency_ms"]
    lines = [
        f"soak: {results['seconds']} s at {results['connections']} connections; nginx + uWSGI {results['processes']} "
        f"workers + the job worker",
        f"  {results['requests']:,} requests, {results['requests_per_s']:.0f}/s; by class {results['status_classes']};"
        f" socket errors {results['socket_errors'] or 0}; latency p50 {lat['p50']:.1f} ms p95 {lat['p95']:.1f} ms"
        f" p99 {lat['p99']:.1f} ms",
        f"  {'family':<14}{'answers':>9}{'/s':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  statuses",
    ]
    lines += [f"  {name:<14}{f['answers']:>9}{f['per_s']:>7.1f}{f['p50_ms']:>9.1f}{f['p95_ms']:>9.1f}"
              f"{f['p99_ms']:>9.1f}  {f['statuses']}" for name, f in results["families"].items()]
    lines += memory_lines(results["memory"])
    lines.append(f"  cleanup: {results['cleanup']}; left behind: {results['leftovers'] or 'nothing'}")
    lines.append(f"  verdict: {'FAIL: ' + '; '.join(results['failures']) if results['failures'] else 'pass'}")
    return lines


def memory_lines(figures: dict) -> list[str]:
    """The per-minute RSS table (MB) and the growth verdict."""
    table = figures["per_minute"]
    minutes = sorted({int(m) for row in table.values() for m in row})
    lines = [f"  memory (RSS MB, mean per minute; {figures['threshold']}):",
             "  " + f"{'process':<13}" + "".join(f"{'m' + str(m):>8}" for m in minutes) + f"{'growth':>9}"]
    for label, row in table.items():
        row = {int(minute): mb for minute, mb in row.items()}
        growth = figures["growth"].get(label)
        cells = "".join(f"{row[m]:>8.1f}" if m in row else f"{'':>8}" for m in minutes)
        lines.append(f"  {label:<13}{cells}{growth['growth_mb']:>+8.1f}M" if growth else f"  {label:<13}{cells}")
    lines.append(f"  memory verdict: {figures['verdict']}; replaced: {figures['replaced'] or 'none'}")
    return lines
