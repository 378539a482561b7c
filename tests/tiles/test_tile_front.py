"""The tiles' WSGI front (``tiles.front``): it answers hits, misses and empty tiles exactly as the view does, hands
everything else (errors included) to Django, and never serves a tile older than the data.

In-process tests call the front with a hand-made WSGI environ inside the test's transaction (its
``close_old_connections`` skipped, as ``django.test.Client`` keeps the connection, so the transaction survives); the
live test goes through uWSGI and ``geoserver_app.wsgi`` and edits committed data, which it restores.
"""
from __future__ import annotations

import io
import urllib.request

import pytest
from django.contrib.gis.geos import Point
from django.db import DatabaseError

from layers.models import Component
from tiles.cache import cache_clear
from tiles.catalog import get_tileset
from tiles.front import TileFront
from tiles.grid import tile_at
from tiles.selectors import tile_get

from .conftest import centre

A = (113.6412, 37.8013)
FAR = (113.6612, 37.8213)


class Django:
    """Stands in for the Django application behind the front: records what was handed to it."""

    def __init__(self):
        self.calls = []

    def __call__(self, environ, start_response):
        self.calls.append(environ["PATH_INFO"])
        start_response("299 Django", [])
        return [b"django"]


@pytest.fixture(autouse=True)
def connection_kept_open(monkeypatch):
    """The front closes old connections before and after a tile as Django's request cycle does; that would end the
    test's transaction, so in-process calls skip it (as ``django.test.Client`` keeps the connection too)."""
    monkeypatch.setattr("tiles.front.close_old_connections", lambda: None)


def call(app, path: str, *, method: str = "GET", **headers: str) -> tuple[str, dict[str, str], bytes]:
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "testserver",
        "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    answer = {}

    def start_response(status, response_headers):
        answer.update(status=status, headers=dict(response_headers))

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


@pytest.fixture
def cached_tile(make_component, tile_url):
    """A component at A, its z18 tile stored in the cache; yields (path, tile, etag content hash)."""
    component = make_component(*A)
    tile = tile_at(*A, 18)
    stored = tile_get(tileset=get_tileset("components"), tile=tile)
    assert stored is not None and not stored.cached
    return tile_url("components", tile), component, stored


@pytest.mark.parametrize("accept, gzipped", [("gzip", True), ("identity", False), ("br;q=1, *;q=0", False)])
def test_a_hit_is_answered_with_the_headers_and_body_of_the_view(client, cached_tile, accept, gzipped, decode):
    path, component, stored = cached_tile
    django = Django()
    status, headers, body = call(TileFront(django), path, ACCEPT_ENCODING=accept)
    assert status == "200 OK" and not django.calls
    viewed = client.get(path, HTTP_ACCEPT_ENCODING=accept)
    assert viewed.status_code == 200 and viewed["X-Tile-Cache"] == "hit"
    assert {k.lower(): v for k, v in headers.items()} == {k.lower(): v for k, v in viewed.items()}
    assert body == viewed.content
    assert ("Content-Encoding" in headers) is gzipped
    assert component.pk in {f["id"] for f in decode(body, gzipped=gzipped)["components"]["features"]}


@pytest.mark.parametrize("accept", ["gzip", "identity"])
def test_if_none_match_on_a_hit_is_304_without_a_body(client, cached_tile, accept):
    path, _, stored = cached_tile
    status, headers, body = call(TileFront(Django()), path, ACCEPT_ENCODING=accept, IF_NONE_MATCH=f'"{stored.etag}"')
    assert status == "304 Not Modified" and body == b""
    viewed = client.get(path, HTTP_ACCEPT_ENCODING=accept, HTTP_IF_NONE_MATCH=f'"{stored.etag}"')
    assert viewed.status_code == 304
    assert {k.lower(): v for k, v in headers.items()} == {k.lower(): v for k, v in viewed.items()}


def same_answer(front: tuple[str, dict[str, str], bytes], viewed) -> bool:
    """The front's answer (status line, headers, body) and a test-client response are the same answer."""
    status, headers, body = front
    lowered = {k.lower(): v for k, v in headers.items()}
    return (
        int(status[:3]) == viewed.status_code and body == viewed.content
        and lowered == {k.lower(): v for k, v in viewed.items()}
    )


@pytest.mark.parametrize("accept", ["gzip", "identity"])
def test_a_miss_is_rendered_stored_and_answered_as_by_the_view(client, make_component, tile_url, accept, decode):
    component = make_component(*A)
    tile = tile_at(*A, 18)
    path = tile_url("components", tile)
    django = Django()
    front = call(TileFront(django), path, ACCEPT_ENCODING=accept)
    assert front[0] == "200 OK" and front[1]["X-Tile-Cache"] == "miss" and not django.calls
    assert component.pk in {f["id"] for f in decode(front[2], gzipped=accept == "gzip")["components"]["features"]}
    assert call(TileFront(django), path, ACCEPT_ENCODING=accept)[1]["X-Tile-Cache"] == "hit"  # it was stored
    cache_clear()
    assert same_answer(front, client.get(path, HTTP_ACCEPT_ENCODING=accept))


def test_with_the_cache_off_the_front_renders_and_stores_nothing(client, make_component, tile_url, settings):
    make_component(*A)
    settings.PINGDING_TILES_CACHE = False
    path = tile_url("components", tile_at(*A, 18))
    django = Django()
    first, second = call(TileFront(django), path), call(TileFront(django), path)
    assert first[0] == "200 OK" and first[1]["X-Tile-Cache"] == second[1]["X-Tile-Cache"] == "miss"
    assert first == second and not django.calls
    assert same_answer(first, client.get(path))


