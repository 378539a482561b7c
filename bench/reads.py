"""A mix of the reads that a replica or a province must keep fast: pages of 100 with a bbox, vector tiles and snaps,
each with its floor (the very statement our endpoint runs, executed by psycopg2 on a given connection).

The reads are built once, over Pingding's built-up area (:data:`tiles.sample.BUILT_UP_BBOX`, the snapping
benchmark's deterministic points), and can be moved by an offset in degrees onto another county of a province (the
province seed translates a copy of Pingding). The statements are the ones of :mod:`bench.paging`,
:mod:`bench.tiles` and :mod:`bench.snapping`. Pages and snaps leave out the partitions of the counties far from their
box, as the endpoints do, by the counties of the database Django reads from when the reads are built
(``web.dbrouter.reading_from``): build a database's reads while reading from it.

:func:`measure` times a list of slots, each a few named calls ``() -> seconds`` (a server's answer or a floor), every
call of a slot back to back, the order reversed from one slot to the next (ABAB... BABA), so that a change of load on
the shared machine touches every name alike; one warm-up round is not counted.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from statistics import geometric_mean

from layers.registry import get_layer
from tiles.catalog import get_tileset
from tiles.grid import BBox, TileId, tile_at, tile_bounds_lonlat
from tiles.sample import BUILT_UP_BBOX, benchmark_tiles

from .httpclient import LeanClient
from .paging import page_statement
from .snapping import built_up_points, snap_far, snap_params, snap_statement
from .stats import median, percentile
from .tiles.modes import floor_tile

KINDS = ("page", "tile", "snap")
COLLECTION = "components"
TILESET = "components"
PAGE = 100
TILE_ZOOMS = range(12, 18)
"""Where the components tileset draws (from z12), to z17."""
SNAP_SEED = 20240601
IDENTITY = {"Accept-Encoding": "identity", "Accept": "application/geo+json, application/json, */*"}

Timed = Callable[[], float | None]


@dataclass(frozen=True)
class Read:
    """One request: ``path`` on a server, and ``floor(raw_connection)`` that runs its statement and fetches it."""

    kind: str
    path: str
    floor: Callable[[object], object]


@dataclass(frozen=True)
class Mix:
    """How many reads of each kind: pages (offsets 0, 100, ... in the bbox), tiles per zoom, snaps."""

    pages: int = 20
    tiles_per_zoom: int = 4
    snaps: int = 40


def central(bbox: BBox, fraction: float) -> BBox:
    """The middle of ``bbox``, ``fraction`` of its width and height."""
    west, south, east, north = bbox
    mx, my = (east - west) * (1 - fraction) / 2, (north - south) * (1 - fraction) / 2
    return (west + mx, south + my, east - mx, north - my)


PAGE_BBOX = central(BUILT_UP_BBOX, 0.2)
"""A map view of about 1 x 1 km in the middle of the county seat (some thousands of components at full scale): the
whole built-up area would have every page count all 74,173 components (1.2 s a page)."""


def shifted(bbox: BBox, dx: float, dy: float) -> BBox:
    west, south, east, north = bbox
    return (west + dx, south + dy, east + dx, north + dy)


def page_reads(count: int, *, dx: float = 0.0, dy: float = 0.0) -> list[Read]:
    """``count`` consecutive pages of 100 components inside :data:`PAGE_BBOX` moved by (dx, dy) degrees."""
    layer = get_layer(COLLECTION)
    bbox = ",".join(repr(round(v, 7)) for v in shifted(PAGE_BBOX, dx, dy))
    reads = []
    for page in range(count):
        query = f"limit={PAGE}&offset={page * PAGE}&bbox={bbox}&f=json"
        statement = page_statement(layer, query)
        reads.append(Read("page", f"/ogc/collections/{COLLECTION}/items?{query}",
                          _statement_floor(statement.text, statement.params)))
    return reads


def tile_reads(per_zoom: int, *, dx: float = 0.0, dy: float = 0.0) -> list[Read]:
    """``per_zoom`` tiles of each of :data:`TILE_ZOOMS` over the built-up bbox, each moved by (dx, dy) degrees (the
    tile under its moved centre: as many tiles, in the same order)."""
    tileset = get_tileset(TILESET)
    tiles = [moved(t, dx, dy) for t in benchmark_tiles(per_zoom=per_zoom, bbox=BUILT_UP_BBOX, zooms=TILE_ZOOMS)]
    return [Read("tile", f"/tiles/{TILESET}/{t.z}/{t.x}/{t.y}.mvt", _tile_floor(tileset, t)) for t in tiles]


def moved(tile: TileId, dx: float, dy: float) -> TileId:
    """The tile under ``tile``'s centre moved by (dx, dy) degrees (itself when both are 0)."""
    if not dx and not dy:
        return tile
    west, south, east, north = tile_bounds_lonlat(tile)
    return tile_at((west + east) / 2 + dx, (south + north) / 2 + dy, tile.z)


