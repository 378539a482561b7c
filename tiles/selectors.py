"""Reads of the tile service: a tile (from the cache or rendered by one statement) and a tileset's bounds."""
from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from functools import cached_property

from django.core.cache import cache as django_cache
from django.conf import settings
from django.db import connection

from web.dbrouter import read_connection

from . import conf, encoding
from .cache import cache_read, cache_write
from .catalog import Tileset
from .filtering import TileFilter
from .grid import BBox, TileId, pixel_size
from .flooded import flooded_statement
from .metrics import tile_cache_count
from .sql import VERSION_TABLE, quote_ident, tile_statement


@dataclass(frozen=True)
class RenderedTile:
    """The output of the tile statement: the MVT (uncompressed, may be empty) and the data versions it saw."""

    mvt: bytes
    versions: list[int]


@dataclass(frozen=True)
class Tile:
    """A non-empty tile as served: ``etag`` is the content hash of the MVT; a cached tile comes as its stored gzip
    (``stored_gzip``), a rendered one as its ``mvt``, and each encoding is made only when asked for (a rendered tile
    that is neither stored nor asked for in gzip is never compressed)."""

    etag: str
    cached: bool
    stored_gzip: bytes | None = None
    mvt: bytes | None = None

    @cached_property
    def gzip(self) -> bytes:
        return self.stored_gzip if self.stored_gzip is not None else encoding.compress(self.mvt)

    def identity(self) -> bytes:
        return self.mvt if self.mvt is not None else encoding.identity(self.etag, self.gzip)


PLANNER_SETTINGS = "SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0;\n"
"""Sent in the same query string as a tile statement (one round trip; in autocommit the string is one implicit
transaction, so the settings end with it). PostGIS functions carry high planner costs: a dense tile's plan would
pass ``jit_above_cost`` (PostgreSQL then spends about a second compiling a query that runs in 10-100 ms) and draw
parallel plans whose worker start-up costs more than it saves, and that then prefer a sequential scan to the
GiST index."""


PARAMETERS = {"z": "integer", "x": "integer", "y": "integer", "px": "float8", "layers": "text[]", "grids": "text[]"}
"""The parameters of a tile statement (:mod:`tiles.sql`), in the order of the prepared statement's ``$1``..``$6``."""
GENERIC_FROM_ZOOM = 14
"""From this zoom on, a tile statement is prepared once per database session and run by its generic plan: planning
is then a third of a small tile's time, and every tile of a zoom wants the same plan (an index probe of a small
envelope). Below it, tiles cover much of the county and a custom plan, made for the tile's envelope, is faster.
Behind a pooler in transaction mode (``PINGDING_DB_TRANSACTION_POOLING``) nothing is prepared: the next transaction
may run on another server session, where the statement does not exist (PgBouncer 1.18, Debian 12's, keeps no
prepared statements; psycopg2 sends none at the protocol level either)."""
PREPARED_KEPT = 256
_prepared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""Per database connection (psycopg2): the name of the prepared statement of each tile statement text."""


def positional(statement: str) -> str:
    """The statement with ``$n`` for each ``%(name)s`` (in :data:`PARAMETERS` order) and ``%`` for ``%%``."""
    order = list(PARAMETERS)
    return re.sub(r"%\((\w+)\)s|%%", lambda m: f"${order.index(m[1]) + 1}" if m[1] else "%", statement)


def run_tile_statement(session, statement: str, params: dict, *, prepared: bool) -> tuple:
    """The row of a tile statement run on ``session`` (a psycopg2 connection) with :data:`PLANNER_SETTINGS`: as
    text, or, when ``prepared``, by its generic plan (prepared on first use; a session keeps at most
    :data:`PREPARED_KEPT`, then deallocates its tile statements and starts again)."""
    with session.cursor() as cursor:
        if not prepared:
            cursor.execute(PLANNER_SETTINGS + statement, params)
            return cursor.fetchone()
        names = _prepared.setdefault(session, {})
        name = names.get(statement)
        if name is None:
            if len(names) >= PREPARED_KEPT:
                cursor.execute("".join(f"DEALLOCATE {old};" for old in names.values()))
                names.clear()
            name = f"pingding_mvt_{len(names)}"
            cursor.execute(f"PREPARE {name} ({', '.join(PARAMETERS.values())}) AS\n{positional(statement)}")
            names[statement] = name
        arguments = ", ".join(f"%({key})s" for key in PARAMETERS)
        cursor.execute(f"{PLANNER_SETTINGS}SET LOCAL plan_cache_mode = force_generic_plan;\n"
                       f"EXECUTE {name} ({arguments})", params)
        return cursor.fetchone()


def tile_render(*, tileset: Tileset, tile: TileId, bound: dict | None = None) -> RenderedTile:
    """Run the statement of the tile (the tileset must draw a layer at ``tile.z``): the ordinary one, and only when
    its tile comes back NULL (a layer past its budget) or past ``PINGDING_TILES_MAX_TILE_BYTES``, the flooded one.

    The flooded tile is read in a later snapshot than the first; its own versions go with it, so the cache keeps
    it only if nothing changed since it was drawn (:mod:`tiles.cache`). ``bound``: the values of a filtered
    tileset's conditions (:mod:`tiles.filtering`); its statements are never prepared."""
    layers = [layer.id for layer in tileset.layers_at(tile.z)]
    params = {
        "z": tile.z, "x": tile.x, "y": tile.y, "px": pixel_size(tile.z), "layers": layers, "grids": tileset.grids,
        **(bound or {}),
    }
    database = read_connection()  # the replica's when the request reads from it (web.dbrouter)
    database.ensure_connection()
    session = database.connection
    generic = tile.z >= GENERIC_FROM_ZOOM and bound is None and not settings.PINGDING_DB_TRANSACTION_POOLING
    with database.wrap_database_errors:
        versions, mvt = run_tile_statement(session, tile_statement(tileset, tile.z), params, prepared=generic)
        if mvt is None or len(mvt) > conf.max_tile_bytes():
            versions, mvt = run_tile_statement(session, flooded_statement(tileset, tile.z), params, prepared=False)
    return RenderedTile(mvt=bytes(mvt), versions=list(versions or []))


