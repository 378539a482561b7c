"""gzip, ETags and Accept-Encoding / If-None-Match parsing of tile responses (pure)."""
import gzip

import pytest

from tiles import encoding


def test_compress_is_deterministic_and_reversible():
    body = b"\x1a\x02mvt" * 100
    assert encoding.compress(body) == encoding.compress(body)
    assert encoding.decompress(encoding.compress(body)) == body


def test_content_hash_is_32_hex_digits_and_depends_on_the_bytes():
    first, second = encoding.content_hash(b"a"), encoding.content_hash(b"b")
    assert len(first) == 32 and int(first, 16) >= 0
    assert first != second


def test_the_two_encodings_get_different_strong_etags():
    assert encoding.etag_header("abc", gzipped=False) == '"abc"'
    assert encoding.etag_header("abc", gzipped=True) == '"abc-gzip"'


@pytest.mark.parametrize(
    ("header", "gzip"),
    [
        ("gzip, deflate, br", True),
        ("br;q=1.0, gzip;q=0.8", True),
        ("GZIP", True),
        ("x-gzip", True),
        ("*", True),
        ("", False),
        ("identity", False),
        ("gzip;q=0", False),
        ("gzip;q=0.000, *", False),
        ("deflate, *;q=0", False),
        ("gzip;q=abc", False),
    ],
)
def test_accepts_gzip(header, gzip):
    assert encoding.accepts_gzip(header) is gzip


@pytest.mark.parametrize(
    ("header", "matches"),
    [
        ('"abc"', True),
        ('"abc-gzip"', True),
        ('W/"abc"', True),
        ('"x", "abc-gzip"', True),
        ("*", True),
        ('"abcd"', False),
        ('"ab"', False),
        ("", False),
    ],
)
def test_if_none_match(header, matches):
    assert encoding.if_none_match(header, "abc") is matches


def test_identity_memory_gunzips_once_and_stays_within_its_bytes(settings, monkeypatch):
    settings.PINGDING_TILES_MEMORY_BYTES = 25
    memory = encoding._IdentityMemory()
    calls = []
    monkeypatch.setattr(encoding, "decompress", lambda body: calls.append(body) or gzip.decompress(body))
    first, second = b"a" * 10, b"b" * 10
    assert memory.get("h1", gzip.compress(first)) == first
    assert memory.get("h1", gzip.compress(first)) == first and len(calls) == 1  # the second from memory
    memory.get("h2", gzip.compress(second))
    memory.get("h3", gzip.compress(b"c" * 10))  # 30 bytes > 25: the least recently used (h1) goes
    assert memory.get("h2", b"not gzip") == second
    memory.get("h1", gzip.compress(first))
    assert len(calls) == 4
    memory.put("huge", b"x" * 26)
    assert memory.get("huge", gzip.compress(b"y")) == b"y"  # a body over the bound is never kept
