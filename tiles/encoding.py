"""Bytes and HTTP headers of a tile: gzip (compressed once, stored compressed), ETags and Accept-Encoding."""
from __future__ import annotations

import gzip
import hashlib

from . import conf

GZIP_SUFFIX = "-gzip"
"""Appended to the ETag of the gzip representation: the two encodings are different bytes, so they get
different strong ETags (RFC 9110 8.8.3); both name the same content hash, so either revalidates (304)."""


def compress(body: bytes) -> bytes:
    """gzip of ``body``, deterministic (no timestamp in the header), at ``PINGDING_TILES_GZIP_LEVEL``."""
    return gzip.compress(body, compresslevel=int(conf.get("PINGDING_TILES_GZIP_LEVEL")), mtime=0)


def decompress(body: bytes) -> bytes:
    return gzip.decompress(body)


def content_hash(body: bytes) -> str:
    """32 hex digits of BLAKE2b over the uncompressed MVT: the content part of the ETag."""
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def etag_header(content: str, *, gzipped: bool) -> str:
    return f'"{content}{GZIP_SUFFIX if gzipped else ""}"'


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
