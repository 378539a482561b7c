"""The HTTP answer of one vector tile, as status, headers and body: what the view (``tiles.views.tile``) and the WSGI
front (``tiles.front``) both send, so the two cannot drift apart.

``200`` with the MVT (gzip when the client accepts it), ``204`` for an empty tile (no layer at this zoom, or no
feature in it), ``304`` when ``If-None-Match`` names the tile's ETag. ``X-Tile-Cache`` says whether the tile came from
the cache (``hit``), was rendered for this request (``miss``), or is a filtered tile, which the cache never holds
(``bypass``). Content length and the security headers are added by
whoever sends the answer (Django's middlewares, or the front).
"""
from __future__ import annotations

from dataclasses import dataclass

from accounts.principal import PUBLIC_AUDIENCE

from . import encoding
from .catalog import Tileset
from .encoding import MVT_CONTENT_TYPE
from .filtering import TileFilter
from .grid import TileId
from .selectors import tile_get

REASONS = {200: "OK", 204: "No Content", 304: "Not Modified"}


@dataclass(frozen=True)
class TileAnswer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def status_line(self) -> str:
        return f"{self.status} {REASONS[self.status]}"


def private(headers: dict[str, str], audience: str) -> dict[str, str]:
    """``headers`` as they go to a caller who is not anonymous: shared caches must not keep its tiles."""
    if audience == PUBLIC_AUDIENCE:
        return headers
    cache_control = headers.get("Cache-Control", "").replace("public", "private")
    return {**headers, "Cache-Control": cache_control, "Vary": "Accept-Encoding, Authorization, Cookie"}


def _cache_state(cached: bool, tile_filter: TileFilter | None) -> str:
    return "hit" if cached else "bypass" if tile_filter is not None else "miss"


def tile_answer(*, tileset: Tileset, tile: TileId, accept_encoding: str, if_none_match: str,
                tile_filter: TileFilter | None = None) -> TileAnswer:
    """Read (or render) the tile for the tileset's audience and answer it for these request headers; a filtered
    one (``tile_filter``) is rendered for this request only."""
    result = tile_get(tileset=tileset, tile=tile, tile_filter=tile_filter)
    if result is None:
        return TileAnswer(204, private(encoding.cache_headers(), tileset.audience), b"")
    negotiated = encoding.negotiate(result.etag, accept_encoding=accept_encoding, if_none_match_header=if_none_match)
    headers = private({**negotiated.headers, "X-Tile-Cache": _cache_state(result.cached, tile_filter)}, tileset.audience)
    if negotiated.status == 304:
        return TileAnswer(304, headers, b"")
    body = result.gzip if negotiated.gzipped else result.identity()
    return TileAnswer(200, {"Content-Type": MVT_CONTENT_TYPE, **headers}, body)