def tile_get(*, tileset: Tileset, tile: TileId, tile_filter: TileFilter | None = None) -> Tile | None:
    """The tile, or None when it is empty (no layer at this zoom, or no feature in it).

    A cached tile is returned as stored; otherwise the tile is rendered, compressed once and, when
    ``PINGDING_TILES_CACHE`` is on, stored (an empty one too) unless its data changed meanwhile (see
    :mod:`tiles.cache`). A filtered tile (``tile_filter``) is rendered for this request only, never cached.
    Each read counts as a cache hit, miss or bypass (:mod:`tiles.metrics`).
    """
    if tile_filter is not None:
        tile_cache_count(tileset.id, "bypass")
        return filtered_tile_get(tile_filter=tile_filter, tile=tile)
    if not tileset.layers_at(tile.z):
        return None
    use_cache = conf.cache_enabled()
    if use_cache:
        cached = cache_read(tileset=tileset, tile=tile)
        if cached is not None:
            tile_cache_count(tileset.id, "hit")
            return None if cached.empty else Tile(etag=cached.etag, cached=True, stored_gzip=cached.body)
    tile_cache_count(tileset.id, "miss" if use_cache else "bypass")
    rendered = tile_render(tileset=tileset, tile=tile)
    if not rendered.mvt:
        if use_cache:
            cache_write(tileset=tileset, tile=tile, versions=rendered.versions, etag="", body=b"", size=0)
        return None
    result = Tile(etag=encoding.content_hash(rendered.mvt), cached=False, mvt=rendered.mvt)
    if use_cache:
        encoding.keep_identity(result.etag, rendered.mvt)
        cache_write(
            tileset=tileset, tile=tile, versions=rendered.versions, etag=result.etag, body=result.gzip,
            size=len(rendered.mvt),
        )
    return result


def filtered_tile_get(*, tile_filter: TileFilter, tile: TileId) -> Tile | None:
    """The filtered tile, rendered; the cache is neither read nor written (nor this process's memory of it)."""
    if not tile_filter.tileset.layers_at(tile.z):
        return None
    rendered = tile_render(tileset=tile_filter.tileset, tile=tile, bound=tile_filter.params)
    if not rendered.mvt:
        return None
    return Tile(etag=encoding.content_hash(rendered.mvt), cached=False, mvt=rendered.mvt)


def _versions_sql(tileset: Tileset) -> str:
    return f"SELECT array_agg(version ORDER BY layer) FROM {VERSION_TABLE} WHERE layer = ANY(%(layers)s::text[])"


def _extent_sql(tileset: Tileset) -> str:
    """One statement: the versions of the tileset's layers and the extent of all their geometries (EPSG:4490)."""
    extents = "\n    UNION ALL ".join(
        f"SELECT ST_Extent({quote_ident(layer.geometry_column)})::geometry AS e FROM {quote_ident(layer.table)}"
        for layer in tileset.layers
    )
    return (
        f"SELECT ({_versions_sql(tileset)}) AS versions, ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)\n"
        f"FROM (SELECT ST_Extent(e) AS b FROM (\n    {extents}\n) AS layer_extents) AS total"
    )


def tileset_bounds(*, tileset: Tileset) -> BBox:
    """The lon/lat extent (west, south, east, north; EPSG:4490 degrees) of the tileset's data, or
    ``PINGDING_TILES_DEFAULT_BOUNDS`` when it has none. Cached under the layers' data versions, so never stale."""
    params = {"layers": sorted(layer.id for layer in tileset.layers)}
    with connection.cursor() as cursor:
        cursor.execute(_versions_sql(tileset), params)
        (versions,) = cursor.fetchone()
        key = _bounds_key(tileset, versions)
        bounds = django_cache.get(key)
        if bounds is None:
            cursor.execute(_extent_sql(tileset), params)
            versions, *extent = cursor.fetchone()
            bounds = tuple(extent) if extent[0] is not None else tuple(conf.get("PINGDING_TILES_DEFAULT_BOUNDS"))
            django_cache.set(_bounds_key(tileset, versions), bounds, timeout=None)
    return bounds


def _bounds_key(tileset: Tileset, versions: list[int] | None) -> str:
    return f"pingding.tiles.bounds.{tileset.audience}.{tileset.id}.{'-'.join(str(v) for v in versions or [])}"
