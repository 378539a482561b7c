"""Every link the server writes is built on one base (``web.public_url``): ``PINGDING_PUBLIC_URL`` when set, else
the request's scheme and ``Host`` if ``ALLOWED_HOSTS`` accepts it; never ``X-Forwarded-Host``/``-Proto``, which any
client can send. A spoofed host never appears in a link."""
from __future__ import annotations

import json

import pytest
from django.test import RequestFactory

from tiles.raster.tileset import tile_url_template
from web.public_url import public_url

EVIL = "evil.example"
PUBLIC = "https://gis.pingding.example"

LINKED = [
    "/", "/ogc/", "/ogc/collections", "/ogc/collections/grids", "/ogc/collections/grids/items?limit=2",
    "/ogc/conformance", "/ogc/api", "/openapi.json", "/tiles/", "/tiles/grids.json", "/tiles/all.json",
]


def _urls(document) -> list[str]:
    """Every string in a JSON document that is an absolute http(s) URL."""
    if isinstance(document, dict):
        return [url for value in document.values() for url in _urls(value)]
    if isinstance(document, list):
        return [url for value in document for url in _urls(value)]
    return [document] if isinstance(document, str) and document.startswith(("http://", "https://")) else []


def _json(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return json.loads(body)


def _links(client, path: str, **headers) -> list[str]:
    response = client.get(path, **headers)
    assert response.status_code == 200, path
    return [url for url in _urls(_json(response)) if "opengis.net" not in url and "json-schema.org" not in url]


@pytest.mark.parametrize("path", LINKED)
def test_links_use_the_request_host_and_never_a_forwarded_one(client, db, path):
    links = _links(
        client, path, HTTP_X_FORWARDED_HOST=EVIL, HTTP_X_FORWARDED_PROTO="https", HTTP_FORWARDED=f"host={EVIL}"
    )
    assert links and all(link.startswith("http://testserver/") or link == "http://testserver" for link in links), links


@pytest.mark.parametrize("path", LINKED)
def test_a_host_outside_allowed_hosts_gets_a_400_and_no_link(client, db, path):
    response = client.get(path, HTTP_HOST=EVIL)
    assert response.status_code == 400
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert f"//{EVIL}".encode() not in body  # whatever the error's format, it holds no link to that host


@pytest.mark.parametrize("path", LINKED)
def test_the_public_url_setting_is_used_verbatim(client, db, settings, path):
    settings.PINGDING_PUBLIC_URL = PUBLIC + "/"
    links = _links(client, path, HTTP_HOST="localhost", HTTP_X_FORWARDED_HOST=EVIL)
    assert links and all(link == PUBLIC or link.startswith(PUBLIC + "/") for link in links), links


def test_the_api_root_links_the_documentation_page(client, db):
    links = {link["rel"]: link["href"] for link in client.get("/").json()["links"]}
    assert links["service-doc"] == "http://testserver/api/docs"
    assert links["service-desc"] == "http://testserver/openapi.json"


def test_the_raster_tileset_links_on_the_same_base(settings):
    request = RequestFactory().get("/tiles/standard-map.json", HTTP_X_FORWARDED_HOST=EVIL)
    assert tile_url_template(request) == "http://testserver/tiles/standard-map/{z}/{x}/{y}.png"
    settings.PINGDING_PUBLIC_URL = PUBLIC
    assert tile_url_template(request).startswith(PUBLIC + "/tiles/standard-map/")


def test_the_request_scheme_is_kept(settings):
    request = RequestFactory().get("/", secure=True, HTTP_HOST="localhost:8443")
    assert public_url(request) == "https://localhost:8443"


@pytest.mark.parametrize("query", ["", "?f=json"])
def test_bare_ogc_redirects_absolutely_to_the_landing_page(client, db, query):
    response = client.get("/ogc" + query, HTTP_X_FORWARDED_HOST=EVIL)
    assert response.status_code == 302
    assert response["Location"] == "http://testserver/ogc/" + query


def test_bare_ogc_redirects_under_the_public_url(client, db, settings):
    settings.PINGDING_PUBLIC_URL = PUBLIC
    assert client.get("/ogc")["Location"] == PUBLIC + "/ogc/"
