"""Tiles in ``/metrics``: a tile the front answers (without Django's middleware) counts under the view's route
template, and every tile read counts as a cache hit, miss or bypass (``tiles.metrics``)."""
from __future__ import annotations

from django.test import override_settings
from django.urls import resolve

from tests.metrics.scraped import scrape, value
from tests.tiles.test_tile_front import Django, call, connection_kept_open  # noqa: F401  (autouse fixture)
from tiles.front import TILE_ROUTE, TileFront
from tiles.grid import tile_at

A = (113.6412, 37.8013)
REQUESTS = "pingding_http_requests_total"
CACHE = "pingding_tile_cache_total"


def moved(before: str, after: str, name: str, **labels: str) -> float:
    return value(after, name, **labels) - value(before, name, **labels)


def test_the_front_counts_under_the_views_route_template():
    assert TILE_ROUTE == "/" + resolve("/tiles/all/0/0/0.mvt").route


def test_a_tile_served_by_the_front_counts_once_with_its_cache_result(client, make_component, tile_url):
    make_component(*A)
    path = tile_url("components", tile_at(*A, 18))
    django = Django()
    before = scrape(client)
    miss = call(TileFront(django), path)
    hit = call(TileFront(django), path)
    after = scrape(client)
    assert miss[0] == hit[0] == "200 OK" and not django.calls
    assert moved(before, after, REQUESTS, route=TILE_ROUTE, method="GET", status="200") == 2
    assert moved(before, after, "pingding_http_request_duration_seconds_count", route=TILE_ROUTE) == 2
    assert moved(before, after, CACHE, tileset="components", result="miss") == 1
    assert moved(before, after, CACHE, tileset="components", result="hit") == 1


def test_a_request_the_front_hands_to_django_is_counted_once_there(client, db):
    before = scrape(client)
    answer = client.get("/tiles/no-such-tileset/1/0/0.mvt")
    after = scrape(client)
    assert answer.status_code == 404
    assert moved(before, after, REQUESTS, route=TILE_ROUTE, status="404") == 1


def test_filtered_tiles_and_a_cache_switched_off_are_bypasses(client, make_component, tile_url):
    make_component(*A)
    path = tile_url("components", tile_at(*A, 18))
    before = scrape(client)
    assert client.get(path, {"filter": "state='intact'"}).status_code in (200, 204)
    with override_settings(PINGDING_TILES_CACHE=False):
        assert client.get(path).status_code == 200
    after = scrape(client)
    assert moved(before, after, CACHE, tileset="components", result="bypass") == 2
    assert moved(before, after, CACHE, tileset="components", result="miss") == 0
