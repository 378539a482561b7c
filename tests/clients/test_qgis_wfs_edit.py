"""QGIS 3.22 edits components over WFS-T (``{live_url}/wfs``, EPSG:4547) as a committed GIS editor: adds a component,
moves it, changes an attribute and deletes it, each step its own commit; the history names the editor and the path
``wfs`` for each. A grid member's delete of a component outside its grids is refused, and QGIS reports the server's reason.

The credentials are a QGIS authentication configuration of the Basic method (``qgis_probe.py``'s ``auth``), as a
GIS user saves them: the username and one of its API tokens as the password.
The edits touch only the component QGIS adds (it is deleted at the end), so the committed county stays as seeded.
"""
from __future__ import annotations

import io

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.db import connection

from layers.models import Component, Grid

pytestmark = pytest.mark.live

CODE_SERIAL = "999997"


def committed_token(django_db_blocker, username: str, role: str, *options: str) -> str:
    with django_db_blocker.unblock():
        out = io.StringIO()
        call_command("account_create", username, "--role", role, *options, "--token", stdout=out)
    return out.getvalue().strip().splitlines()[-1]


@pytest.fixture(scope="module")
def tokens(django_db_blocker, template):
    """A GIS editor, and a grid member of a grid other than the template component's (it may edit, not there)."""
    with django_db_blocker.unblock():
        other = Grid.objects.exclude(code=template.grid_id).order_by("code").first().code
    accounts = {"editor": ("live.wfs.editor", "gis_editor"), "member": ("live.wfs.member", "grid_member", "--grids", other)}
    try:
        yield {key: committed_token(django_db_blocker, *value) for key, value in accounts.items()}
    finally:
        with django_db_blocker.unblock():
            get_user_model().objects.filter(username__in=[value[0] for value in accounts.values()]).delete()


def uri(live_url: str) -> str:
    return f"url='{live_url}/wfs' typename='pd:components' version='auto' srsname='EPSG:4547'"


def wkt_4547(lon: float, lat: float) -> str:
    x, y = Point(lon, lat, srid=4490).transform(4547, clone=True).coords
    return f"POINT({x!r} {y!r})"


@pytest.fixture(scope="module")
def template(django_db_blocker) -> Component:
    with django_db_blocker.unblock():
        return Component.objects.extra(where=["GeometryType(geom) = 'POINT'"]).order_by("pk")[3]


@pytest.fixture(scope="module")
def qgis_edits(live_url, run_qgis, tokens, template, django_db_blocker):
    """What QGIS did; a component it added and failed to delete is removed after, so the county stays as seeded."""
    code = template.code[:10] + CODE_SERIAL
    lon, lat = template.geom.x, template.geom.y
    attributes = {"code": code, "category_code": template.category_id, "name": "QGIS井盖",
                  "supervising_department": "住建局", "owner_department": "自来水公司",
                  "maintainer_department": "自来水公司"}
    steps = [
        {"add": {"attributes": attributes, "wkt": wkt_4547(lon + 0.0001, lat + 0.0001)}},
        {"move": {"code": code, "wkt": wkt_4547(lon + 0.0002, lat - 0.0001)}},
        {"change": {"code": code, "field": "state", "value": "damaged"}},
        {"delete": {"code": code}},
    ]
    edited = run_qgis({"auth": {"username": "live.wfs.editor", "password": tokens["editor"]},
                       "layers": [{"name": "components", "provider": "WFS", "uri": uri(live_url), "edits": steps}]})
    refused = run_qgis({"auth": {"username": "live.wfs.member", "password": tokens["member"]},
                        "layers": [{"name": "components", "provider": "WFS", "uri": uri(live_url),
                                    "edits": [{"delete": {"code": template.code}}]}]})
    yield {"code": code, "lon": lon, "lat": lat, "edited": edited, "refused": refused}
    with django_db_blocker.unblock():
        Component.objects.filter(code=code).delete()


def history_of(code: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT operation, path, actor_name, attributes_after->>'state', ST_X(geom_after), ST_Y(geom_after) "
            "FROM layers_history WHERE layer = 'components' AND (attributes_before->>'code' = %s OR "
            "attributes_after->>'code' = %s) ORDER BY version", [code, code])
        return cursor.fetchall()


def test_qgis_commits_each_edit(qgis_edits):
    layer = qgis_edits["edited"]["layers"][0]
    assert layer["valid"], layer.get("error")
    assert [(step["step"], step["ok"]) for step in layer["edited"]] == [
        ("add", True), ("move", True), ("change", True), ("delete", True)]
    assert not [error for step in layer["edited"] for error in step["errors"] if "ERROR" in error]


