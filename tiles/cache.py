"""The server-side tile cache: the table ``tiles_tilecache`` in PostgreSQL, never older than the data.

Where: a table, not files under ``PINGDING_DATA_DIR``, so every app server shares one cache and an edit drops the
tiles it changes in the same transaction as the edit (a disk cache can do neither). Rows hold the gzip body (a
tile is compressed once), the ETag content hash, the uncompressed size and ``env``, the envelope the tile read.
Empty tiles are stored too, as a row with an empty body and ETag (answered 204): an empty tile still costs the index
probe of every layer it draws and a trip through Django, a stored one is a lookup that ``tiles.front`` answers.

Invalidation is exact and lives in the database (``tiles/sql/invalidate.sql``, installed per layer table from the
registry by ``tiles.triggers``): after every INSERT / UPDATE / DELETE statement on a layer table, a statement-level
trigger with transition tables deletes, from the layer's tileset and from ``all``, the rows whose ``env`` overlaps
(``&&``, GiST) an old or a new geometry; TRUNCATE drops the layer's tiles. ``&&`` is the very filter the tile query
reads rows with, so a tile is dropped exactly when a row it read, or would now read, changed, at every zoom
(clustered low-zoom tiles included); tiles elsewhere stay cached. A few changed rows probe the cache's index once
each; a bulk change (over 256 boxes) indexes its boxes in a temporary table and probes that once per cached tile of
their extent (74,173 components updated at once: about 1 s on top of the UPDATE's own 4 s).

Nothing older than the data. A tile rendered from a snapshot taken before a concurrent edit committed must not
be stored after the edit's trigger ran, or it would outlive the edit. The choice here is a per-layer version,
``tiles_layerversion``, that the trigger renews (``nextval``: never reused, not even after a rollback) before it
deletes, holding the row lock until its transaction ends:

1. the tile statement reads, in its one snapshot, the tile and the versions of the layers it draws;
2. the write is ``INSERT ... SELECT ... WHERE <those versions, read now FOR SHARE SKIP LOCKED> = <versions of 1>``.

If the edit committed after 1, its new version is visible to 2: versions differ, nothing stored. If the edit is
still running, its row lock makes ``SKIP LOCKED`` drop that version row: versions differ, nothing stored. If the
edit reaches its trigger after 2 took its share lock, the edit's version update waits for 2 to commit, and its
DELETE (a new statement, so a new snapshot at READ COMMITTED) then sees and deletes the row 2 stored. A reader
never waits on a writer; writers of one layer serialise on its version row.

Rejected: rendering and storing inside one REPEATABLE READ transaction does not notice an edit that commits between
the render and the insert (no cache row conflicts), and SERIALIZABLE would only catch it if every editor ran
SERIALIZABLE too. Editors must run at READ COMMITTED (the Django default): at REPEATABLE READ the trigger's DELETE
would not see a tile stored during the edit.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from web.dbrouter import read_connection

from .catalog import Tileset
from .grid import TileId
from .memory import memory
from .sql import VERSION_TABLE, query_envelope

READ_STATEMENT = "pingding_tile_read"
READ_SQL = f"""
PREPARE {READ_STATEMENT} (varchar, smallint, integer, integer, varchar, varchar) AS
SELECT etag, CASE WHEN etag = $5 THEN NULL ELSE body END FROM tiles_tilecache
WHERE tileset = $1 AND z = $2 AND x = $3 AND y = $4 AND audience = $6
"""
"""The read of a tile's row for an audience (``$6``): its body only when its ETag is not the one this process holds
in memory (``$5``).
Prepared once per database session (the plan of the hottest statement is made once, not on every hit)."""
POOLED_READ_SQL = """
SELECT etag, CASE WHEN etag = %(held)s::varchar THEN NULL ELSE body END FROM tiles_tilecache
WHERE tileset = %(tileset)s AND z = %(z)s AND x = %(x)s AND y = %(y)s AND audience = %(audience)s
"""
"""The same read as a plain statement, behind a pooler in transaction mode (``PINGDING_DB_TRANSACTION_POOLING``),
where a prepared statement does not outlive the transaction's server session."""

_prepared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""The database connections (psycopg2) on which the read is prepared."""


def write_sql() -> str:
    """The conditional insert of a rendered tile (binds the tile, its bytes, ``layers`` and ``versions``), sent as one
    query string: in autocommit it is one implicit transaction, whose commit need not wait for the WAL flush."""
    return f"""
