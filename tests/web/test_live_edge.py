"""The edge on the real server (nginx and uWSGI, as ``make run``): no debug page, no traceback, no URL list; every
refusal is a small JSON 4xx. A body shorter than its Content-Length is the front's to answer
(``tests/geoserver_app/test_front_http.py``); Django's answer to one is tested in ``test_edge.py``."""
from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.live


def ask(live_url: str, method: str, path: str, headers: dict | None = None, body: bytes | None = None):
    parts = urlsplit(live_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


CASES = {
    "wrong-host": ("GET", "/", {"Host": "evil.example"}, None, 400),
    "unknown-path": ("GET", "/no/such/path", {}, None, 404),
    "put-read-only": ("PUT", "/ogc/collections", {}, b"", 405),
    "delete-read-only": ("DELETE", "/api/snap", {}, None, 405),
    "offset-past-15:59": ("GET", "/ogc/collections/incidents/items?datetime=2026-01-01T00:00:00%2B16:00", {}, None, 400),
    "year-9999": ("GET", "/open311/v2/requests.json?start_date=9999-12-31", {}, None, 400),
    "limit-5000-digits": ("GET", "/ogc/collections/incidents/items?limit=" + "9" * 5000, {}, None, 400),
    "nul-in-path": ("GET", "/open311/v2/requests/%00.json", {}, None, 400),
    "deep-json": ("POST", "/api/reports", {"Content-Type": "application/json"}, b"[" * 1000 + b"]" * 1000, 400),
}


@pytest.mark.parametrize(("method", "path", "headers", "body", "status"), CASES.values(), ids=CASES.keys())
def test_the_live_server_answers_json_4xx(live_url, method, path, headers, body, status):
    got, answer_headers, payload = ask(live_url, method, path, headers, body)
    assert got == status, payload[:300]
    assert answer_headers["Content-Type"].startswith("application/json")
    document = json.loads(payload)
    error = document[0] if isinstance(document, list) else document
    assert error["description"] and len(payload) < 1000
    assert b"Traceback" not in payload and b"URLconf" not in payload and b"DATABASES" not in payload