def test_the_ogc_api_reads_each_edit_in_the_history_with_its_editor_and_the_path_wfs(qgis_edits, live_url, tokens, db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT feature_id FROM layers_history WHERE layer = 'components'"
                       " AND attributes_after->>'code' = %s", [qgis_edits["code"]])
        (feature_id,), = cursor.fetchall()
    answer = requests.get(f"{live_url}/ogc/collections/components/items/{feature_id}/history",
                          headers={"Authorization": f"Bearer {tokens['editor']}"}, timeout=10)
    assert answer.status_code == 200
    versions = answer.json()["versions"]
    assert [(v["operation"], v["path"], v["actor"]["name"]) for v in reversed(versions)] == [
        ("insert", "wfs", "live.wfs.editor"), ("update", "wfs", "live.wfs.editor"),
        ("update", "wfs", "live.wfs.editor"), ("delete", "wfs", "live.wfs.editor")]
    assert "geometry" in versions[2]["changedFields"] and "state" in versions[1]["changedFields"]
    assert answer.json()["deleted"] is True
    assert requests.get(f"{live_url}/ogc/collections/components/items/{feature_id}", timeout=10).status_code == 404


def test_each_edit_is_in_the_history_with_its_editor_and_the_path_wfs(qgis_edits, db):
    rows = history_of(qgis_edits["code"])
    assert [row[:3] for row in rows] == [("insert", "wfs", "live.wfs.editor"), ("update", "wfs", "live.wfs.editor"),
                                         ("update", "wfs", "live.wfs.editor"), ("delete", "wfs", "live.wfs.editor")]
    inserted, moved = rows[0], rows[1]
    assert (inserted[4], inserted[5]) == pytest.approx((qgis_edits["lon"] + 0.0001, qgis_edits["lat"] + 0.0001), abs=1e-7)
    assert (moved[4], moved[5]) == pytest.approx((qgis_edits["lon"] + 0.0002, qgis_edits["lat"] - 0.0001), abs=1e-7)
    assert rows[2][3] == "damaged"
    assert not Component.objects.filter(code=qgis_edits["code"]).exists()


def test_a_forbidden_edit_is_refused_and_qgis_says_why(qgis_edits, template, db):
    step = qgis_edits["refused"]["layers"][0]["edited"][0]
    assert step["ok"] is False
    assert any("the rows of your grids" in error for error in step["errors"]), step["errors"]
    assert Component.objects.filter(pk=template.pk).exists()


def wkt_line_4547(coords) -> str:
    from django.contrib.gis.geos import LineString

    line = LineString(coords, srid=4490).transform(4547, clone=True)
    return "LINESTRING(" + ", ".join(f"{x!r} {y!r}" for x, y in line.coords) + ")"


def test_a_line_component_is_edited_as_a_line_layer_of_its_own(live_url, run_qgis, tokens, django_db_blocker, db):
    """``pd:components_line``: QGIS opens it as a line layer (one geometry type per layer) and moves a line; it is
    moved back after, so the committed county stays as seeded."""
    with django_db_blocker.unblock():
        line = Component.objects.extra(where=["GeometryType(geom) = 'LINESTRING'"]).order_by("pk").first()
    original = list(line.geom.coords)
    shifted = [(x + 0.0001, y) for x, y in original]
    source = f"url='{live_url}/wfs' typename='pd:components_line' version='auto' srsname='EPSG:4547'"
    steps = [{"move": {"code": line.code, "wkt": wkt_line_4547(shifted)}},
             {"move": {"code": line.code, "wkt": wkt_line_4547(original)}}]
    answer = run_qgis({"auth": {"username": "live.wfs.editor", "password": tokens["editor"]},
                       "layers": [{"name": "lines", "provider": "WFS", "uri": source, "edits": steps}]})
    layer = answer["layers"][0]
    assert layer["valid"], layer.get("error")
    assert [step["ok"] for step in layer["edited"]] == [True, True], layer["edited"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT path, actor_name, ST_X(ST_StartPoint(geom_after)) FROM layers_history"
                       " WHERE layer = 'components' AND feature_id = %s ORDER BY version DESC LIMIT 2", [line.pk])
        back, there = cursor.fetchall()
    assert there[:2] == back[:2] == ("wfs", "live.wfs.editor")
    assert there[2] == pytest.approx(original[0][0] + 0.0001, abs=1e-7)
    assert back[2] == pytest.approx(original[0][0], abs=1e-7)