SET LOCAL synchronous_commit = off;  -- a cache row lost in a crash is only rendered again
INSERT INTO tiles_tilecache (tileset, z, x, y, audience, etag, body, size, env)
SELECT %(tileset)s, %(z)s, %(x)s, %(y)s, %(audience)s, %(etag)s, %(body)s, %(size)s, {query_envelope()}
WHERE (
    -- the versions now, skipping (so: not matching) a version row that a running edit holds
    SELECT array_agg(v.version ORDER BY v.layer) FROM (
        SELECT layer, version FROM {VERSION_TABLE}
        WHERE layer = ANY(%(layers)s::text[])
        ORDER BY layer
        FOR SHARE SKIP LOCKED
    ) AS v
) = %(versions)s::bigint[]
ON CONFLICT (tileset, z, x, y, audience) DO NOTHING
"""


@dataclass(frozen=True)
class CachedTile:
    etag: str
    body: bytes  # gzip; empty for an empty tile

    @property
    def empty(self) -> bool:
        return not self.body


def memory_key(tileset: Tileset, tile: TileId) -> tuple:
    return ("stored", tileset.audience, tileset.id, tile.z, tile.x, tile.y)


def cache_read(*, tileset: Tileset, tile: TileId) -> CachedTile | None:
    """The cached tile of the tileset's audience, or None. The body comes from this process's memory when the
    database says the ETag held there is still the tile's (:mod:`tiles.memory`), else from the row (and is then
    kept in memory)."""
    key = memory_key(tileset, tile)
    held: CachedTile | None = memory.get(key)
    database = read_connection()  # once (the replica's when the request reads from it: web.dbrouter)
    database.ensure_connection()
    session = database.connection
    # The driver's cursor, with Django's error wrapping (a broken connection is then closed by the request cycle):
    # on a hit this read is most of the work, and Django's cursor wrapper adds a tenth to it.
    with database.wrap_database_errors, session.cursor() as cursor:
        held_etag = held.etag if held else None
        if settings.PINGDING_DB_TRANSACTION_POOLING:
            cursor.execute(POOLED_READ_SQL, {
                "held": held_etag, "tileset": tileset.id, "z": tile.z, "x": tile.x, "y": tile.y,
                "audience": tileset.audience,
            })
        else:
            if session not in _prepared:
                cursor.execute(READ_SQL)
                _prepared[session] = True
            cursor.execute(
                f"EXECUTE {READ_STATEMENT} (%s, %s, %s, %s, %s, %s)",
                (tileset.id, tile.z, tile.x, tile.y, held_etag, tileset.audience),
            )
        row = cursor.fetchone()
    if row is None:
        return None
    etag, body = row
    if body is None:  # the ETag held is the tile's
        return held
    cached = CachedTile(etag=etag, body=bytes(body))
    memory.put(key, cached, len(cached.body))
    return cached


def cache_write(
    *, tileset: Tileset, tile: TileId, versions: list[int], etag: str, body: bytes, size: int
) -> bool:
    """Store a tile rendered for the tileset's audience unless its layers changed since ``versions`` were read; True
    if stored.

    ``versions`` are the data versions that the tile statement read (ordered by layer id), ``body`` the gzip MVT
    (``b""``, with ``etag=""`` and ``size=0``, for an empty tile).
    """
    layers = [layer.id for layer in tileset.layers_at(tile.z)]
    params = {
        "tileset": tileset.id, "z": tile.z, "x": tile.x, "y": tile.y, "audience": tileset.audience, "etag": etag,
        "body": body, "size": size,
        "layers": layers, "versions": versions,
    }
    with connection.cursor() as cursor:
        cursor.execute(write_sql(), params)
        stored = cursor.rowcount == 1
    if stored:
        memory.put(memory_key(tileset, tile), CachedTile(etag=etag, body=body), len(body))
    return stored


def cache_clear(*, tileset_id: str | None = None) -> int:
    """Delete every cached tile (of one tileset), of every audience; returns how many. Never needed for freshness,
    only for space."""
    with connection.cursor() as cursor:
        if tileset_id is None:
            cursor.execute("DELETE FROM tiles_tilecache")
        else:
            cursor.execute("DELETE FROM tiles_tilecache WHERE tileset = %s", [tileset_id])
        return cursor.rowcount
