"""Bytes and HTTP headers of a tile: gzip (compressed once, stored compressed), ETags and Accept-Encoding.

Shared by the view (``tiles.views``) and the cache-hit fast path (``tiles.front``), so both answer alike.
"""
from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from functools import lru_cache

from . import conf
from .memory import memory

MVT_CONTENT_TYPE = "application/vnd.mapbox-vector-tile"

GZIP_SUFFIX = "-gzip"
"""Appended to the ETag of the gzip representation: the two encodings are different bytes, so they get
different strong ETags (RFC 9110 8.8.3); both name the same content hash, so either revalidates (304)."""


def compress(body: bytes) -> bytes:
    """gzip of ``body``, deterministic (no timestamp in the header), at ``PINGDING_TILES_GZIP_LEVEL``."""
    return gzip.compress(body, compresslevel=int(conf.get("PINGDING_TILES_GZIP_LEVEL")), mtime=0)


def decompress(body: bytes) -> bytes:
    return gzip.decompress(body)


def identity(content: str, gzip_body: bytes) -> bytes:
    """The uncompressed MVT whose content hash is ``content`` and whose gzip is ``gzip_body`` (gunzipped once per
    process while it stays in :data:`tiles.memory.memory`)."""
    key = ("identity", content)
    body = memory.get(key)
    if body is None:
        body = decompress(gzip_body)
        memory.put(key, body, len(body))
    return body


def keep_identity(content: str, body: bytes) -> None:
    """Keep the uncompressed MVT of a tile just rendered, for the clients that will ask for it without gzip."""
    memory.put(("identity", content), body, len(body))


def content_hash(body: bytes) -> str:
    """32 hex digits of BLAKE2b over the uncompressed MVT: the content part of the ETag."""
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def etag_header(content: str, *, gzipped: bool) -> str:
    return f'"{content}{GZIP_SUFFIX if gzipped else ""}"'


def cache_headers() -> dict[str, str]:
    """``Cache-Control`` (``PINGDING_TILES_MAX_AGE``) and ``Vary`` of tiles and TileJSON (a new dict: callers may
    add to it)."""
    return dict(_cache_headers())


@conf.per_settings
def _cache_headers() -> dict[str, str]:
    max_age = int(conf.get("PINGDING_TILES_MAX_AGE"))
    return {"Cache-Control": f"public, max-age={max_age}, must-revalidate", "Vary": "Accept-Encoding"}


@dataclass(frozen=True)
class Negotiated:
    """How to answer a non-empty tile: ``status`` 200 or 304, whether the body is the gzip, and the headers
    (``ETag``, ``Content-Encoding`` when gzip, ``Cache-Control``, ``Vary``; not the content type or length)."""

    status: int
    gzipped: bool
    headers: dict[str, str]


def negotiate(content: str, *, accept_encoding: str, if_none_match_header: str) -> Negotiated:
    """Status and headers of the tile whose content hash is ``content``, for these request headers."""
    gzipped = accepts_gzip(accept_encoding)
    not_modified = if_none_match(if_none_match_header, content)
    headers = {"ETag": etag_header(content, gzipped=gzipped)}
    if gzipped and not not_modified:
        headers["Content-Encoding"] = "gzip"
    return Negotiated(status=304 if not_modified else 200, gzipped=gzipped, headers={**headers, **_cache_headers()})


@lru_cache(maxsize=256)  # a client sends the same header with every tile
def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an ``Accept-Encoding`` header allows gzip (``gzip`` or ``*`` with a q-value above 0)."""
    allowed: dict[str, bool] = {}
    for item in accept_encoding.split(","):
        coding, _, params = item.strip().partition(";")
        coding = coding.strip().lower()
        if not coding:
            continue
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        allowed[coding] = quality > 0
    if "gzip" in allowed or "x-gzip" in allowed:
        return allowed.get("gzip", False) or allowed.get("x-gzip", False)
    return allowed.get("*", False)


def if_none_match(header: str, content: str) -> bool:
    """Whether an ``If-None-Match`` header names this content (either encoding, weak or strong, or ``*``)."""
    if not header:
        return False
    for tag in header.split(","):
        tag = tag.strip()
        if tag == "*":
            return True
        if tag.startswith("W/"):
            tag = tag[2:]
        tag = tag.strip('"')
        if tag.endswith(GZIP_SUFFIX):
            tag = tag[: -len(GZIP_SUFFIX)]
        if tag == content:
            return True
    return False
