"""Replica benchmark: the same reads from a server that reads from the primary and from one routed to the replica.

The streaming replica of ``scripts/replica.sh`` (``make replica``: cluster ``replica`` on ``PINGDING_REPLICA_PORT``,
default 5434) is brought up if it is not (created, or started), and waited for until it has replayed the primary's
WAL position taken at the start; it is stopped at the end only if this run brought it up. Two servers (nginx and
uWSGI, 1 worker, tile cache off so that every tile is drawn by the database it reads from) on the benchmark's
database: ``primary`` without a replica, ``replica`` with ``DATABASE_REPLICA_URL`` (``web.dbrouter`` sends its
pages, tiles and snaps there).

The reads are :mod:`bench.reads`' mix (pages of 100 with a bbox, tiles z12-z17, snaps) over Pingding's built-up area;
each read is asked of both servers and its statement run on both clusters by psycopg2 (the floor of each), back to
back, in an order reversed from read to read (ABAB). After every answer of the replica server, ``pg_stat_activity``
on the replica must show a statement of that server's replica connections (``application_name``
``pingding-replica-read``) started after the request was sent, other than the router's state probe: a read that
fell back to the primary stops the run, so the figure cannot be a silent fallback. Ratios: replica over primary,
p50 to p50 and p95 to p95 (target p50 <= 1.1x), and each server over its own cluster's floor.
"""
from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg2
from django.db import connection

from .httpclient import LeanClient
from .reads import KINDS, Mix, Read, by_kind, floor_call, measure, mix_reads, ratios, server_call
from .server import ROOT, app_server
from .tiles.modes import server_env

SCRIPT = ROOT / "scripts" / "replica.sh"
APPLICATION = "pingding-replica-read"
"""The ``application_name`` of the server's replica connections (``geoserver_app.settings``)."""
TARGET = 1.1
MAX_LAG_S = 60
"""``PINGDING_REPLICA_MAX_LAG`` of the replica server: other helpers' writes on a shared machine can hold replay back
for seconds; the benchmark measures the cost of reading there, not the lag policy."""
MAX_FALLBACK = 0.05
"""The share of the replica server's answers that may have been read on the primary (not counted) before the run
is void."""
CATCH_UP_S = 600
CHECK_SQL = (
    "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s AND datname = current_database() "
    "AND query_start >= to_timestamp(%s) AND query NOT LIKE '%%pg_is_in_recovery()%%'"
)
"""Statements of the server's replica connections started since a time (epoch seconds), the state probe of
``web.replica`` excepted."""


def replica_port() -> int:
    return int(os.environ.get("PINGDING_REPLICA_PORT", "5434"))


def script(command: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT), command], capture_output=True, text=True, timeout=1800, cwd=ROOT)


def replica_status(done: subprocess.CompletedProcess) -> str:
    """``running``, ``stopped`` or ``absent``, from ``scripts/replica.sh status``."""
    if done.returncode == 0:
        return "running"
    if "is down" in done.stderr:
        return "stopped"
    if "no replica cluster" in done.stderr:
        return "absent"
    raise RuntimeError(f"scripts/replica.sh status failed: {done.stderr.strip()}")


@contextlib.contextmanager
def replica_up() -> Iterator[str]:
    """The replica running for the duration; yields what this run did to it (``running``: nothing, ``started`` or
    ``created``). At the end it is left as it was found: stopped again, or dropped when this run created it (without a
    replication slot, a replica left stopped falls behind the primary's kept WAL)."""
    found = replica_status(script("status"))
    action = {"running": None, "stopped": "start", "absent": "create"}[found]
    if action:
        done = script(action)
        if done.returncode != 0:
            raise RuntimeError(f"scripts/replica.sh {action} failed (run as root; make replica): {done.stderr.strip()}")
    try:
        yield {"running": "running", "stopped": "started", "absent": "created"}[found]
    finally:
        if action == "create":
            script("drop")
        elif action:
            script("stop")


def database_url(settings_dict: dict, *, port: int | None = None) -> str:
    """The URL of the benchmark's database (Django's ``default``), on another ``port`` when given."""
    host = settings_dict["HOST"] or "127.0.0.1"
    user, password = (quote(settings_dict[key] or "", safe="") for key in ("USER", "PASSWORD"))
    return f"postgres://{user}:{password}@{host}:{port or settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"


def wait_caught_up(primary, replica, *, timeout_s: float = CATCH_UP_S) -> float:
    """Wait until the replica has replayed the primary's current WAL position; the seconds it took."""
    with primary.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        target = cursor.fetchone()[0]
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        with replica.cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            recovering, replayed = cursor.fetchone()
        if not recovering:
            raise RuntimeError("the database on the replica port is not a standby")
        if replayed:
            return time.monotonic() - started
        time.sleep(0.5)
    raise RuntimeError(f"the replica has not replayed {target} after {timeout_s:.0f} s")


