"""A small PNG encoder for 8-bit RGBA tiles: numpy and zlib, no imaging library.

Rows are written with the PNG "Up" filter (each byte minus the byte above it), which suits the smooth
hillshade of the standard map, then deflated. The output is a standard truecolour-with-alpha PNG.
"""
from __future__ import annotations

import struct
import zlib

import numpy as np
from numpy.typing import NDArray

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_FILTER_UP = 2


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def encode_rgba(pixels: NDArray[np.uint8], *, level: int = 6) -> bytes:
    """Encode ``pixels`` (rows x columns x 4, uint8 RGBA, alpha not premultiplied) as PNG bytes."""
    if pixels.ndim != 3 or pixels.shape[2] != 4 or pixels.dtype != np.uint8:
        raise ValueError(f"encode_rgba needs a (rows, cols, 4) uint8 array, not {pixels.shape} {pixels.dtype}")
    height, width, _ = pixels.shape
    rows = pixels.reshape(height, width * 4)
    filtered = rows.copy()
    filtered[1:] -= rows[:-1]  # uint8 arithmetic wraps modulo 256, as the Up filter requires
    raw = np.empty((height, width * 4 + 1), dtype=np.uint8)
    raw[:, 0] = _FILTER_UP
    raw[:, 1:] = filtered
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits, colour type 6 = RGBA
    return b"".join(
        (_SIGNATURE, _chunk(b"IHDR", header), _chunk(b"IDAT", zlib.compress(raw.tobytes(), level)), _chunk(b"IEND", b""))
    )


def transparent_tile(size: int = 256) -> bytes:
    """A fully transparent ``size`` x ``size`` PNG."""
    return encode_rgba(np.zeros((size, size, 4), dtype=np.uint8), level=9)
