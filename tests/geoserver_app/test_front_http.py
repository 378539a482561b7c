"""The nginx front (``deploy/nginx.conf.in``) read over raw sockets: what it refuses, how it frames, what it passes on.

Every answer the front gives itself is JSON, and read whole by the client (no reset before the answer)."""
from __future__ import annotations

import json
import socket
import time
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.live

NEAREST = b'{"points": [[113.62, 37.79]]}'


def exchange(live_url: str, request: bytes, *, timeout: float = 30.0) -> bytes:
    """Send ``request`` whole, then read until the server closes the connection."""
    parts = urlsplit(live_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def split(answer: bytes) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-case names) and body of one answer whose body is not chunked."""
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


def dechunk(body: bytes) -> bytes:
    out, rest = b"", body
    while True:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line, 16)
        if size == 0:
            return out
        out, rest = out + rest[:size], rest[size + 2:]


def post_nearest(extra_headers: bytes, body: bytes) -> bytes:
    return (
        b"POST /api/addresses/nearest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Connection: close\r\n" + extra_headers + b"\r\n" + body
    )


def test_a_chunked_request_body_is_decoded_and_answered_as_with_a_length(live_url):
    chunks = b"".join(b"%x\r\n%b\r\n" % (len(piece), piece) for piece in (NEAREST[:10], NEAREST[10:])) + b"0\r\n\r\n"
    chunked = split(exchange(live_url, post_nearest(b"Transfer-Encoding: chunked\r\n", chunks)))
    plain = split(exchange(live_url, post_nearest(b"Content-Length: %d\r\n" % len(NEAREST), NEAREST)))
    assert chunked[0] == plain[0] == 200
    body = json.loads(dechunk(chunked[2]) if chunked[1].get("transfer-encoding") == "chunked" else chunked[2])
    assert body == json.loads(plain[2]) and body["count"] == 1 and len(body["nearest"]) == 1


def test_two_content_lengths_are_refused_with_a_json_400(live_url):
    request = post_nearest(b"Content-Length: %d\r\nContent-Length: 3\r\n" % len(NEAREST), NEAREST)
    status, headers, body = split(exchange(live_url, request))
    assert status == 400 and headers["content-type"].startswith("application/json")
    assert json.loads(body)["code"] == "BadRequest"


def test_a_body_shorter_than_its_length_gets_an_answer_not_a_hang(live_url):
    """The front waits ``client_body_timeout`` (10 s) for the rest, then answers 408 or closes: never longer."""
    started = time.monotonic()
    answer = exchange(live_url, post_nearest(b"Content-Length: %d\r\n" % (len(NEAREST) + 50), NEAREST), timeout=20)
    assert time.monotonic() - started < 15
    if answer:
        status, headers, body = split(answer)
        assert status in (400, 408) and json.loads(body)["code"] in ("BadRequest", "RequestTimeout")


def test_an_over_long_request_line_is_414_not_a_dropped_query(live_url):
    request = b"GET /ogc/collections/grids/items?f=json&name=" + b"x" * 40_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    status, headers, body = split(exchange(live_url, request))
    assert status == 414 and headers["content-type"].startswith("application/json")
    assert json.loads(body)["code"] == "UriTooLong"


def test_an_over_long_header_is_a_json_400(live_url):
    request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"y" * 40_000 + b"\r\n\r\n"
    status, _, body = split(exchange(live_url, request))
    assert status == 400 and json.loads(body)["code"] == "BadRequest"


def test_a_body_over_the_limit_is_413_before_it_is_read_and_the_client_reads_it(live_url):
    """40 MB announced, none of it sent: the whole JSON answer comes at once (the front then lingers a few seconds
    for the body before it closes, so that the client is not reset before it reads the answer)."""
    parts = urlsplit(live_url)
    started = time.monotonic()
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(post_nearest(b"Content-Length: 40000000\r\n", b""))
        answer = b""
        while not (b"\r\n\r\n" in answer and answer.endswith(b"}\n")):
            chunk = sock.recv(65536)
            assert chunk, f"closed before the whole answer: {answer!r}"
            answer += chunk
    assert time.monotonic() - started < 2
    status, headers, body = split(answer)
    assert status == 413 and headers["content-type"].startswith("application/json")
    assert int(headers["content-length"]) == len(body) and json.loads(body)["code"] == "PayloadTooLarge"


def test_a_body_over_the_limit_sent_whole_is_answered_413_without_a_reset(live_url):
    """The client sends 33 MB while the front has already answered: it still reads the whole JSON answer."""
    parts = urlsplit(live_url)
    size = 33 * 1024 * 1024
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(post_nearest(b"Content-Length: %d\r\n" % size, b""))
        sent = 0
        try:
            while sent < size:
                sent += sock.send(b"z" * min(1 << 20, size - sent))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the front stops reading once it has answered; what matters is that its answer arrives
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    status, _, body = split(answer)
    assert status == 413 and json.loads(body)["code"] == "PayloadTooLarge"


def test_connection_close_is_honoured(live_url):
    started = time.monotonic()
    answer = exchange(live_url, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    status, headers, _ = split(answer)
    assert status == 200 and headers["connection"] == "close"
    assert time.monotonic() - started < 2  # closed at once, not after the keep-alive timeout


def test_client_forwarding_headers_are_not_passed_on(live_url):
    """Links are built from the Host the client sent, never from an ``X-Forwarded-Host`` it made up."""
    request = (
        b"GET /ogc/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Host: evil.example\r\n"
        b"Forwarded: host=evil.example\r\nX-Forwarded-Proto: https\r\nAccept: application/json\r\n"
        b"Connection: close\r\n\r\n"
    )
    status, headers, body = split(exchange(live_url, request))
    text = dechunk(body) if headers.get("transfer-encoding") == "chunked" else body
    assert status == 200 and b"evil.example" not in text and b"https://" not in text.replace(b"https://www", b"")


@pytest.mark.parametrize(("request_bytes", "status", "code"), [
    (b"GARBAGE\r\n\r\n", 400, "BadRequest"),
    (b"GET /healthz HTTP/1.1\r\n\r\n", 400, "BadRequest"),  # HTTP/1.1 without Host
    (b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501, "NotImplemented"),
    (b"GET /healthz HTTP/2.5\r\nHost: 127.0.0.1\r\n\r\n", 505, "NotImplemented"),
    (b"GET /_front/400.json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 404, "NotFound"),
], ids=["garbage", "no-host", "unknown-transfer-coding", "http-2.5", "front-internal-path"])
def test_every_answer_the_front_gives_itself_is_json(live_url, request_bytes, status, code):
    got, headers, body = split(exchange(live_url, request_bytes, timeout=10))
    assert got == status and headers["content-type"].startswith("application/json")
    assert json.loads(body)["code"] == code


def test_a_streamed_collection_is_passed_on_chunked_not_buffered_for_a_length(live_url, county_counts):
    """The front does not gather a streamed answer to give it a Content-Length: it sends it chunked as it comes."""
    request = (
        f"GET /ogc/collections/grids/items?limit={county_counts.grids}&f=json HTTP/1.1\r\n"
        "Host: 127.0.0.1\r\nConnection: close\r\n\r\n"
    ).encode()
    status, headers, body = split(exchange(live_url, request))
    assert status == 200 and headers["transfer-encoding"] == "chunked" and "content-length" not in headers
    assert len(json.loads(dechunk(body))["features"]) == county_counts.grids
