"""Province benchmark: pages, tiles and snaps on the ten-county province against the same on the one county.

Databases: the benchmark's own (Django's ``default``: the seeded Pingding, ``pingding``) and the province
``pingding_province`` on the same cluster (``PINGDING_PROVINCE_DATABASE_URL`` overrides). A missing province is built
first, and the report says so: ``manage.py migrate``, ``seed_pingding --scale 1.0 --seed 1`` and
``seed_province --counties 10`` into a new database (:func:`build_province`); a present one is used as it is.

Reads: :mod:`bench.reads`' mix over Pingding's built-up area (pages of 100 with a bbox, tiles z12-z17, snaps). The
one-county server (nginx and uWSGI, 1 worker, tile cache off) and its floor answer those; the province's server and
floor answer the same reads and as many again inside the other counties: the same reads moved by each county's
offset from Pingding (the province seed translates a copy of Pingding; the offset is that of the mean corner of the
components' boxes), read i going to county i mod 9. Every read of a slot runs back to back on both sides, in an
order reversed from slot to slot (ABAB).

Figures: p50/p95 by kind for each server and floor; each server over its floor; and the province over the one
county, of those ratios and of the absolute p50 (target <= 1.2x).
"""
from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from statistics import geometric_mean

import psycopg2
from django.conf import settings
from django.core.management import get_commands
from django.db import connection, connections
from psycopg2 import sql

from layers.partitions.bounds import forget_bounds
from web.dbrouter import reading_from

from .httpclient import LeanClient
from .reads import KINDS, Mix, Read, by_kind, floor_call, measure, mix_reads, ratios, server_call
from .replica import connect, database_url
from .server import ROOT, app_server
from .tiles.modes import server_env

PROVINCE_DATABASE = "pingding_province"
BUILD_STEPS = (
    ("migrate", "--noinput"),
    ("seed_pingding", "--scale", "1.0", "--seed", "1"),
    ("seed_province", "--counties", "10"),
)
"""The ``manage.py`` commands that build the province into an empty database."""
TARGET = 1.2
OFFSETS_SQL = (
    "SELECT left(code, 6), avg(ST_XMin(geom)), avg(ST_YMin(geom)), count(*) FROM layers_component "
    "GROUP BY 1 ORDER BY 1"
)


def province_url() -> str:
    return os.environ.get("PINGDING_PROVINCE_DATABASE_URL") or database_url(
        {**connection.settings_dict, "NAME": PROVINCE_DATABASE})


def database_exists(url: str) -> bool:
    name = psycopg2.extensions.parse_dsn(url)["dbname"]
    with contextlib.closing(psycopg2.connect(_maintenance_url(url))) as server, server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def _maintenance_url(url: str) -> str:
    """The same server's ``postgres`` database (to create, find or drop another)."""
    return url.rsplit("/", 1)[0] + "/postgres"


