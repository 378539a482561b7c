"""Bytes and HTTP headers of a tile: gzip (compressed once, stored compressed), ETags and Accept-Encoding.

Shared by the view (``tiles.views``) and the cache-hit fast path (``tiles.front``), so both answer alike.
"""
from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from . import conf

MVT_CONTENT_TYPE = "application/vnd.mapbox-vector-tile"

GZIP_SUFFIX = "-gzip"
"""Appended to the ETag of the gzip representation: the two encodings are different bytes, so they get
different strong ETags (RFC 9110 8.8.3); both name the same content hash, so either revalidates (304)."""


def compress(body: bytes) -> bytes:
    """gzip of ``body``, deterministic (no timestamp in the header), at ``PINGDING_TILES_GZIP_LEVEL``."""
    return gzip.compress(body, compresslevel=int(conf.get("PINGDING_TILES_GZIP_LEVEL")), mtime=0)


def decompress(body: bytes) -> bytes:
    return gzip.decompress(body)


class _IdentityMemory:
    """Decompressed tile bodies by ETag content hash, least recently used first out, bounded in bytes.

    Tiles are kept gzip; an ``identity`` client would pay a gunzip on every hit (about 1 ms on a dense tile). The key
    is the hash of the very bytes kept, so an entry can never be stale: a changed tile has another ETag. Per process,
    shared by the threads of a worker when gunicorn runs threaded (``--threads``; hence the lock).
    """

    def __init__(self) -> None:
        self._bodies: OrderedDict[str, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, content: str, gzip_body: bytes) -> bytes:
        with self._lock:
            body = self._bodies.get(content)
            if body is not None:
                self._bodies.move_to_end(content)
                return body
        body = decompress(gzip_body)
        self.put(content, body)
        return body

    def put(self, content: str, body: bytes) -> None:
        limit = int(conf.get("PINGDING_TILES_MEMORY_BYTES"))
        if len(body) > limit:
            return
        with self._lock:
            if content in self._bodies:
                return
            self._bodies[content] = body
            self._bytes += len(body)
            while self._bytes > limit:
                _, dropped = self._bodies.popitem(last=False)
                self._bytes -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._bodies.clear()
            self._bytes = 0


identity_memory = _IdentityMemory()


def identity(content: str, gzip_body: bytes) -> bytes:
    """The uncompressed MVT whose content hash is ``content`` and whose gzip is ``gzip_body``."""
    return identity_memory.get(content, gzip_body)


def content_hash(body: bytes) -> str:
    """32 hex digits of BLAKE2b over the uncompressed MVT: the content part of the ETag."""
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def etag_header(content: str, *, gzipped: bool) -> str:
    return f'"{content}{GZIP_SUFFIX if gzipped else ""}"'


def cache_headers() -> dict[str, str]:
    """``Cache-Control`` (``PINGDING_TILES_MAX_AGE``) and ``Vary`` of tiles and TileJSON."""
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
    return Negotiated(status=304 if not_modified else 200, gzipped=gzipped, headers={**headers, **cache_headers()})


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
