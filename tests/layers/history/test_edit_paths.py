"""The history of edits made through the feature API: deleted features listed and restorable, the ETag the history
gives, a collection as of an instant before a deletion and after a restore, the extent refreshed by an edit, and
reports recorded with their path and author."""
from __future__ import annotations

import datetime as dt
import json

from django.db import connection
from django.utils import timezone

from layers.models import Component
from layers.registry import get_layer
from layers.selectors import layer_extent
from tests.accounts.conftest import account, bearer  # noqa: F401  (fixtures)


def item_url(fid):
    return f"/ogc/collections/components/items/{fid}"


def last_history(layer, fid):
    with connection.cursor() as cursor:
        cursor.execute("SELECT version, operation, path, actor_id FROM layers_history WHERE layer = %s AND"
                       " feature_id = %s ORDER BY version DESC LIMIT 1", [layer, fid])
        return cursor.fetchone()


def backdate(seconds: int) -> None:
    """Moves every history row of this test's transaction into the past (changed_at is the transaction's start)."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE layers_history SET changed_at = changed_at - make_interval(secs => %s)"
                       " WHERE txid = txid_current()", [seconds])


def test_a_deleted_feature_is_listed_with_the_etag_that_restores_it(client, account):
    _, token = account("gis_editor")
    headers = bearer(token)
    target = Component.objects.order_by("pk")[5]
    etag = client.get(item_url(target.pk), **headers)["ETag"]
    assert client.delete(item_url(target.pk), HTTP_IF_MATCH=etag, **headers).status_code == 204

    history = client.get(item_url(target.pk) + "/history", **headers).json()
    assert history["deleted"] is True and history["versions"][0]["operation"] == "delete"
    listed = client.get("/ogc/collections/components/deleted", **headers).json()["deleted"]
    entry = next(item for item in listed if item["featureId"] == target.pk)
    assert entry["etag"] == history["etag"]
    assert entry["links"][1]["href"].endswith(item_url(target.pk) + "/restore")

    stale = client.post(item_url(target.pk) + "/restore", HTTP_IF_MATCH=etag, **headers)
    assert stale.status_code == 412
    restored = client.post(item_url(target.pk) + "/restore", HTTP_IF_MATCH=entry["etag"], **headers)
    assert restored.status_code == 200
    assert restored.json()["properties"]["code"] == target.code
    listed = client.get("/ogc/collections/components/deleted", **headers).json()["deleted"]
    assert target.pk not in [item["featureId"] for item in listed]
    again = client.post(item_url(target.pk) + "/restore", HTTP_IF_MATCH=restored["ETag"], **headers)
    assert again.status_code == 409
    assert client.get("/ogc/collections/components/deleted").status_code == 401


def test_as_of_sees_a_feature_before_its_deletion_and_not_between_deletion_and_restore(client, account):
    _, token = account("gis_editor")
    headers = bearer(token)
    target = Component.objects.order_by("pk")[6]
    with connection.cursor() as cursor:  # the seeded county was made three hours ago
        cursor.execute("UPDATE layers_history SET changed_at = changed_at - interval '3 hours' WHERE layer = 'components'")
    etag = client.get(item_url(target.pk), **headers)["ETag"]
    deleted = client.delete(item_url(target.pk), HTTP_IF_MATCH=etag, **headers)
    backdate(3600)  # the deletion happened an hour ago
    client.post(item_url(target.pk) + "/restore", HTTP_IF_MATCH=deleted["ETag"], **headers)
    now = timezone.now()

    def present(at: dt.datetime) -> bool:
        instant = at.isoformat().replace("+00:00", "Z")
        page = client.get(f"/ogc/collections/components/as-of/{instant}/items?limit=10000", **headers).json()
        return target.pk in [feature["id"] for feature in page["features"]]

    assert present(now - dt.timedelta(minutes=90))  # before the deletion
    assert not present(now - dt.timedelta(minutes=30))  # deleted, not yet restored
    assert present(now)


def test_an_edit_refreshes_the_collection_extent(client, account):
    _, token = account("gis_editor")
    headers = bearer(token)
    layer = get_layer("components")
    before = layer_extent(layer=layer).bbox
    target = Component.objects.order_by("pk")[7]
    far_east = before[2] + 0.01
    etag = client.get(item_url(target.pk), **headers)["ETag"]
    kind = target.geom.geom_type
    if kind != "Point":
        target = Component.objects.extra(where=["GeometryType(geom) = 'POINT'"]).order_by("pk")[7]
        etag = client.get(item_url(target.pk), **headers)["ETag"]
    answer = client.patch(item_url(target.pk), data=json.dumps({"geometry": {"type": "Point", "coordinates": [
        far_east, target.geom.y]}}), content_type="application/merge-patch+json", HTTP_IF_MATCH=etag, **headers)
    assert answer.status_code == 200, answer.content
    assert layer_extent(layer=layer).bbox[2] == far_east
    document = client.get("/ogc/collections/components").json()
    assert document["extent"]["spatial"]["bbox"][0][2] == far_east


def test_a_report_is_recorded_with_its_path_and_author(client, account):
    user, token = account("grid_member")
    from layers.models import Grid

    point = Grid.objects.order_by("code").first().geom.point_on_surface
    body = {"location": {"lon": point.x, "lat": point.y, "crs": "EPSG:4490"}, "event_class": None,
            "description": "井盖破损", "source": "grid_member_app", "reporter": {"name": "网格员", "role": "grid_member"}}
    from layers.models import EventClass

    body["event_class"] = EventClass.objects.order_by("code").first().code
    answer = client.post("/api/reports", data=json.dumps(body), content_type="application/json", **bearer(token))
    assert answer.status_code in (200, 201), answer.content
    from layers.models import Incident

    incident = Incident.objects.order_by("-pk").first()
    version, operation, path, actor_id = last_history("incidents", incident.pk)
    assert (operation, path, actor_id) == ("insert", "report", user.pk)


def test_as_of_geometries_are_plain_geojson(client, account):
    _, token = account("leader")
    instant = timezone.now().isoformat().replace("+00:00", "Z")
    page = client.get(f"/ogc/collections/components/as-of/{instant}/items?limit=2", **bearer(token))
    geometry = page.json()["features"][0]["geometry"]
    assert set(geometry) == {"type", "coordinates"}
