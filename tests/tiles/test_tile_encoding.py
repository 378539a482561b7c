"""gzip, ETags and Accept-Encoding / If-None-Match parsing of tile responses (pure)."""
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
