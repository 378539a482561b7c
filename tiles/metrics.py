"""The tile cache's instrument of ``/metrics``: ``pingding_tile_cache_total{tileset, result}``, one count per tile
read, whether the front or the view answers it. ``result`` is ``hit`` (from ``tiles_tilecache``, an empty tile's
row included), ``miss`` (rendered for this request, then stored) or ``bypass`` (rendered and never stored: a
filtered tile, or ``PINGDING_TILES_CACHE`` off). ``tileset`` comes from the catalog (the registry), so the series
stay bounded."""
from __future__ import annotations

from prometheus_client import Counter

RESULTS = ("hit", "miss", "bypass")

TILE_CACHE = Counter("pingding_tile_cache", "Vector tiles read, by tileset and cache result (hit, miss, bypass).",
                     ("tileset", "result"))


def tile_cache_count(tileset_id: str, result: str) -> None:
    TILE_CACHE.labels(tileset_id, result).inc()