@pytest.mark.parametrize("path", [
    "/tiles/components/2/1/1.mvt",     # a zoom the tileset does not draw
    "/tiles/components/18/1/1.pbf",    # no feature there (the .pbf alias)
])
def test_an_empty_tile_is_204_from_the_front_as_from_the_view(client, db, path):
    django = Django()
    front = call(TileFront(django), path)
    assert front[0] == "204 No Content" and front[2] == b"" and not django.calls
    assert same_answer(front, client.get(path))


@pytest.mark.parametrize("path, method", [
    ("/tiles/nosuch/18/1/1.mvt", "GET"),             # unknown tileset
    ("/tiles/components/18/999999999/1.mvt", "GET"),  # x out of range
    ("/tiles/components/25/1/1.mvt", "GET"),          # z above the highest zoom
    ("/tiles/components/18/1/1.png", "GET"),          # not a vector tile
    ("/tiles/components.json", "GET"),
    ("/tiles/components/18/1/1.mvt", "POST"),
    ("/healthz", "GET"),
])
def test_errors_and_everything_but_a_tile_go_to_django(db, path, method):
    django = Django()
    assert call(TileFront(django), path, method=method) == ("299 Django", {}, b"django")
    assert django.calls == [path]


def test_head_and_a_host_not_allowed_go_to_django(cached_tile):
    path, _, _ = cached_tile
    django = Django()
    assert call(TileFront(django), path, method="HEAD")[0] == "299 Django"
    assert call(TileFront(django), path, HOST="elsewhere.example")[0] == "299 Django"  # Django answers 400
    assert django.calls == [path, path]


def test_a_failure_while_answering_goes_to_django(cached_tile, monkeypatch):
    """Whatever fails in the front (here the database, made to fail) is left to Django, which answers and logs it."""
    path, _, _ = cached_tile

    def failing(**_):
        raise DatabaseError("connection lost")

    monkeypatch.setattr("tiles.front.tile_answer", failing)
    django = Django()
    assert call(TileFront(django), path)[0] == "299 Django" and django.calls == [path]


def test_after_an_edit_the_front_answers_the_new_tile(cached_tile, decode):
    path, component, stored = cached_tile
    component.geom = Point(*FAR, srid=4490)
    component.save()
    status, headers, body = call(TileFront(Django()), path, ACCEPT_ENCODING="identity")
    assert headers.get("X-Tile-Cache") != "hit" and headers.get("ETag") != f'"{stored.etag}"'
    features = decode(body)["components"]["features"] if body else []
    assert component.pk not in {f["id"] for f in features}


@pytest.mark.live
def test_the_served_front_never_answers_an_edited_tile_from_before_the_edit(live_url, django_db_blocker, decode):
    """Over uWSGI (``geoserver_app.wsgi``): a hit, then a committed ORM move of the component out of the tile;
    the next answer has the component gone and another ETag. The move is undone and the cache emptied after."""

    def get(path: str) -> tuple[dict[str, str], bytes]:
        request = urllib.request.Request(live_url + path, headers={"Accept-Encoding": "identity"})
        with urllib.request.urlopen(request) as response:
            return dict(response.headers), response.read()

    with django_db_blocker.unblock():
        component = Component.objects.order_by("pk").first()
        assert component is not None, "the live test needs the seeded county"
        original = component.geom.clone()
        tile = tile_at(component.geom.x, component.geom.y, 18)
        path = f"/tiles/components/{tile.z}/{tile.x}/{tile.y}.mvt"
        try:
            get(path)
            headers, body = get(path)
            assert headers["X-Tile-Cache"] == "hit"
            assert component.pk in {f["id"] for f in decode(body)["components"]["features"]}
            lon, lat = centre(tile)
            component.geom = Point(lon + 0.01, lat + 0.01, srid=4490)
            component.save()  # autocommit: committed, the triggers ran
            after, body = get(path)  # 200 without the component, or 204 when it was the tile's only feature
            assert after.get("X-Tile-Cache") != "hit" and after.get("ETag") != headers["ETag"]
            features = decode(body)["components"]["features"] if body else []
            assert component.pk not in {f["id"] for f in features}
            again, _ = get(path)
            assert again.get("X-Tile-Cache") in ("hit", None) and again.get("ETag") == after.get("ETag")
        finally:
            component.geom = original
            component.save()
            cache_clear()


def test_an_empty_cached_tile_is_204_as_from_the_view(client, db, tile_url):
    tile = tile_at(112.9, 37.3, 18)  # outside the county
    assert tile_get(tileset=get_tileset("components"), tile=tile) is None  # stores the empty row
    django = Django()
    status, headers, body = call(TileFront(django), tile_url("components", tile))
    assert status == "204 No Content" and body == b"" and not django.calls
    viewed = client.get(tile_url("components", tile))
    assert viewed.status_code == 204
    assert {k.lower(): v for k, v in headers.items()} == {k.lower(): v for k, v in viewed.items()}


def test_a_change_of_allowed_hosts_is_followed(cached_tile, settings):
    """The front remembers which hosts Django accepts, until a setting changes."""
    path, _, _ = cached_tile
    django = Django()
    assert call(TileFront(django), path)[0] == "200 OK"
    settings.ALLOWED_HOSTS = ["gis.county.example"]
    assert call(TileFront(django), path)[0] == "299 Django"  # testserver is no longer allowed: Django answers 400
    assert call(TileFront(django), path, HOST="gis.county.example")[0] == "200 OK"
