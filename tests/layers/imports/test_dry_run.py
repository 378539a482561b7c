"""The dry run and the commit of a GeoJSON file: the report lists adds, updates (with the fields they change) and
invalid rows with their reasons; the commit changes the layer, with history on the path ``import``."""
from __future__ import annotations

from layers.history.selectors import feature_history
from layers.models import Component
from layers.registry import get_layer

from .conftest import commit, geojson_bytes, upload


def test_a_geojson_dry_run_lists_adds_and_updates_then_the_commit_applies_them(client, editor, points):
    _, token = editor
    points[0]["state"] = "damaged"
    points[1]["name"] = "改名的井盖"
    answer = upload(client, token, geojson_bytes(points), "survey.geojson")
    assert answer.status_code == 201, answer.content
    report = answer.json()
    assert report["state"] == "dry_run" and report["crs"] == "CRS84"
    assert report["counts"] == {"rows": 4, "adds": 2, "updates": 2, "unchanged": 0, "deletions": 0, "invalid": 0}
    assert [a["code"] for a in report["adds"]] == [points[2]["code"], points[3]["code"]]
    assert [(u["row"], u["featureId"], u["changed"]) for u in report["updates"]] == [
        (1, points[0]["id"], ["state"]), (2, points[1]["id"], ["name"])]
    assert not Component.objects.filter(code=points[2]["code"]).exists()

    done = commit(client, token, report["id"])
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["state"] == "committed"
    assert (body["result"]["added"], body["result"]["updated"], body["result"]["deleted"]) == (2, 2, 0)
    added = Component.objects.get(code=points[2]["code"])
    assert added.name == "新井盖" and added.grid_id is not None
    assert abs(added.geom.x - points[2]["lon"]) < 1e-9
    assert Component.objects.get(pk=points[0]["id"]).state == "damaged"
    assert Component.objects.get(pk=points[1]["id"]).name == "改名的井盖"
    layer = get_layer("components")
    latest = feature_history(layer, points[0]["id"])[0]
    assert latest.path == "import" and latest.operation == "update"
    assert feature_history(layer, added.pk)[0].path == "import"
    versions = {v["featureId"]: v["version"] for v in body["result"]["versions"]["update"]}
    assert versions[points[0]["id"]] == latest.version

    again = commit(client, token, report["id"])
    assert again.status_code == 409 and again.json()["parameter"] == "id"
