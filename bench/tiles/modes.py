"""The timed modes of the tile benchmark: one callable ``tile -> seconds`` per mode, and the rounds that run them.

See :mod:`bench.tiles` for what each mode measures.
"""
from __future__ import annotations

import functools
import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from django.db import connection

from layers.registry import get_layer
from tiles.cache import cache_clear
from tiles.catalog import Tileset
from tiles.grid import TileId, pixel_size
from tiles.sample import benchmark_tiles
from tiles.selectors import GENERIC_FROM_ZOOM, run_tile_statement
from tiles import conf
from tiles.flooded import flooded_statement
from tiles.sql import is_clustered, tile_statement

from ..httpclient import LeanClient
from ..mapserver import check
from ..mapserver.runner import MVT_CONTENT_TYPE, MapServer
from ..server import ROOT
from ..stats import median, percentile

COMPARED = "components"
"""The tileset that MapServer serves as well (its layer is the group ``components`` of the mapfile)."""
IDENTITY = {"Accept-Encoding": "identity"}
GZIP = {"Accept-Encoding": "gzip"}
NOCACHE_SETTINGS = "bench_tiles_nocache"
SHUFFLE_SEED = 20261126

Samples = list[tuple[int, float]]
"""(zoom, seconds) of every request of a mode."""


def sample(tileset: Tileset) -> list[TileId]:
    """The fixed tiles at the zooms where ``tileset`` draws a layer."""
    return [tile for tile in benchmark_tiles() if tileset.layers_at(tile.z)]


def floor_tile(raw_connection, tileset: Tileset, tile: TileId, *, as_text: bool = False) -> bytes:
    """The tile's MVT from the statements our endpoint runs, run as ``tiles.selectors.tile_render`` runs them (the
    ordinary one, prepared from ``GENERIC_FROM_ZOOM`` on, or always as text when ``as_text``; the flooded one only
    for a flooded tile), via psycopg2."""
    layers = [layer.id for layer in tileset.layers_at(tile.z)]
    params = {"z": tile.z, "x": tile.x, "y": tile.y, "px": pixel_size(tile.z), "layers": layers, "grids": tileset.grids}
    generic = tile.z >= GENERIC_FROM_ZOOM and not as_text
    _, mvt = run_tile_statement(raw_connection, tile_statement(tileset, tile.z), params, prepared=generic)
    if mvt is None or len(mvt) > conf.max_tile_bytes():
        _, mvt = run_tile_statement(raw_connection, flooded_statement(tileset, tile.z), params, prepared=False)
    return bytes(mvt)


def server_env(workdir: Path, *, cache: bool) -> dict[str, str]:
    """A server's environment: DEBUG off (no per-query logging), and without ``cache`` the project's settings with
    ``PINGDING_TILES_CACHE = False``, as a module written into ``workdir`` (the setting has no environment variable)."""
    env = {"DJANGO_DEBUG": "0"}
    if not cache:
        overlay = "from geoserver_app.settings import *  # noqa: F401,F403\n\nPINGDING_TILES_CACHE = False\n"
        (workdir / f"{NOCACHE_SETTINGS}.py").write_text(overlay)
        path = os.pathsep.join(filter(None, [str(workdir), str(ROOT), os.environ.get("PYTHONPATH")]))
        env.update(DJANGO_SETTINGS_MODULE=NOCACHE_SETTINGS, PYTHONPATH=path)
    return env


def http_get(client: LeanClient, path: str, *, headers: dict, cache: str | None = None) -> bytes:
    """GET the whole body; a tile must be 200 or 204 and, when ``cache`` is given, say so in ``X-Tile-Cache``."""
    status, response_headers, body = client.get(path, headers=headers)
    if status not in (200, 204):
        raise RuntimeError(f"GET {path}: HTTP {status}: {body[:300]!r}")
    if cache and status == 200 and response_headers.get("x-tile-cache") != cache:
        raise RuntimeError(f"GET {path}: X-Tile-Cache {response_headers.get('x-tile-cache')!r}, expected {cache!r}")
    return body


