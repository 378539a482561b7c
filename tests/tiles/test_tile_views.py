"""The HTTP face of the tiles: headers, encodings, 204 / 304, and JSON errors that name the parameter."""
import pytest

from tiles.grid import TileId, tile_at

RURAL = (113.951237, 37.618413)
MVT = "application/vnd.mapbox-vector-tile"


@pytest.fixture
def component_tile(make_component):
    component = make_component(*RURAL)
    return component, tile_at(*RURAL, 17)


def test_a_tile_is_gzip_encoded_when_the_client_accepts_it(client, component_tile, tile_url, decode):
    component, tile = component_tile
    response = client.get(tile_url("components", tile), HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert response.status_code == 200
    assert response["Content-Type"] == MVT
    assert response["Content-Encoding"] == "gzip"
    assert response["Vary"] == "Accept-Encoding"
    assert response["ETag"].endswith('-gzip"')
    assert component.pk in [f["id"] for f in decode(response.content, gzipped=True)["components"]["features"]]


def test_a_tile_is_plain_for_a_client_without_gzip(client, component_tile, tile_url, decode):
    component, tile = component_tile
    response = client.get(tile_url("components", tile))
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert not response["ETag"].endswith('-gzip"')
    assert component.pk in [f["id"] for f in decode(response.content)["components"]["features"]]


def test_cache_control_is_short_and_must_revalidate(client, component_tile, tile_url, settings):
    settings.PINGDING_TILES_MAX_AGE = 30
    response = client.get(tile_url("components", component_tile[1]))
    assert response["Cache-Control"] == "public, max-age=30, must-revalidate"


def test_if_none_match_gives_304_for_either_encoding(client, component_tile, tile_url):
    url = tile_url("components", component_tile[1])
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    plain = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]
    assert plain.status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_pbf_is_an_alias_of_mvt(client, component_tile, tile_url):
    response = client.get(tile_url("components", component_tile[1], "pbf"))
    assert response.status_code == 200 and response["Content-Type"] == MVT


def test_a_tile_outside_the_zoom_range_is_204(client, tile_url, db):
    response = client.get(tile_url("components", tile_at(*RURAL, 5)))
    assert response.status_code == 204 and response.content == b""
    assert "max-age" in response["Cache-Control"]


def test_an_empty_tile_in_range_is_204(client, tile_url, db):
    response = client.get(tile_url("components", tile_at(-70.0, -40.0, 16)))  # the Pacific off Chile
    assert response.status_code == 204


def test_head_is_allowed(client, component_tile, tile_url):
    assert client.head(tile_url("components", component_tile[1])).status_code == 200


@pytest.mark.parametrize(
    ("path", "status", "parameter"),
    [
        ("/tiles/nope/0/0/0.mvt", 404, "tileset"),
        ("/tiles/components/17/106985/50660.png", 404, "format"),
        ("/tiles/all/3/0/0.jpeg", 404, "format"),
        ("/tiles/components/25/0/0.mvt", 400, "z"),
        ("/tiles/components/-1/0/0.mvt", 400, "z"),
        ("/tiles/components/1.0/0/0.mvt", 400, "z"),
        ("/tiles/components/z/0/0.mvt", 400, "z"),
        ("/tiles/components/3/8/0.mvt", 400, "x"),
        ("/tiles/components/3/-1/0.mvt", 400, "x"),
        ("/tiles/components/3/a/0.mvt", 400, "x"),
        ("/tiles/components/3/0/8.mvt", 400, "y"),
        ("/tiles/components/3/0/1.5.mvt", 400, "y"),
        ("/tiles/components/0/0/0x1.mvt", 400, "y"),
        ("/tiles/nope.json", 404, "tileset"),
    ],
)
def test_bad_requests_are_json_naming_the_parameter(client, db, path, status, parameter):
    response = client.get(path)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["parameter"] == parameter
    assert body["code"] in {"InvalidParameterValue", "NotFound"} and body["description"]


def test_png_error_names_the_extension(client, db):
    assert ".png" in client.get("/tiles/components/0/0/0.png").json()["description"]


def test_post_is_not_allowed(client, db):
    assert client.post("/tiles/components/0/0/0.mvt").status_code == 405


def test_the_url_names_reverse(db):
    from django.urls import reverse

    assert reverse("tiles:index") == "/tiles/"
    assert reverse("tiles:tilejson", kwargs={"tileset": "all"}) == "/tiles/all.json"
    tile = TileId(3, 6, 3)
    kwargs = {"tileset": "all", "z": tile.z, "x": tile.x, "y": tile.y, "ext": "mvt"}
    assert reverse("tiles:tile", kwargs=kwargs) == "/tiles/all/3/6/3.mvt"
