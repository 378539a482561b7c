"""gzip, ETags and Accept-Encoding / If-None-Match parsing of tile responses (pure)."""
import gzip

import pytest

from tiles import encoding
from tiles.memory import TileMemory


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


def test_identity_bodies_are_gunzipped_once_per_process(settings, monkeypatch):
    settings.PINGDING_TILES_MEMORY_BYTES = 1000
    monkeypatch.setattr(encoding, "memory", TileMemory())
    calls = []
    monkeypatch.setattr(encoding, "decompress", lambda body: calls.append(body) or gzip.decompress(body))
    assert encoding.identity("h1", gzip.compress(b"a" * 10)) == b"a" * 10
    assert encoding.identity("h1", b"not gzip: never read again") == b"a" * 10 and len(calls) == 1
    encoding.keep_identity("h2", b"b" * 10)
    assert encoding.identity("h2", b"not gzip") == b"b" * 10 and len(calls) == 1


def test_tile_memory_drops_the_least_recently_used_and_stays_within_its_bytes(settings):
    settings.PINGDING_TILES_MEMORY_BYTES = 25
    memory = TileMemory()
    memory.put("h1", "first", 10)
    memory.put("h2", "second", 10)
    assert memory.get("h1") == "first"  # now h2 is the least recently used
    memory.put("h3", "third", 10)  # 30 bytes > 25: h2 goes
    assert (memory.get("h1"), memory.get("h2"), memory.get("h3")) == ("first", None, "third") and memory.size == 20
    memory.put("h1", "again", 5)  # replacing an entry counts its new size only
    assert memory.size == 15
    memory.put("huge", "x", 26)  # a value over the bound is never kept, and drops nothing
    assert memory.get("huge") is None and memory.size == 15
    memory.discard("h3")
    assert memory.get("h3") is None and memory.size == 5