class ReplicaCheck:
    """``check(read, started)``: whether a statement of the server's replica connections began after ``started``
    (the answer was read on the replica); counts the answers checked and those that fell back to the primary."""

    def __init__(self, replica):
        self.replica = replica
        self.checked = 0
        self.fell_back: list[str] = []

    def __call__(self, read: Read, started: float) -> bool:
        with self.replica.cursor() as cursor:
            cursor.execute(CHECK_SQL, [APPLICATION, started])
            on_replica = cursor.fetchone()[0] > 0
        self.checked += 1
        if not on_replica:
            self.fell_back.append(read.path)
        return on_replica

    def verdict(self) -> None:
        """Stop the run when more than :data:`MAX_FALLBACK` of the answers were read on the primary."""
        if self.checked and len(self.fell_back) > MAX_FALLBACK * self.checked:
            raise RuntimeError(
                f"{len(self.fell_back)} of {self.checked} answers of the replica server were read on the primary "
                f"(replica lagging or down), e.g. GET {self.fell_back[0]}: no replica figure")


def connect(url: str):
    """A psycopg2 connection of the floor to ``url``."""
    return psycopg2.connect(url, application_name="pingding-bench-floor")


def run(*, repeat: int = 5, mix: Mix = Mix()) -> dict:
    primary_url = database_url(connection.settings_dict)
    replica_url = database_url(connection.settings_dict, port=replica_port())
    reads = mix_reads(mix)
    results: dict = {"rounds": repeat, "reads": {kind: sum(r.kind == kind for r in reads) for kind in KINDS}}
    with replica_up() as found, tempfile.TemporaryDirectory(prefix="pingding-bench-replica-") as tmp, \
            contextlib.closing(connect(primary_url)) as primary, contextlib.closing(connect(replica_url)) as replica:
        results["replica_was"] = found
        results["catch_up_s"] = wait_caught_up(primary, replica)
        checker = ReplicaCheck(psycopg2.connect(replica_url, application_name="pingding-bench-check"))
        checker.replica.autocommit = True
        base_env = server_env(Path(tmp), cache=False)
        with app_server(env={**base_env, "DATABASE_REPLICA_URL": ""}) as (primary_base, _), \
                app_server(env={**base_env, "DATABASE_REPLICA_URL": replica_url,
                                "PINGDING_REPLICA_MAX_LAG": str(MAX_LAG_S)}) as (replica_base, _):
            clients = {"primary": LeanClient(primary_base), "replica": LeanClient(replica_base)}
            slots = [{
                f"primary/server/{read.kind}": server_call(clients["primary"], read),
                f"replica/server/{read.kind}": server_call(clients["replica"], read, check=checker),
                f"primary/floor/{read.kind}": floor_call(primary, read),
                f"replica/floor/{read.kind}": floor_call(replica, read),
            } for read in reads]
            try:
                samples = measure(slots, rounds=repeat)
            finally:
                for client in clients.values():
                    client.close()
                checker.replica.close()
        checker.verdict()
        results["checked_on_replica"] = checker.checked
        results["fell_back"] = len(checker.fell_back)
    return {**results, **outcome(samples)}


def outcome(samples: dict[str, list[float]]) -> dict:
    """Per side and mode the summaries by kind; the ratios replica/primary and server/floor at p50 and p95."""
    sides = {side: {mode: by_kind(samples, f"{side}/{mode}/") for mode in ("server", "floor")}
             for side in ("primary", "replica")}
    return {
        "sides": sides,
        "replica_over_primary": ratios(sides["replica"]["server"], sides["primary"]["server"]),
        "floor_replica_over_primary": ratios(sides["replica"]["floor"], sides["primary"]["floor"]),
        "over_floor": {side: ratios(sides[side]["server"], sides[side]["floor"]) for side in sides},
    }


def report(results: dict) -> list[str]:
    reads = results["reads"]
    lines = [
        f"replica: {reads['page']} pages of 100 with a bbox, {reads['tile']} tiles z12-z17 (cache off), "
        f"{reads['snap']} snaps; {results['rounds']} rounds after a warm-up, servers and floors interleaved (ABAB); "
        f"replica {results['replica_was']} (caught up in {results['catch_up_s']:.1f} s); "
        f"{results['checked_on_replica']} answers of the replica server checked in its pg_stat_activity, "
        f"{results['fell_back']} read on the primary instead (not counted)",
    ]
    sides, over, floors = results["sides"], results["replica_over_primary"], results["floor_replica_over_primary"]
    to_floor = results["over_floor"]
    for kind in (*sides["primary"]["server"], "all"):
        if kind != "all":
            lines.append(f"  {kind:<4} p50/p95 ms: " + ", ".join(
                f"{side} {mode} {sides[side][mode][kind]['p50_ms']:.2f}/{sides[side][mode][kind]['p95_ms']:.2f}"
                for side in ("primary", "replica") for mode in ("server", "floor")))
        label = "  all  (geometric mean of the kinds)" if kind == "all" else "      "
        line = (f"{label} replica/primary p50 {over[kind]['p50']:.2f}x p95 {over[kind]['p95']:.2f}x "
                f"(floors {floors[kind]['p50']:.2f}x); over floor p50: "
                f"primary {to_floor['primary'][kind]['p50']:.2f}x, replica {to_floor['replica'][kind]['p50']:.2f}x")
        if kind == "all":
            line += f" (target p50 <= {TARGET}x: {'met' if over[kind]['p50'] <= TARGET else 'NOT met'})"
        lines.append(line)
    return lines