def build_province(url: str) -> list[dict]:
    """Create the database of ``url`` and run :data:`BUILD_STEPS` into it; the seconds of each step. Nothing is
    created when a command is missing from this checkout; a failed step drops the database again (a next run
    starts over rather than benchmark a half-built province)."""
    missing = sorted({step[0] for step in BUILD_STEPS} - set(get_commands()))
    if missing:
        raise RuntimeError(f"cannot build the province: no manage.py {', '.join(missing)} in this checkout")
    name = psycopg2.extensions.parse_dsn(url)["dbname"]
    _maintenance(url, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    steps = []
    try:
        for step in BUILD_STEPS:
            print(f"province: manage.py {' '.join(step)} into {name} ...", flush=True)
            started = time.monotonic()
            done = subprocess.run([sys.executable, "manage.py", *step], cwd=ROOT,
                                  env={**os.environ, "DATABASE_URL": url})
            if done.returncode != 0:
                raise RuntimeError(f"building the province: manage.py {' '.join(step)} failed (exit {done.returncode})")
            steps.append({"command": " ".join(step), "seconds": time.monotonic() - started})
    except BaseException:
        _maintenance(url, sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        raise
    return steps


def _maintenance(url: str, statement: sql.Composed) -> None:
    server = psycopg2.connect(_maintenance_url(url))
    server.autocommit = True
    with contextlib.closing(server), server.cursor() as cursor:
        cursor.execute(statement)


@contextlib.contextmanager
def reading_from_database(url: str) -> Iterator[None]:
    """Django reads from the database at ``url`` (an alias of its own) inside the block."""
    alias = "bench_province"
    dsn = psycopg2.extensions.parse_dsn(url)
    connections.databases[alias] = {
        **connections.databases["default"], "NAME": dsn["dbname"], "HOST": dsn.get("host", ""),
        "PORT": dsn.get("port", ""), "USER": dsn.get("user", ""), "PASSWORD": dsn.get("password", ""),
    }
    forget_bounds()
    try:
        with reading_from(alias):
            yield
    finally:
        connections[alias].close()
        del connections.databases[alias]
        forget_bounds()


def county_offsets(raw, home: str) -> dict[str, tuple[float, float]]:
    """Each county of the province database on ``raw`` and its offset from ``home`` (:func:`offsets`)."""
    with raw.cursor() as cursor:
        cursor.execute(OFFSETS_SQL)
        corners = {county: (x, y) for county, x, y, _ in cursor.fetchall()}
    raw.rollback()
    return offsets(corners, home)


def offsets(corners: dict[str, tuple[float, float]], home: str) -> dict[str, tuple[float, float]]:
    """Each county other than ``home`` and its offset from ``home`` in degrees (lon, lat), from the mean corner of
    each county's components (``corners``, by the first six digits of their codes)."""
    if home not in corners:
        raise RuntimeError(f"the province database holds no components of {home}")
    if len(corners) < 2:
        raise RuntimeError(f"the province database holds only {home}: run manage.py seed_province --counties 10")
    hx, hy = corners[home]
    return {county: (x - hx, y - hy) for county, (x, y) in corners.items() if county != home}


def elsewhere(home: list[Read], others: dict[str, list[Read]]) -> list[Read]:
    """As many reads as ``home``: read i from county i mod n of ``others`` (each the home reads moved there, read
    for read, which must be of the same kind)."""
    counties = sorted(others)
    picked = [others[counties[i % len(counties)]][i] for i in range(len(home))]
    if [read.kind for read in picked] != [read.kind for read in home]:
        raise RuntimeError("the reads moved to the other counties do not match Pingding's, kind for kind")
    return picked


def run(*, repeat: int = 5, mix: Mix = Mix()) -> dict:
    county_url, url = database_url(connection.settings_dict), province_url()
    if psycopg2.extensions.parse_dsn(url)["dbname"] == connection.settings_dict["NAME"]:
        raise RuntimeError("the province database is the benchmark's one-county database: set DATABASE_URL to it")
    results: dict = {"rounds": repeat, "database": psycopg2.extensions.parse_dsn(url)["dbname"], "built": None}
    if not database_exists(url):
        results["built"] = build_province(url)
    home = mix_reads(mix)
    with tempfile.TemporaryDirectory(prefix="pingding-bench-province-") as tmp, \
            contextlib.closing(connect(county_url)) as county_raw, contextlib.closing(connect(url)) as province_raw, \
            reading_from_database(url):
        # the province's reads are built as its server builds them: pruned by the province's counties
        offsets = county_offsets(province_raw, settings.PINGDING_COUNTY_CODE)
        home_there = mix_reads(mix)
        other = elsewhere(home, {county: mix_reads(mix, dx=dx, dy=dy) for county, (dx, dy) in offsets.items()})
        results.update(counties=1 + len(offsets), reads={kind: sum(r.kind == kind for r in home) for kind in KINDS})
        base_env = {**server_env(Path(tmp), cache=False), "DATABASE_REPLICA_URL": ""}
        with app_server(env={**base_env, "DATABASE_URL": county_url}) as (county_base, _), \
                app_server(env={**base_env, "DATABASE_URL": url}) as (province_base, _):
            clients = {"county": LeanClient(county_base), "province": LeanClient(province_base)}
            slots = [{
                f"county/server/{read.kind}": server_call(clients["county"], read),
                f"home/server/{read.kind}": server_call(clients["province"], read),
                f"other/server/{far.kind}": server_call(clients["province"], far),
                f"county/floor/{read.kind}": floor_call(county_raw, read),
                f"home/floor/{there.kind}": floor_call(province_raw, there),
                f"other/floor/{far.kind}": floor_call(province_raw, far),
            } for read, there, far in zip(home, home_there, other)]
            try:
                samples = measure(slots, rounds=repeat)
            finally:
                for client in clients.values():
                    client.close()
    return {**results, **outcome(samples)}


def outcome(samples: dict[str, list[float]]) -> dict:
    """Summaries by kind of the one county, the province (Pingding's and the other counties' reads together) and
    each part apart; ratios to the floor; the province over the county."""
    sides = {
        "county": ("county/",), "province": ("home/", "other/"), "province, Pingding": ("home/",),
        "province, other counties": ("other/",),
    }
    figures = {
        side: {mode: by_kind(samples, *(f"{prefix}{mode}/" for prefix in prefixes)) for mode in ("server", "floor")}
        for side, prefixes in sides.items()
    }
    over_floor = {side: ratios(f["server"], f["floor"]) for side, f in figures.items()}
    county, province = figures["county"], figures["province"]
    return {
        "sides": figures,
        "over_floor": over_floor,
        "province_over_county": quotients(figures, over_floor),
    }


def quotients(figures: dict, over_floor: dict) -> dict:
    """The province over the county, by kind (and the geometric mean under ``all``): of the ratios to the floor, of
    the servers' p50 and of the floors' p50."""
    county, province = figures["county"], figures["province"]
    result = {
        kind: {
            "over_floor_p50": over_floor["province"][kind]["p50"] / over_floor["county"][kind]["p50"],
            "server_p50": province["server"][kind]["p50_ms"] / county["server"][kind]["p50_ms"],
            "floor_p50": province["floor"][kind]["p50_ms"] / county["floor"][kind]["p50_ms"],
        }
        for kind in county["server"]
    }
    result["all"] = {key: geometric_mean([q[key] for q in result.values()]) for key in next(iter(result.values()))}
    return result


def report(results: dict) -> list[str]:
    reads = results["reads"]
    lines = []
    if results["built"]:
        lines.append(f"province: built {results['database']} first: " + ", ".join(
            f"manage.py {step['command']} {step['seconds']:.0f} s" for step in results["built"]))
    lines.append(
        f"province: {results['database']} ({results['counties']} counties) against the one county; "
        f"{reads['page']} pages of 100 with a bbox, {reads['tile']} tiles z12-z17 (cache off), {reads['snap']} snaps "
        f"in Pingding on both, as many again in the other counties on the province; {results['rounds']} rounds after "
        "a warm-up, interleaved (ABAB)")
    sides, over, quotient = results["sides"], results["over_floor"], results["province_over_county"]
    for kind in (*sides["county"]["server"], "all"):
        if kind != "all":
            lines.append(f"  {kind:<4} p50/p95 ms: " + ", ".join(
                f"{side} {mode} {sides[side][mode][kind]['p50_ms']:.2f}/{sides[side][mode][kind]['p95_ms']:.2f}"
                for side in ("county", "province") for mode in ("server", "floor")))
        q = quotient[kind]
        worst = max(q["over_floor_p50"], q["server_p50"])
        label = "  all  (geometric mean of the kinds)" if kind == "all" else "      "
        lines.append(
            f"{label} over floor p50: county {over['county'][kind]['p50']:.2f}x, province "
            f"{over['province'][kind]['p50']:.2f}x (Pingding {over['province, Pingding'][kind]['p50']:.2f}x, others "
            f"{over['province, other counties'][kind]['p50']:.2f}x); "
            f"province/county: ratio {q['over_floor_p50']:.2f}x, p50 {q['server_p50']:.2f}x, "
            f"floor p50 {q['floor_p50']:.2f}x "
            f"(target <= {TARGET}x: {'met' if worst <= TARGET else 'NOT met'})")
    return lines
