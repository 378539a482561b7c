"""Tile bytes each server process keeps in memory: least recently used out, within ``PINGDING_TILES_MEMORY_BYTES``.

Two kinds of entries share the bound, and neither can be stale:

``stored``    the gzip body of a cached tile, by tile, with its ETag. :func:`tiles.cache.cache_read` sends the ETag held
              here with its query and the database returns the body only when the tile's ETag is another, so a hit
              moves a few bytes instead of the body, and an entry is used only when the database has just said it is
              still the tile.
``identity``  the gunzipped body of a tile, by the content hash of those bytes (its ETag): tiles are stored gzip, and
              a client that does not accept gzip would otherwise pay a gunzip on every hit (about 1 ms on a dense
              tile). A changed tile has another hash.

Per process, shared by the threads of a worker (hence the lock).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

from . import conf


class TileMemory:
    """A bounded least-recently-used map of values whose size in bytes the caller gives."""

    def __init__(self) -> None:
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: Hashable, value: Any, size: int) -> None:
        """Keep ``value`` (replacing what ``key`` held); a value over the whole bound is not kept."""
        limit = int(conf.get("PINGDING_TILES_MEMORY_BYTES"))
        with self._lock:
            self._drop(key)
            if size > limit:
                return
            self._entries[key] = (value, size)
            self._bytes += size
            while self._bytes > limit:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped

    def discard(self, key: Hashable) -> None:
        with self._lock:
            self._drop(key)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    @property
    def size(self) -> int:
        return self._bytes

    def _drop(self, key: Hashable) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= entry[1]


memory = TileMemory()
