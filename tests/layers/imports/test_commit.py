"""Commits: deletions of the features a file lacks (within the writer's rows), all or nothing when the database
refuses a row (the answer names it), refused when a feature changed since the dry run; match=none only adds."""
from __future__ import annotations

from django.db.models import Exists, OuterRef

from layers.history.selectors import feature_history
from layers.imports.models import Import
from layers.models import Component, Incident
from layers.registry import get_layer

from .conftest import FIELDS, commit, geojson_bytes, upload


def _row(component: Component) -> dict:
    return {**{f: getattr(component, Component._meta.get_field(f if f != "category_code" else "category").attname)
               for f in FIELDS}, "lon": component.geom.centroid.x, "lat": component.geom.centroid.y}


def _grid(referenced: bool) -> tuple[str, Component]:
    """A grid with at least three components, of which some (``referenced``) or none an incident names, and a
    point component of it that no incident names (the one the file keeps)."""
    incidents = Incident.objects.filter(component_id=OuterRef("code"))
    named = Component.objects.annotate(named=Exists(incidents))
    for grid in Component.objects.values_list("grid_id", flat=True).distinct().order_by("grid_id"):
        in_grid = named.filter(grid_id=grid)
        kept = in_grid.filter(named=False).extra(where=["GeometryType(geom) = 'POINT'"]).order_by("pk").first()
        if kept is not None and in_grid.count() >= 3 and in_grid.filter(named=True).exists() == referenced:
            return grid, kept
    raise AssertionError("the seeded county has no such grid")


def test_delete_missing_deletes_the_writers_features_the_file_lacks(client, account):
    grid, kept = _grid(referenced=False)
    others = set(Component.objects.filter(grid_id=grid).exclude(pk=kept.pk).values_list("pk", flat=True))
    _, token = account("grid_member", grids=[grid])
    answer = upload(client, token, geojson_bytes([_row(kept)]), "grid.geojson", delete_missing="true")
    report = answer.json()
    assert report["counts"]["unchanged"] == 1 and report["counts"]["deletions"] == len(others)
    assert {d["featureId"] for d in report["deletions"]} == others
    done = commit(client, token, report["id"])
    assert done.status_code == 200, done.content
    assert not Component.objects.filter(pk__in=others).exists() and Component.objects.filter(pk=kept.pk).exists()
    gone = feature_history(get_layer("components"), min(others))[0]
    assert (gone.operation, gone.path) == ("delete", "import")


def test_a_row_the_database_refuses_at_commit_leaves_nothing_written_and_is_named(client, editor, points):
    _, token = editor
    points[0]["state"] = "damaged"
    report = upload(client, token, geojson_bytes(points), "a.geojson").json()
    assert report["counts"]["adds"] == 2
    taken = Component.objects.get(pk=points[0]["id"])
    Component.objects.create(code=points[3]["code"], category_id=taken.category_id, name="先到", grid_id=taken.grid_id,
                             supervising_department="x", owner_department="x", maintainer_department="x",
                             geom=taken.geom)
    refused = commit(client, token, report["id"])
    assert refused.status_code == 409, refused.content
    body = refused.json()
    assert body["code"] == "InvalidRows" and body["description"].startswith("Nothing was imported")
    assert [row["row"] for row in body["rows"]] == [4]
    assert Component.objects.get(pk=points[0]["id"]).state != "damaged"
    assert not Component.objects.filter(code=points[2]["code"]).exists()
    assert Import.objects.get(pk=report["id"]).state == "failed"


def test_deleting_a_feature_an_incident_names_fails_whole(client, editor):
    grid, kept = _grid(referenced=True)
    count = Component.objects.filter(grid_id=grid).count()
    _, token = editor
    rows = [_row(kept)]
    rows[0]["state"] = "missing" if kept.state != "missing" else "intact"
    report = upload(client, token, geojson_bytes(rows), "a.geojson", delete_missing="true").json()
    total = Component.objects.count()
    refused = commit(client, token, report["id"])
    assert refused.status_code == 409, refused.content
    assert refused.json()["rows"] and refused.json()["rows"][0]["row"] is None
    assert Component.objects.count() == total and Component.objects.get(pk=kept.pk).state == kept.state
    assert Component.objects.filter(grid_id=grid).count() == count


def test_a_feature_changed_since_the_dry_run_stops_the_commit(client, editor, points):
    _, token = editor
    points[0]["state"] = "damaged"
    report = upload(client, token, geojson_bytes(points), "a.geojson").json()
    Component.objects.filter(pk=points[0]["id"]).update(name="别人改了")
    refused = commit(client, token, report["id"])
    assert refused.status_code == 409
    assert [(row["row"], row["reason"]) for row in refused.json()["rows"]] == [(1, "changed since the dry run")]
    assert Component.objects.get(pk=points[0]["id"]).state != "damaged"


def test_a_feature_deleted_since_the_dry_run_stops_the_commit(client, editor, points):
    _, token = editor
    points[0]["state"] = "damaged" if points[0]["state"] != "damaged" else "intact"
    points[1]["name"] = "改了名"
    report = upload(client, token, geojson_bytes(points), "a.geojson").json()
    assert report["counts"]["updates"] == 2
    Incident.objects.filter(component_id=points[0]["code"]).update(component=None)
    Component.objects.filter(pk=points[0]["id"]).delete()
    refused = commit(client, token, report["id"])
    assert refused.status_code == 409, refused.content
    assert "changed or deleted by another edit since its dry run" in refused.json()["description"]
    assert [(row["row"], row["reason"]) for row in refused.json()["rows"]] == [(1, "changed since the dry run")]
    assert Component.objects.get(pk=points[1]["id"]).name != "改了名"
    assert not Component.objects.filter(code=points[2]["code"]).exists()
    assert Import.objects.get(pk=report["id"]).state == "failed"


def test_match_none_only_adds(client, editor, points):
    report = upload(client, editor[1], geojson_bytes(points), "a.geojson", match="none").json()
    assert report["counts"]["adds"] == 2 and report["counts"]["invalid"] == 2
    assert report["invalid"][0]["reason"] == f"code {points[0]['code']} exists already in the collection (match=none only adds)"