def seconds_of(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


class Modes:
    """The modes of one tileset as callables ``tile -> seconds``; the floor keeps each tile's MVT size in ``sizes``."""

    def __init__(self, tileset: Tileset, *, raw_connection, servers: dict[str, str], mapserver: MapServer | None):
        self.tileset = tileset
        self.raw_connection = raw_connection
        self.servers = servers
        self.mapserver = mapserver if tileset.id == COMPARED else None
        self.clients = {name: LeanClient(base) for name, base in servers.items()}
        if self.mapserver:
            self.clients["MapServer"] = LeanClient(self.mapserver.tile_url(z=0, x=0, y=0, layers=COMPARED))
        self.sizes: dict[TileId, int] = {}

    def table(self) -> dict[str, Callable[[TileId], float]]:
        modes = {
            "floor": self.floor,
            "floor text": self.floor_text,
            "uncached": functools.partial(self.ours, "uncached", headers=IDENTITY, cache="miss"),
            "uncached gzip": functools.partial(self.ours, "uncached", headers=GZIP, cache="miss"),
            "miss": self.miss,
            "cached": functools.partial(self.ours, "cached", headers=IDENTITY, cache="hit"),
            "cached gzip": functools.partial(self.ours, "cached", headers=GZIP, cache="hit"),
            "baseline": self.baseline,
        }
        if self.mapserver:
            modes["MapServer"] = lambda tile: seconds_of(lambda: self.theirs(tile))
        return modes

    def path(self, tile: TileId) -> str:
        return f"/tiles/{self.tileset.id}/{tile.z}/{tile.x}/{tile.y}.mvt"

    def floor(self, tile: TileId) -> float:
        started = time.perf_counter()
        self.sizes[tile] = len(floor_tile(self.raw_connection, self.tileset, tile))
        return time.perf_counter() - started

    def floor_text(self, tile: TileId) -> float:
        return seconds_of(lambda: floor_tile(self.raw_connection, self.tileset, tile, as_text=True))

    def ours(self, server: str, tile: TileId, *, headers: dict, cache: str | None = None) -> float:
        return seconds_of(lambda: http_get(self.clients[server], self.path(tile), headers=headers, cache=cache))

    def baseline(self, tile: TileId) -> float:
        """What any request to that server costs: ``GET /healthz`` (Django and one trivial query), for scale."""
        return seconds_of(lambda: http_get(self.clients["cached"], "/healthz", headers=IDENTITY))

    def miss(self, tile: TileId) -> float:
        with self.raw_connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM tiles_tilecache WHERE tileset = %s AND z = %s AND x = %s AND y = %s",
                [self.tileset.id, tile.z, tile.x, tile.y],
            )
        return self.ours("cached", tile, headers=IDENTITY, cache="miss")

    def theirs(self, tile: TileId) -> bytes:
        """MapServer's answer for the tile, which must be an MVT."""
        parts = urlsplit(self.mapserver.tile_url(z=tile.z, x=tile.x, y=tile.y, layers=COMPARED))
        status, headers, body = self.clients["MapServer"].get(f"{parts.path}?{parts.query}", headers=IDENTITY)
        kind = headers.get("content-type")
        if status != 200 or kind != MVT_CONTENT_TYPE:
            raise RuntimeError(f"MapServer {tile}: HTTP {status} {kind}: {body[:300]!r}")
        return body

    def check_mapserver(self) -> list[dict]:
        """Both MVTs decoded at the densest tile of each zoom; MapServer must draw features where we do."""
        layer = get_layer(COMPARED)
        densest: dict[int, TileId] = {}
        for tile, size in self.sizes.items():
            if tile.z not in densest or size > self.sizes[densest[tile.z]]:
                densest[tile.z] = tile
        compared = [
            check.compare(
                tile=tile, ours=floor_tile(self.raw_connection, self.tileset, tile), mapserver=self.theirs(tile),
                clustered=is_clustered(layer, tile.z),
            )
            for _, tile in sorted(densest.items())
        ]
        for entry in compared:
            if entry["ours_features"] and not entry["mapserver_features"]:
                raise RuntimeError(f"MapServer drew nothing at {entry['tile']}, where we draw {entry['ours_features']}")
            if entry["mapserver_ids_among_ours"] is False:
                raise RuntimeError(f"MapServer drew rows at {entry['tile']} that our tile lacks")
        return compared

    def assert_cache_off(self) -> None:
        """The uncached server must not store tiles (else its settings overlay did not take effect)."""
        cache_clear(tileset_id=self.tileset.id)
        url = self.path(max(self.sizes, key=self.sizes.get))
        http_get(self.clients["uncached"], url, headers=IDENTITY)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM tiles_tilecache WHERE tileset = %s", [self.tileset.id])
            if cursor.fetchone()[0]:
                raise RuntimeError(f"the uncached server stored {url}: PINGDING_TILES_CACHE=False had no effect")

    def close(self) -> None:
        for client in self.clients.values():
            client.close()


def measure(tiles: list[TileId], modes: dict[str, Callable[[TileId], float]], *, repeat: int) -> dict[str, Samples]:
    """A warm-up round, then ``repeat`` rounds of every mode on every tile, the modes of each tile in a shuffled order
    (seeded, so runs are comparable). Shuffled rather than rotated: a rotation keeps each mode behind the same other
    mode, e.g. a cache hit always right after the same server rendered the tile, with that render's cold CPU caches
    counted against the hit."""
    names = list(modes)
    for tile in tiles:
        for name in names:
            modes[name](tile)
    samples: dict[str, Samples] = {name: [] for name in names}
    order = random.Random(SHUFFLE_SEED)
    for _ in range(repeat):
        for tile in tiles:
            for name in order.sample(names, len(names)):
                samples[name].append((tile.z, modes[name](tile)))
    return samples


def summary(samples: Samples, zooms: set[int] | None = None) -> dict:
    """p50 and p95 in ms (of the requests at ``zooms`` only, when given) and the p50 of each zoom."""
    times = [seconds for z, seconds in samples if zooms is None or z in zooms]
    by_zoom = {z: [seconds for zoom, seconds in samples if zoom == z] for z in sorted({z for z, _ in samples})}
    return {
        "requests": len(times),
        "p50_ms": median(times) * 1000,
        "p95_ms": percentile(times, 95) * 1000,
        "p50_ms_by_zoom": {str(z): median(values) * 1000 for z, values in by_zoom.items()},
    }
