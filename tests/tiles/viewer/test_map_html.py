"""The map page as HTML: every public layer from the registry in the switcher, every asset from this server."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from layers.registry import public_layers
from tiles.viewer.styles import STATE_COLOURS, viewer_layers


@pytest.fixture
def page(client) -> str:
    response = client.get("/map/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def test_the_switcher_lists_every_public_layer_in_chinese_and_english(page):
    for layer in public_layers():
        assert f'data-layer="{layer.id}"' in page
        assert layer.title_zh in page and layer.title in page
    assert 'data-layer="standard-map"' in page


def test_scripts_and_styles_come_from_this_server_only(page):
    assets = re.findall(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="([^"]+)"', page)
    assert "/static/vendor/maplibre-gl/maplibre-gl.js" in assets
    assert "/static/vendor/maplibre-gl/maplibre-gl.css" in assets
    assert all(a.startswith("/static/") or a == "data:," for a in assets)
    assert not re.search(r"https?://(?!www\.opengis\.net)", page)


def test_the_page_configuration_names_the_tilesets_and_the_layers(page):
    config = json.loads(re.search(r'<script id="viewer-config" type="application/json">(.*?)</script>', page, re.S)[1])
    assert config["raster_tilejson"] == "/tiles/standard-map.json"
    assert config["vector_tilejson"] == "/tiles/all.json"
    assert config["coords_url"] == "/map/coords"
    assert [layer["id"] for layer in config["layers"]] == [layer.id for layer in public_layers()]


def test_components_are_coloured_by_state_and_clustered():
    styles = {style["id"]: style for style in viewer_layers()}
    assert styles["components"]["colour_by"]["colours"] == STATE_COLOURS
    assert styles["components"]["colour_by"]["labels"]["damaged"] == "破损"
    assert styles["components"]["clustered"] and styles["components"]["kind"] == "circle"
    assert styles["grids"]["kind"] == "outline" and styles["buildings"]["kind"] == "fill"


@pytest.mark.parametrize("name", ["map.js", "editor.js", "editor-form.js", "editor-draw.js"])
def test_the_scripts_name_no_layer_and_fetch_nothing_outside(name):
    script = (Path(__file__).resolve().parents[3] / "tiles/viewer/static/viewer" / name).read_text()
    for layer in public_layers():
        assert f'"{layer.id}"' not in script
    assert "http" not in script
    assert "glyphs:" not in script and "sprite:" not in script


def test_the_legend_shows_every_layer_and_the_component_states_in_their_colours(page):
    legend = re.search(r'<section id="legend".*?</section>', page, re.S)[0]
    for layer in viewer_layers():
        assert f'data-legend="{layer["id"]}"' in legend and f'--swatch: {layer["colour"]}' in legend
    for value, colour in STATE_COLOURS.items():
        entry = re.search(rf'<dd data-legend-value="{value}">(.*?)</dd>', legend, re.S)[1]
        assert f"--swatch: {colour}" in entry
    assert "破损" in legend and "完好" in legend


def test_labels_name_or_code_features_from_high_zoom():
    styles = {style["id"]: style for style in viewer_layers()}
    assert styles["components"]["label_field"] == "name" and styles["addresses"]["label_field"] == "full_text"
    assert styles["grids"]["label_field"] == "name" and styles["buildings"]["label_minzoom"] >= 17


def test_the_page_asks_the_geocoder(page):
    config = json.loads(re.search(r'<script id="viewer-config" type="application/json">(.*?)</script>', page, re.S)[1])
    assert config["geocode_url"] == "/api/geocode"
    assert 'id="search"' in page
