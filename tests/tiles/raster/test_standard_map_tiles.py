"""The HTTP face of the standard map: PNG tiles with alpha, transparent tiles, ETags, 304, 400, 503, TileJSON."""
from __future__ import annotations

import os
import shutil

import numpy as np
import pytest

from tiles.grid import TileId, tile_at
from tiles.raster.tileset import TRANSPARENT_PNG

from .conftest import SEAT

pytestmark = pytest.mark.usefixtures("map_settings")


def _url(tile: TileId) -> str:
    return f"/tiles/standard-map/{tile.z}/{tile.x}/{tile.y}.png"


@pytest.mark.parametrize("z", [8, 11, 13, 16, 18])
def test_a_tile_over_the_county_has_opaque_map_pixels(client, png, z):
    response = client.get(_url(tile_at(*SEAT, z)))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    pixels = png(response.content)
    assert pixels.shape == (256, 256, 4)
    assert (pixels[..., 3] == 255).any()
    assert pixels[..., :3][pixels[..., 3] == 255].std() > 0


def test_a_tile_half_off_the_county_has_transparent_pixels_too(client, png):
    pixels = png(client.get(_url(tile_at(*SEAT, 9))).content)
    assert (pixels[..., 3] == 0).any() and (pixels[..., 3] == 255).any()


def test_a_deeper_tile_magnifies_its_parent(client, png):
    child = tile_at(*SEAT, 12)
    parent = TileId(11, child.x // 2, child.y // 2)
    rows, cols = slice(128 * (child.y % 2), 128 * (child.y % 2) + 128), slice(128 * (child.x % 2), 128 * (child.x % 2) + 128)
    quadrant = png(client.get(_url(parent)).content).astype(float)[rows, cols]
    magnified = png(client.get(_url(child)).content).astype(float)[::2, ::2]
    opaque = (quadrant[..., 3] == 255) & (magnified[..., 3] == 255)
    assert opaque.mean() > 0.5
    assert np.abs(magnified[opaque] - quadrant[opaque]).mean() < 12


@pytest.mark.parametrize("tile", [TileId(13, 0, 0), TileId(3, 1, 1), TileId(9, 415, 200)])
def test_a_tile_off_the_map_is_the_transparent_tile(client, tile):
    response = client.get(_url(tile))
    assert response.status_code == 200
    assert response.content == TRANSPARENT_PNG


@pytest.mark.parametrize(
    ("path", "parameter"),
    [("x/1/1", "z"), ("-1/0/0", "z"), ("19/0/0", "z"), ("3/8/0", "x"), ("3/0/8", "y"), ("3/0/a", "y"), ("1.5/0/0", "z")],
)
def test_a_bad_tile_address_is_a_400_naming_the_part(client, path, parameter):
    response = client.get(f"/tiles/standard-map/{path}.png")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["parameter"] == parameter


def test_the_etag_answers_304_without_a_body(client):
    url = _url(tile_at(*SEAT, 12))
    first = client.get(url)
    assert first["ETag"].startswith('"') and "max-age" in first["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_rebuilt_map_gets_new_etags(client, settings, tmp_path, built_map):
    shutil.copy(built_map[0], tmp_path / "standard_map.tif")
    settings.PINGDING_DATA_DIR = tmp_path
    url = _url(tile_at(*SEAT, 12))
    before = client.get(url)["ETag"]
    stat = (tmp_path / "standard_map.tif").stat()
    os.utime(tmp_path / "standard_map.tif", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    after = client.get(url)
    assert after["ETag"] != before
    assert client.get(url, HTTP_IF_NONE_MATCH=before).status_code == 200


def test_head_is_answered_and_post_refused(client):
    url = _url(tile_at(*SEAT, 12))
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


def test_without_the_map_file_tiles_and_tilejson_are_503_saying_what_to_run(client, settings, tmp_path):
    settings.PINGDING_DATA_DIR = tmp_path / "empty"
    for url in (_url(tile_at(*SEAT, 12)), "/tiles/standard-map.json"):
        response = client.get(url)
        assert response.status_code == 503
        assert "python manage.py build_standard_map" in response.json()["description"]


def test_the_tilejson_describes_the_standard_map(client, county_features_small):
    response = client.get("/tiles/standard-map.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["tilejson"] == "3.0.0"
    assert doc["tiles"] == ["http://testserver/tiles/standard-map/{z}/{x}/{y}.png"]
    assert (doc["minzoom"], doc["maxzoom"]) == (8, 18)
    assert doc["attribution"] == "平定县标准作业图 (synthetic)"
    west, south, east, north = doc["bounds"]
    assert west < SEAT[0] < east and south < SEAT[1] < north
    lon, lat, zoom = doc["center"]
    assert west <= lon <= east and south <= lat <= north and 8 <= zoom <= 18


def test_the_tiles_listing_carries_the_standard_map(client):
    listing = client.get("/tiles/").json()["tilesets"]
    raster = [t for t in listing if t.get("type") == "raster"]
    assert [t["id"] for t in raster] == ["standard-map"]
    assert raster[0]["tilejson"] == "http://testserver/tiles/standard-map.json"
    assert raster[0]["tiles"] == "http://testserver/tiles/standard-map/{z}/{x}/{y}.png"
    assert (raster[0]["format"], raster[0]["minzoom"], raster[0]["maxzoom"]) == ("png", 8, 18)


def test_the_listing_leaves_the_map_out_until_it_is_built(client, settings, tmp_path):
    settings.PINGDING_DATA_DIR = tmp_path
    assert [t for t in client.get("/tiles/").json()["tilesets"] if t.get("type") == "raster"] == []
