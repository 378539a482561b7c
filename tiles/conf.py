"""App settings of the tiles, namespaced ``PINGDING_TILES_*`` and read lazily so ``override_settings`` works.

Every value has a default in :data:`DEFAULTS`; a project setting of the same name overrides it, and
the environment sets that setting (typed by the default: ``geoserver_app/settings/app_settings.py``).

``PINGDING_TILES_EXTENT``            MVT extent: tile coordinate units per tile side (4096).
``PINGDING_TILES_BUFFER``            buffer around a tile in those units (64 = 4 px of a 256-px tile).
``PINGDING_TILES_MAX_ZOOM``          highest zoom a tile URL may ask for; z above it is a 400.
``PINGDING_TILES_CLUSTER_CELL_PX``   cluster cell side in pixels of a 256-px tile (a power of two <= 256, so cells
                                     align with tile edges); below a layer's ``cluster_below`` one point per cell.
``PINGDING_TILES_MAX_FEATURES``      per-tile budget of a point or mixed layer: more rows than this in one tile are
                                     drawn as bare clusters (id and ``count``), at any zoom (2500; the seeded seat's
                                     densest z16 tile holds 1,546 components, so ordinary tiles stay one per row).
``PINGDING_TILES_MAX_LAYER_BYTES``   the same budget in bytes of the layer's MVT (200 KB; the seat's largest
                                     component layer is 168 KB).
``PINGDING_TILES_MAX_TILE_BYTES``    bound of a whole tile (500 KB): past it, every point and mixed layer of the
                                     tile is drawn as bare clusters (id and ``count``).
``PINGDING_TILES_MIN_AREA_PX``       polygons smaller than this many square pixels (256-px tile, EPSG:3857) are
                                     dropped below a layer's ``maxzoom``.
``PINGDING_TILES_CACHE``             keep rendered tiles in the ``tiles_tilecache`` table (True).
``PINGDING_TILES_MAX_AGE``           ``Cache-Control: max-age`` of tiles and TileJSON, in seconds.
``PINGDING_TILES_GZIP_LEVEL``        zlib level of the stored (gzip) tile bodies: 1 (fastest) keeps a cache miss within
                                     ~1.3x the bare SQL; 6 saves ~10 % of the bytes for ~0.15x more on a miss.
``PINGDING_TILES_MEMORY_BYTES``      bytes of tiles each server process keeps in memory (``tiles.memory``): stored
                                     bodies a hit need not fetch again, and gunzipped ones for clients that do not
                                     accept gzip; never stale (checked against the ETag in the database); 0 keeps none.
``PINGDING_TILES_ATTRIBUTION``       TileJSON attribution.
``PINGDING_TILES_DEFAULT_BOUNDS``    TileJSON bounds (CRS84 lon/lat degrees: west, south, east, north) of a tileset
                                     without data.
``PINGDING_TILES_CENTER``            TileJSON center (lon, lat, zoom); the zoom is clamped to the tileset's range.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

DEFAULTS: dict[str, Any] = {
    "PINGDING_TILES_EXTENT": 4096,
    "PINGDING_TILES_BUFFER": 64,
    "PINGDING_TILES_MAX_ZOOM": 24,
    "PINGDING_TILES_CLUSTER_CELL_PX": 16,
    "PINGDING_TILES_MAX_FEATURES": 2500,
    "PINGDING_TILES_MAX_LAYER_BYTES": 200 * 1024,
    "PINGDING_TILES_MAX_TILE_BYTES": 500 * 1024,
    "PINGDING_TILES_MIN_AREA_PX": 1.0,
    "PINGDING_TILES_CACHE": True,
    "PINGDING_TILES_MAX_AGE": 60,
    "PINGDING_TILES_GZIP_LEVEL": 1,
    "PINGDING_TILES_MEMORY_BYTES": 32 * 1024 * 1024,
    "PINGDING_TILES_ATTRIBUTION": "平定县社会治理中心 — synthetic data",
    "PINGDING_TILES_DEFAULT_BOUNDS": (113.20, 37.55, 114.05, 38.05),
    "PINGDING_TILES_CENTER": (113.627, 37.795, 14),
}


T = TypeVar("T")

_values: dict[str, Any] = {}
"""Settings read so far: a tile is served with a dozen reads, and each ``django.conf.settings`` lookup goes through
its lazy proxy. Emptied whenever a setting changes (``override_settings``, the tests' ``settings`` fixture)."""


def get(name: str) -> Any:
    """The value of the app setting ``name`` (one of :data:`DEFAULTS`)."""
    try:
        return _values[name]
    except KeyError:
        value = _values[name] = getattr(settings, name, DEFAULTS[name])
        return value


_memos: list = []


def per_settings(function: Callable[..., T]) -> Callable[..., T]:
    """Compute ``function(*args)`` once per arguments and keep it until a setting changes (for values derived from
    settings and the arguments only)."""
    memo = lru_cache(maxsize=256)(function)
    _memos.append(memo)
    return memo


@receiver(setting_changed)
def _forget_values(**_) -> None:
    _values.clear()
    for memo in _memos:
        memo.cache_clear()


def extent() -> int:
    return int(get("PINGDING_TILES_EXTENT"))


def buffer() -> int:
    return int(get("PINGDING_TILES_BUFFER"))


def max_zoom() -> int:
    return int(get("PINGDING_TILES_MAX_ZOOM"))


def max_features() -> int:
    return int(get("PINGDING_TILES_MAX_FEATURES"))


def max_layer_bytes() -> int:
    return int(get("PINGDING_TILES_MAX_LAYER_BYTES"))


def max_tile_bytes() -> int:
    return int(get("PINGDING_TILES_MAX_TILE_BYTES"))


def cache_enabled() -> bool:
    return bool(get("PINGDING_TILES_CACHE"))
