"""TileJSON 3.0.0 documents and the ``/tiles/`` listing."""
import pytest

from layers.registry import get_layer, public_layers

RURAL = (113.951237, 37.618413)


def test_tilejson_of_a_layer(client, db):
    doc = client.get("/tiles/components.json").json()
    layer = get_layer("components")
    assert doc["tilejson"] == "3.0.0"
    assert doc["scheme"] == "xyz"
    assert doc["tiles"] == ["http://testserver/tiles/components/{z}/{x}/{y}.mvt"]
    assert (doc["minzoom"], doc["maxzoom"]) == (layer.minzoom, layer.maxzoom)
    assert doc["attribution"] == "平定县社会治理中心 — synthetic data"
    assert doc["name"] and doc["description"] and doc["version"]
    (vector_layer,) = doc["vector_layers"]
    assert vector_layer["id"] == "components"
    assert (vector_layer["minzoom"], vector_layer["maxzoom"]) == (layer.minzoom, layer.maxzoom)
    assert set(vector_layer["fields"]) == set(layer.fields) | {"count"}
    assert vector_layer["fields"]["code"].startswith("String")
    west, south, east, north = doc["bounds"]
    lon, lat, zoom = doc["center"]
    assert west <= lon <= east and south <= lat <= north and layer.minzoom <= zoom <= layer.maxzoom


def test_restricted_fields_are_not_listed(client, db):
    grids = client.get("/tiles/grids.json").json()["vector_layers"][0]["fields"]
    assert "member_phone" not in grids


def test_the_composite_lists_every_public_layer_with_its_own_range(client, db):
    doc = client.get("/tiles/all.json").json()
    assert [v["id"] for v in doc["vector_layers"]] == [layer.id for layer in public_layers()]
    for entry, layer in zip(doc["vector_layers"], public_layers()):
        assert (entry["minzoom"], entry["maxzoom"]) == (layer.minzoom, layer.maxzoom)
    assert doc["minzoom"] == min(layer.minzoom for layer in public_layers())
    assert doc["maxzoom"] == max(layer.maxzoom for layer in public_layers())


def test_bounds_follow_the_data_and_are_never_stale(client, make_component):
    first = client.get("/tiles/components.json").json()["bounds"]
    make_component(114.2, 38.3)  # outside everything so far: the extent must grow
    second = client.get("/tiles/components.json").json()["bounds"]
    assert second[2] == pytest.approx(114.2) and second[3] == pytest.approx(38.3)
    assert second != first


def test_public_url_setting_makes_the_tile_urls(client, db, settings):
    settings.PINGDING_PUBLIC_URL = "https://gis.pingding.example/"
    doc = client.get("/tiles/all.json").json()
    assert doc["tiles"] == ["https://gis.pingding.example/tiles/all/{z}/{x}/{y}.mvt"]


def test_the_listing_has_every_vector_tileset_and_the_raster_ones(client, db, monkeypatch):
    from tiles import views

    monkeypatch.setattr(views, "raster_tilesets", lambda request: [{"id": "standard-map", "type": "raster"}])
    body = client.get("/tiles/").json()
    ids = [entry["id"] for entry in body["tilesets"]]
    assert ids[0] == "all"
    assert set(ids) == {"all", "standard-map"} | {layer.id for layer in public_layers()}
    components = next(entry for entry in body["tilesets"] if entry["id"] == "components")
    assert components["tilejson"] == "http://testserver/tiles/components.json"
    assert components["tiles"] == "http://testserver/tiles/components/{z}/{x}/{y}.mvt"
    assert components["type"] == "vector"
