"""The server as ``make run`` starts it (the nginx front, ``deploy/nginx.conf.in``, and uWSGI behind it), read over
real sockets."""
from __future__ import annotations

import http.client
import json
import time
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.live


def connect(live_url: str) -> http.client.HTTPConnection:
    parts = urlsplit(live_url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)


def test_connections_are_kept_alive_across_answers_of_every_kind(live_url, county_counts):
    """One socket for a JSON answer, a tile, a 404, a 400 and a streamed feature collection (sent chunked: it has no
    length), read whole at once, and the connection still serves the next request."""
    connection = connect(live_url)

    def get(path: str) -> tuple[int, bytes]:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()

    assert get("/healthz")[0] == 200
    first = connection.sock
    for path, statuses in [
        ("/tiles/grids/14/13362/6331.mvt", {200, 204}), ("/ogc/collections/nosuch", {404}),
        ("/tiles/grids/99/0/0.mvt", {400}), ("/healthz", {200}),
    ]:
        assert get(path)[0] in statuses, path
        assert connection.sock is first, path  # no reconnect: the server kept the connection
    started = time.monotonic()
    status, body = get(f"/ogc/collections/grids/items?limit={county_counts.grids}&f=json")  # streamed, chunked
    assert status == 200 and len(json.loads(body)["features"]) == county_counts.grids
    assert time.monotonic() - started < 2.0  # the body's end is framed: no wait for an idle timeout
    assert connection.sock is first
    assert get("/healthz")[0] == 200 and connection.sock is first
    connection.close()


def test_a_long_request_line_is_served(live_url):
    """Request lines up to 28 KiB (long OGC API queries; longer is a 414): a 20 KB query string reaches the
    application."""
    connection = connect(live_url)
    connection.request("GET", "/ogc/collections/grids/items?f=json&name=" + "x" * 20_000)
    response = connection.getresponse()
    assert response.status == 200 and json.loads(response.read())["numberMatched"] == 0


def test_idle_kept_alive_connections_do_not_keep_new_clients_waiting(live_url):
    """With 12 clients holding idle keep-alive connections, a new client is still answered at once (the front holds
    them; tests/geoserver_app/test_front_slow_clients.py holds 200)."""
    idle = [connect(live_url) for _ in range(12)]
    try:
        for connection in idle:
            connection.request("GET", "/healthz")
            assert connection.getresponse().read()
        started = time.monotonic()
        for _ in range(3):
            fresh = connect(live_url)
            fresh.request("GET", "/healthz")
            assert fresh.getresponse().status == 200
            fresh.close()
        assert time.monotonic() - started < 2.0  # waiting for a keep-alive timeout would show
    finally:
        for connection in idle:
            connection.close()


@pytest.mark.parametrize("path", ["/healthz", "/ogc/collections/grids/items?limit=2&f=json"])
def test_a_head_answer_has_no_body_and_the_connection_goes_on(live_url, path):
    """A HEAD answer carries the GET's headers and no body; the next answer on the connection is read cleanly."""
    connection = connect(live_url)
    connection.request("HEAD", path)
    head = connection.getresponse()
    assert head.status == 200 and head.read() == b""
    connection.request("GET", "/healthz")
    after = connection.getresponse()
    assert after.status == 200 and json.loads(after.read())["status"] == "ok"
    connection.close()
