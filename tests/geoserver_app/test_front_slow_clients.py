"""The server stays available while many clients hold connections open: slow ones sending one header line every
3 s (slowloris) and idle kept-alive ones. The front holds them all in one event loop and cuts the slow ones off at
``client_header_timeout`` (5 s); without it, each would hold a uWSGI worker thread (2 x 8 in the live server)."""
from __future__ import annotations

import http.client
import socket
import threading
import time
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.live

HELD = 200


def open_connections(live_url: str, count: int) -> list[socket.socket]:
    parts = urlsplit(live_url)
    return [socket.create_connection((parts.hostname, parts.port), timeout=10) for _ in range(count)]


def answer_seconds(live_url: str) -> float:
    """Seconds for a new client to connect and read ``/healthz`` (at most 10: then the socket times out)."""
    parts = urlsplit(live_url)
    started = time.monotonic()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        assert response.status == 200 and response.read()
    except OSError:
        return float("inf")
    finally:
        connection.close()
    return time.monotonic() - started


def test_slow_clients_sending_a_header_line_every_3_s_do_not_block_a_new_client(live_url):
    slow = open_connections(live_url, HELD)
    stop = threading.Event()

    def drip() -> None:
        for sock in slow:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        while not stop.wait(3.0):
            for sock in slow:
                try:
                    sock.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    pass  # cut off by the front's header timeout: as it should be

    dripper = threading.Thread(target=drip, daemon=True)
    dripper.start()
    try:
        time.sleep(1.0)
        waits = [answer_seconds(live_url) for _ in range(5)]
        time.sleep(3.5)  # past a second header line from every slow client
        waits += [answer_seconds(live_url) for _ in range(5)]
    finally:
        stop.set()
        dripper.join(timeout=10)
        for sock in slow:
            sock.close()
    assert max(waits) < 1.0, waits


def test_idle_kept_alive_connections_do_not_block_a_new_client(live_url):
    """200 clients are answered and keep their connections open and idle; a new client is answered within 1 s, and
    the idle connections still serve their next request afterwards (they were held open all along)."""
    idle = open_connections(live_url, HELD)
    request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    try:
        started = time.monotonic()
        for sock in idle:
            sock.sendall(request)
        for sock in idle:
            assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        assert time.monotonic() - started < 5.0
        waits = [answer_seconds(live_url) for _ in range(10)]
        for sock in idle:
            sock.sendall(request)
            assert sock.recv(65536).startswith(b"HTTP/1.1 200")
    finally:
        for sock in idle:
            sock.close()
    assert max(waits) < 1.0, waits
