"""CORS: other systems' pages may read the read APIs from the origins in the settings, and write nothing.

Settings are django-cors-headers' (``web.cors.cors_settings`` builds them from ``PINGDING_CORS_ORIGINS``); the tests
set them as that function would.
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tiles.front import TileFront
from web.cors import cors_settings

CITY = "https://city.example.cn"
OTHER = "https://elsewhere.example"

READS = [
    "/ogc/", "/ogc", "/ogc/collections", "/ogc/collections/grids/items?limit=1", "/tiles/", "/tiles/grids.json",
    "/tiles/grids/14/13362/6331.mvt", "/api/snap?lon=113.627&lat=37.795", "/api/geocode?q=冠山镇",
    "/openapi.json", "/open311/v2/services.json", "/open311/v2/requests.json",
]


@pytest.fixture
def cors(settings):
    """CORS for :data:`CITY` only, as ``PINGDING_CORS_ORIGINS=https://city.example.cn`` sets it."""
    for name, value in cors_settings([CITY]).items():
        setattr(settings, name, value)


@pytest.mark.parametrize("path", READS)
def test_a_configured_origin_may_read(client, db, cors, path):
    response = client.get(path, HTTP_ORIGIN=CITY)
    if response.streaming:  # read to the end, so the collection's database cursor is closed within the test
        b"".join(response.streaming_content)
    assert response.status_code in (200, 204, 302), path
    assert response["Access-Control-Allow-Origin"] == CITY
    assert "origin" in response["Vary"].lower()
    assert "ETag" in response["Access-Control-Expose-Headers"]


@pytest.mark.parametrize("path", ["/ogc/collections", "/tiles/grids/14/13362/6331.mvt", "/open311/v2/services.json"])
def test_another_origin_may_not(client, db, cors, path):
    response = client.get(path, HTTP_ORIGIN=OTHER)
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("path", ["/ogc/collections", "/api/snap?lon=113.627&lat=37.795"])
def test_without_configured_origins_no_origin_may_read(client, db, path):
    response = client.get(path, HTTP_ORIGIN=CITY)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
    assert "origin" not in response.get("Vary", "").lower()


def test_any_origin_with_a_star(client, db, settings):
    for name, value in cors_settings(["*"]).items():
        setattr(settings, name, value)
    response = client.get("/ogc/collections", HTTP_ORIGIN=OTHER)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.parametrize("path", ["/api/snap", "/ogc/collections/grids/items", "/open311/v2/services.json"])
def test_a_preflight_allows_reads_only(client, db, cors, path):
    response = client.options(
        path, HTTP_ORIGIN=CITY, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == CITY
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize("path", ["/open311/v2/requests.json", "/api/reports", "/api/addresses/nearest"])
def test_writes_are_not_opened_to_other_origins(client, db, cors, path):
    """Neither the answer of a POST nor a preflight for one on a write path carries an allowed origin."""
    posted = client.post(path, data="{}", content_type="application/json", HTTP_ORIGIN=CITY)
    assert "Access-Control-Allow-Origin" not in posted
    preflight = client.options(path, HTTP_ORIGIN=CITY, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    if path != "/open311/v2/requests.json":  # its GET is a read, so its preflight names the read methods
        assert "Access-Control-Allow-Origin" not in preflight


def test_the_tile_front_hands_a_cross_origin_tile_to_django(cors):
    """The front answers only same-origin tiles (with ``Vary: origin``, as Django's answer has); a request with an
    ``Origin`` goes to Django, whose middleware adds the CORS headers (tested above on the same tile)."""
    handed = []

    def django(environ, start_response):
        handed.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b""]

    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": "/tiles/grids/14/13362/6331.mvt", "QUERY_STRING": "",
        "SERVER_NAME": "testserver", "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
        "HTTP_HOST": "testserver", "HTTP_ORIGIN": CITY,
    }
    b"".join(TileFront(django)(environ, lambda status, headers: None))
    assert handed == ["/tiles/grids/14/13362/6331.mvt"]


ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", "False []"), ("*", "True []"), (f"{CITY}, {OTHER}", f"False ['{CITY}', '{OTHER}']")],
)
def test_origins_come_from_the_environment(value, expected):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PINGDING_", "DJANGO_"))}
    result = subprocess.run(
        [sys.executable, "-c", "import geoserver_app.settings as s; print(s.CORS_ALLOW_ALL_ORIGINS, s.CORS_ALLOWED_ORIGINS)"],
        cwd=ROOT, env={**clean, "PINGDING_CORS_ORIGINS": value}, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


@pytest.mark.parametrize("origin", ["city.example.cn", "https://city.example.cn/", "ftp://city.example.cn"])
def test_a_malformed_origin_stops_the_start(origin):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="PINGDING_CORS_ORIGINS"):
        cors_settings([origin])