def snap_reads(count: int, *, dx: float = 0.0, dy: float = 0.0) -> list[Read]:
    """``count`` snaps at the snapping benchmark's deterministic built-up points moved by (dx, dy) degrees."""
    reads = []
    for lon, lat in built_up_points(count, SNAP_SEED).tolist():
        lon, lat = lon + dx, lat + dy
        far = snap_far(lon, lat)
        reads.append(Read("snap", f"/api/snap?lon={lon!r}&lat={lat!r}",
                          _statement_floor(snap_statement(len(far)), snap_params(lon, lat, far))))
    return reads


def mix_reads(mix: Mix, *, dx: float = 0.0, dy: float = 0.0) -> list[Read]:
    """The reads of ``mix``, pages, tiles and snaps interleaved (so that no kind runs in a block of its own)."""
    groups = [page_reads(mix.pages, dx=dx, dy=dy), tile_reads(mix.tiles_per_zoom, dx=dx, dy=dy),
              snap_reads(mix.snaps, dx=dx, dy=dy)]
    longest = max(len(group) for group in groups)
    return [group[i] for i in range(longest) for group in groups if i < len(group)]


def _statement_floor(text: str, params) -> Callable[[object], object]:
    def floor(raw) -> object:
        with raw.cursor() as cursor:
            cursor.execute(text, params)
            return cursor.fetchall()
    return floor


def _tile_floor(tileset, tile: TileId) -> Callable[[object], object]:
    return lambda raw: floor_tile(raw, tileset, tile)


def server_call(client: LeanClient, read: Read, *, check: Callable[[Read, float], bool] | None = None) -> Timed:
    """Seconds of ``GET read.path`` on ``client`` (keep-alive), the whole body read; an answer other than 200/204
    stops the run. ``check(read, started)`` (``started``: wall-clock epoch seconds) runs after, outside the timer;
    when it says no, the call gives None (not counted)."""
    def call() -> float:
        started_epoch = time.time()
        started = time.perf_counter()
        status, _, body = client.get(read.path, headers=IDENTITY)
        elapsed = time.perf_counter() - started
        if status not in (200, 204):
            raise RuntimeError(f"GET {read.path}: HTTP {status}: {body[:300]!r}")
        if check is not None and not check(read, started_epoch):
            return None
        return elapsed
    return call


def floor_call(raw, read: Read) -> Timed:
    """Seconds of the read's statement on ``raw`` (a psycopg2 connection); its transaction is ended outside the
    timer."""
    def call() -> float:
        started = time.perf_counter()
        read.floor(raw)
        elapsed = time.perf_counter() - started
        raw.rollback()
        return elapsed
    return call


def measure(slots: list[dict[str, Timed]], *, rounds: int) -> dict[str, list[float]]:
    """A warm-up round, then ``rounds`` rounds over ``slots``: the calls of each slot back to back, in the slot's
    order on even slots and reversed on odd ones (the parity flips every round). Seconds by call name; a call that
    gives None is not counted."""
    for slot in slots:
        for call in slot.values():
            call()
    samples: dict[str, list[float]] = {}
    for round_ in range(rounds):
        for index, slot in enumerate(slots):
            names = list(slot)
            if (index + round_) % 2:
                names.reverse()
            for name in names:
                seconds = slot[name]()
                if seconds is not None:
                    samples.setdefault(name, []).append(seconds)
    return samples


def summary(times: list[float]) -> dict:
    """p50 and p95 in milliseconds, and how many."""
    return {"p50_ms": median(times) * 1000, "p95_ms": percentile(times, 95) * 1000, "n": len(times)}


def by_kind(samples: dict[str, list[float]], *prefixes: str) -> dict[str, dict]:
    """The summary of every kind of the calls named ``{prefix}{kind}`` for any of ``prefixes``."""
    result = {}
    for kind in KINDS:
        times = [t for name, values in samples.items() for t in values
                 if any(name.startswith(f"{prefix}{kind}") for prefix in prefixes)]
        if times:
            result[kind] = summary(times)
    return result


def ratios(a: dict[str, dict], b: dict[str, dict]) -> dict[str, dict]:
    """``a`` over ``b`` (summaries by kind), p50 to p50 and p95 to p95, and under ``all`` the geometric mean of the
    kinds' ratios (a pooled p50 of unlike reads would fall on whichever kind sits in the middle)."""
    result = {kind: {p: a[kind][f"{p}_ms"] / b[kind][f"{p}_ms"] for p in ("p50", "p95")} for kind in a if kind in b}
    result["all"] = {p: geometric_mean([r[p] for r in result.values()]) for p in ("p50", "p95")}
    return result
