"""Rows of a file equal to their features are not written by the commit: no history row, the row not rewritten
(its xmin stays), no cached tile around it dropped, and a file that changes nothing leaves the
layer's tile version as it was."""
from __future__ import annotations

from django.contrib.gis.geos import Polygon
from django.db import connection

from layers.history.selectors import feature_history
from layers.models import Component
from layers.registry import get_layer
from tiles.models import LayerVersion, TileCache

from .conftest import commit, geojson_bytes, upload

TILE_SIDE_DEG = 1e-5
"""A cached tile's envelope around one feature: smaller than the distance (5e-5 degrees) of the new rows beside it."""


def _cached_around(row: dict, x: int) -> TileCache:
    lon, lat, half = row["lon"], row["lat"], TILE_SIDE_DEG / 2
    env = Polygon.from_bbox((lon - half, lat - half, lon + half, lat + half))
    env.srid = 4490
    return TileCache.objects.create(tileset="components", audience="public", z=22, x=x, y=0, etag=f"e{x}",
                                    body=b"", size=0, env=env)


def _row_versions(rows: list[dict]) -> list[str]:
    """The transaction id that wrote each feature's row as it is now (a new one when the row is rewritten)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, xmin::text FROM layers_component WHERE id = ANY (%s)", [[r["id"] for r in rows]])
        written = dict(cursor.fetchall())
    return [written[r["id"]] for r in rows]


def test_an_unchanged_row_gets_no_history_no_write_and_keeps_its_cached_tile(client, editor, points):
    _, token = editor
    points[1]["name"] = "改名的井盖"
    kept, dropped = _cached_around(points[0], 1), _cached_around(points[1], 2)
    layer = get_layer("components")
    versions_before = len(feature_history(layer, points[0]["id"]))
    before = Component.objects.get(pk=points[0]["id"])
    rows_before = _row_versions(points[:2])

    report = upload(client, token, geojson_bytes(points), "survey.geojson").json()
    assert report["counts"] == {"rows": 4, "adds": 2, "updates": 1, "unchanged": 1, "deletions": 0, "invalid": 0}
    done = commit(client, token, report["id"])
    assert done.status_code == 200, done.content

    assert [u["featureId"] for u in done.json()["result"]["versions"]["update"]] == [points[1]["id"]]
    assert len(feature_history(layer, points[0]["id"])) == versions_before
    assert feature_history(layer, points[1]["id"])[0].path == "import"
    rows_after = _row_versions(points[:2])
    assert rows_after[0] == rows_before[0] and rows_after[1] != rows_before[1]
    assert Component.objects.get(pk=points[0]["id"]).updated_at == before.updated_at
    assert TileCache.objects.filter(pk=kept.pk).exists()
    assert not TileCache.objects.filter(pk=dropped.pk).exists()


def test_a_file_that_changes_nothing_writes_nothing(client, editor, points):
    _, token = editor
    same = points[:2]
    cached = _cached_around(same[0], 3)
    layer = get_layer("components")
    version = LayerVersion.objects.get(layer="components").version
    histories = [len(feature_history(layer, row["id"])) for row in same]
    rows_before = _row_versions(same)

    report = upload(client, token, geojson_bytes(same), "survey.geojson").json()
    assert report["counts"] == {"rows": 2, "adds": 0, "updates": 0, "unchanged": 2, "deletions": 0, "invalid": 0}
    done = commit(client, token, report["id"])
    assert done.status_code == 200, done.content

    assert done.json()["result"] == {"added": 0, "updated": 0, "deleted": 0,
                                     "versions": {"insert": [], "update": [], "delete": []}}
    assert [len(feature_history(layer, row["id"])) for row in same] == histories
    assert _row_versions(same) == rows_before
    assert LayerVersion.objects.get(layer="components").version == version
    assert TileCache.objects.filter(pk=cached.pk).exists()
