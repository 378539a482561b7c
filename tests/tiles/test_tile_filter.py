"""``filter=`` on vector tile URLs (``tiles.filtering``): only matching features, plain and clustered, on the caller's
queryables only; the tile cache neither read nor written; the rule of the ``all`` tileset; the front handing filtered
requests to Django; TileJSON carrying the filter; and the same through the live server."""
from __future__ import annotations

import io
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import connection

from layers.models import Component
from tiles.front import TileFront
from tiles.grid import tile_at
from tiles.models import TileCache
from tests.accounts.conftest import account, bearer  # noqa: F401  (fixture)
from tests.layers.ogc.conftest import make_incident  # noqa: F401  (fixture)

RURAL = (113.951237, 37.618413)
NEAR = (113.951337, 37.618513)
MVT = "application/vnd.mapbox-vector-tile"


def q(cql: str, **more: str) -> str:
    return "?" + urllib.parse.urlencode({"filter": cql, **more})


@pytest.fixture
def pair(make_component):
    """Two components in one z17 tile (and one z15 cluster cell): one damaged, one intact."""
    damaged = make_component(*RURAL, name="过滤测试甲", state="damaged")
    intact = make_component(*NEAR, name="过滤测试乙", state="intact")
    return damaged, intact


def ids(body: bytes, decode, layer: str = "components") -> list[int]:
    return sorted(feature["id"] for feature in decode(body).get(layer, {}).get("features", []))


@pytest.mark.parametrize("cql, lang", [
    ("state = 'damaged' AND name LIKE '过滤测试%'", "cql2-text"),
    (json.dumps({"op": "and", "args": [{"op": "=", "args": [{"property": "state"}, "damaged"]},
                                        {"op": "like", "args": [{"property": "name"}, "过滤测试%"]}]}), "cql2-json"),
])
def test_a_filtered_tile_holds_only_the_matching_features_and_touches_no_cache(client, pair, tile_url, decode, cql,
                                                                                 lang):
    damaged, intact = pair
    url = tile_url("components", tile_at(*RURAL, 17))
    answer = client.get(url + q(cql, **{"filter-lang": lang}))
    assert answer.status_code == 200 and answer["Content-Type"] == MVT
    assert answer["X-Tile-Cache"] == "bypass"
    assert ids(answer.content, decode) == [damaged.pk]
    assert not TileCache.objects.exists()
    unfiltered = client.get(url)
    assert unfiltered["X-Tile-Cache"] == "miss" and {damaged.pk, intact.pk} <= set(ids(unfiltered.content, decode))
    assert TileCache.objects.count() == 1
    again = client.get(url + q(cql, **{"filter-lang": lang}))  # a stored tile is not answered to a filtered request
    assert again["X-Tile-Cache"] == "bypass" and ids(again.content, decode) == [damaged.pk]


def test_a_clustered_tile_counts_only_the_matching_features(client, pair, tile_url, decode):
    url = tile_url("components", tile_at(*RURAL, 15))
    whole = decode(client.get(url).content)["components"]["features"]
    filtered = decode(client.get(url + q("name = '过滤测试乙'")).content)["components"]["features"]
    assert sum(f["properties"]["count"] for f in whole) >= 2
    assert [(f["id"], f["properties"]["count"]) for f in filtered] == [(pair[1].pk, 1)]


def test_a_filter_nothing_matches_is_204(client, pair, tile_url):
    answer = client.get(tile_url("components", tile_at(*RURAL, 17)) + q("name = '没有这个'"))
    assert answer.status_code == 204 and not TileCache.objects.exists()


def test_a_spatial_filter_in_metres(client, pair, tile_url, decode):
    damaged, _ = pair
    cql = f"S_DWITHIN(geometry, POINT({RURAL[0]} {RURAL[1]}), 3)"
    answer = client.get(tile_url("components", tile_at(*RURAL, 17)) + q(cql))
    assert ids(answer.content, decode) == [damaged.pk]


@pytest.mark.parametrize("query, parameter, words", [
    (q("state = = 'x'"), "filter", "line 1, column"),
    (q("nope = 1"), "filter", "nope"),
    (q("state = 'damaged'", **{"filter-lang": "ecql"}), "filter-lang", "cql2-text"),
    (q("state = 'damaged'", **{"filter-crs": "EPSG:9999"}), "filter-crs", "9999"),
    ("?filter-lang=cql2-json", "filter", "give the filter"),
])
def test_bad_filters_are_400_naming_the_parameter(client, pair, tile_url, query, parameter, words):
    answer = client.get(tile_url("components", tile_at(*RURAL, 17)) + query)
    assert answer.status_code == 400, answer.content
    body = answer.json()
    assert body["parameter"] == parameter and words in body["description"]


