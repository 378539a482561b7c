"""The editor's part of the map page: offered only to a signed-in caller who may change a layer, with each layer's
form generated from the registry as that caller sees it (writable, derived, required, choices, code patterns)."""
from __future__ import annotations

import json
import re

import pytest

from layers.models import Component, ComponentCategory
from spatial.codes import COMPONENT_CODE_REGEX
from tests.accounts.conftest import account, grid_codes  # noqa: F401  (fixtures)
from tiles.viewer.editing import column_patterns

CONFIG = re.compile(r'<script id="viewer-config" type="application/json">(.*?)</script>', re.S)


def page_of(client) -> tuple[str, dict]:
    response = client.get("/map/")
    assert response.status_code == 200
    page = response.content.decode()
    return page, json.loads(CONFIG.search(page)[1])


def signed_in(client, account, role: str, **kwargs):
    user, _ = account(role, **kwargs)
    client.force_login(user)
    return user


def fields_of(config: dict, layer_id: str) -> dict[str, dict]:
    layer = next(layer for layer in config["editor"]["layers"] if layer["id"] == layer_id)
    return {field["name"]: field for field in layer["fields"]}


def test_anonymous_visitors_keep_the_read_only_viewer(client, db):
    page, config = page_of(client)
    assert config["editor"] is None
    assert "editor" not in page.replace('"editor": null', "") and "terra-draw" not in page
    assert 'href="/accounts/login?next=/map/"' in page


@pytest.mark.parametrize("role", ["leader", "reporter", "api_client"])
def test_a_signed_in_reader_gets_no_editor(client, account, role):
    signed_in(client, account, role)
    page, config = page_of(client)
    assert config["editor"] is None and "editor.js" not in page


def test_a_gis_editor_gets_every_layer_but_the_admin_areas(client, account):
    user = signed_in(client, account, "gis_editor")
    page, config = page_of(client)
    editor = config["editor"]
    assert editor["user"] == user.username and editor["collections_url"] == "/ogc/collections"
    ids = [layer["id"] for layer in editor["layers"]]
    assert "admin-areas" not in ids and {"grids", "buildings", "components"} <= set(ids)
    for script in ("vendor/terra-draw/terra-draw.umd.js", "vendor/terra-draw/adapter/terra-draw-maplibre-gl-adapter.umd.js",
                   "viewer/editor-form.js", "viewer/editor-draw.js", "viewer/editor.js"):
        assert f'src="/static/{script}"' in page
    assert client.cookies.get("csrftoken"), "the page sets the CSRF cookie its writes send back"


def test_the_component_form_follows_the_registry(client, account):
    signed_in(client, account, "gis_editor")
    _, config = page_of(client)
    layer = next(layer for layer in config["editor"]["layers"] if layer["id"] == "components")
    assert layer["modes"] == ["point", "linestring", "polygon"] and layer["scope"] is None
    fields = fields_of(config, "components")
    code = fields["code"]
    assert code["writable"] and code["required"] and code["pattern"] == "^" + COMPONENT_CODE_REGEX[2:-2] + "$"
    assert re.fullmatch(code["pattern"].strip("^$"), "1403210101000001")
    assert fields["grid_code"]["derived"] and not fields["grid_code"]["writable"] and not fields["grid_code"]["required"]
    assert [choice["value"] for choice in fields["state"]["choices"]] == ["intact", "damaged", "missing", "occupied"]
    assert fields["state"]["choices"][0]["label"] == "完好 intact" and not fields["state"]["required"]
    assert fields["installed_on"]["type"] == "date" and fields["installed_on"]["nullable"]
    assert fields["state"]["default"] == "intact" and fields["code"]["default"] is None
    category = fields["category_code"]
    assert category["kind_field"] and category["pattern"] == "^[0-9]{4}$"
    kinds = {choice["value"]: choice["mode"] for choice in category["choices"]}
    expected = {"point": "point", "line": "linestring", "polygon": "polygon"}
    assert kinds == {c.code: expected[c.geometry_kind] for c in ComponentCategory.objects.all()}


def test_a_grid_member_edits_its_grids_without_keeper_fields(client, account, grid_codes):
    signed_in(client, account, "grid_member", grids=grid_codes[:1])
    _, config = page_of(client)
    ids = [layer["id"] for layer in config["editor"]["layers"]]
    assert "grids" not in ids and "components" in ids
    layer = next(layer for layer in config["editor"]["layers"] if layer["id"] == "components")
    assert grid_codes[0] in layer["scope"]
    fields = fields_of(config, "components")
    assert not fields["code"]["writable"] and not fields["code"]["required"]
    assert not fields["owner_department"]["writable"] and fields["state"]["writable"]


def test_polygon_layers_draw_polygons_point_layers_points(client, account):
    signed_in(client, account, "gis_editor")
    _, config = page_of(client)
    modes = {layer["id"]: layer["modes"] for layer in config["editor"]["layers"]}
    assert modes["grids"] == ["polygon"] and modes["buildings"] == ["polygon"] and modes["addresses"] == ["point"]
    buildings = fields_of(config, "buildings")
    assert buildings["floors_above"]["default"] == 1 and buildings["use"]["required"]
    assert buildings["code"]["pattern"] == "^[0-9]{17,22}$"


def test_patterns_come_from_the_check_constraints():
    assert column_patterns(Component)["code"] == "^[1-8][0-9]{15}$"
    assert "name" not in column_patterns(Component)