@pytest.fixture
def reported(make_incident):
    from datetime import datetime

    from django.contrib.gis.geos import Point

    make = make_incident
    mine = make(datetime(2026, 12, 1, 9), geom=Point(*RURAL, srid=4490), reporter="张过滤")
    other = make(datetime(2026, 12, 1, 10), geom=Point(*NEAR, srid=4490), reporter="李其他")
    return mine, other


def test_a_restricted_field_is_unknown_to_anonymous_and_filters_for_a_reader(client, account, reported, tile_url,
                                                                            decode):
    mine, _ = reported
    url = tile_url("incidents", tile_at(*RURAL, 17)) + q("reporter = '张过滤'")
    anonymous = client.get(url)
    assert anonymous.status_code == 400 and anonymous.json()["parameter"] == "filter"
    assert "reporter" in anonymous.json()["description"]
    _, token = account("leader")
    reader = client.get(url, **bearer(token))
    assert reader.status_code == 200 and ids(reader.content, decode, "incidents") == [mine.pk]
    assert reader["X-Tile-Cache"] == "bypass" and not TileCache.objects.exists()


def test_on_all_the_filter_keeps_the_layers_it_applies_to(client, pair, reported, tile_url, decode):
    url = tile_url("all", tile_at(*RURAL, 17))
    layers = decode(client.get(url + q("state = 'damaged'")).content)
    assert list(layers) == ["components"] and ids(client.get(url + q("state = 'damaged'")).content, decode) == [
        pair[0].pk]
    spatial = decode(client.get(url + q(f"S_DWITHIN(geometry, POINT({NEAR[0]} {NEAR[1]}), 3)")).content)
    assert {"components", "incidents"} <= set(spatial)
    assert [f["id"] for f in spatial["components"]["features"]] == [pair[1].pk]
    assert [f["id"] for f in spatial["incidents"]["features"]] == [reported[1].pk]
    nowhere = client.get(url + q("no_such_field = 1"))
    assert nowhere.status_code == 400 and "any layer of tileset 'all'" in nowhere.json()["description"]


def test_tilejson_carries_the_filter_into_its_tile_urls(client, pair):
    cql = "state = 'damaged'"
    document = client.get("/tiles/all.json" + q(cql)).json()
    (template,) = document["tiles"]
    assert template.endswith("/tiles/all/{z}/{x}/{y}.mvt" + q(cql))
    assert [layer["id"] for layer in document["vector_layers"]] == ["components"]
    assert client.get("/tiles/components.json" + q("state = =")).status_code == 400


def test_the_front_hands_a_filtered_request_to_django(pair, tile_url, monkeypatch):
    monkeypatch.setattr("tiles.front.close_old_connections", lambda: None)
    handed = []

    def django(environ, start_response):
        handed.append(environ["QUERY_STRING"])
        start_response("299 Django", [])
        return [b"django"]

    path = tile_url("components", tile_at(*RURAL, 17))
    for query in ("filter=state%3D%27damaged%27", "%66ilter=x", "filter-lang=cql2-text"):
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "testserver",
                   "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO()}
        assert list(TileFront(django)(environ, lambda *a: None)) == [b"django"]
    assert len(handed) == 3 and not TileCache.objects.exists()


@pytest.mark.live
def test_the_live_front_answers_filtered_tiles_from_django_and_never_caches_them(live_url, django_db_blocker, decode):
    with django_db_blocker.unblock():
        component = Component.objects.filter(geom__isnull=False).order_by("pk").first()
        assert component is not None, "the live test needs the seeded county"
        point = component.geom.point_on_surface if component.geom.geom_type != "Point" else component.geom
        tile = tile_at(point.x, point.y, 18)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM tiles_tilecache WHERE tileset = 'components' AND z = %s AND x = %s AND y = %s",
                           [tile.z, tile.x, tile.y])
    path = f"{live_url}/tiles/components/{tile.z}/{tile.x}/{tile.y}.mvt"

    def get(url: str):
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": "identity"})) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    status, headers, body = get(path + q(f"code = '{component.code}'"))
    assert status == 200 and headers["X-Tile-Cache"] == "bypass"
    assert ids(body, decode) == [component.pk]
    assert get(path + q("code = '0'"))[0] == 204
    bad = get(path + q("code = = 1"))
    assert bad[0] == 400 and json.loads(bad[2])["parameter"] == "filter"
    with django_db_blocker.unblock():
        assert not TileCache.objects.filter(tileset="components", z=tile.z, x=tile.x, y=tile.y).exists()
