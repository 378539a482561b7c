"""The history over the feature API: readable by history readers only; every existing read unchanged."""
import datetime as dt
import json

import pytest
from django.db import connection
from django.test import RequestFactory

from accounts.principal import Principal
from layers.errors import ApiError
from layers.models import Component
from layers.ogc import views

EDITOR = Principal(user_id=7, roles={"gis_editor"})
LEADER = Principal(user_id=8, roles={"leader"})
MEMBER = Principal(user_id=9, roles={"grid_member"}, grids={"140321100001001"})


def answer(principal, path, view, **kwargs):
    """Calls ``view`` as ``principal`` (built directly: accounts do not authenticate yet): (status, JSON body)."""
    request = RequestFactory().get(path)
    request.principal = principal
    try:
        response = view(request, **kwargs)
    except ApiError as error:
        return error.status, error.as_dict()
    return response.status_code, json.loads(response.content)


def history_of(principal, fid, collection="components"):
    path = f"/ogc/collections/{collection}/items/{fid}/history"
    return answer(principal, path, views.feature_history, collection_id=collection, feature_id=str(fid))


def test_an_editor_reads_the_versions_of_a_feature_newest_first(db):
    component = Component.objects.order_by("pk").first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pingding.path', 'api', true), set_config('pingding.actor_id', '7', true)")
        cursor.execute("UPDATE layers_component SET state = 'damaged' WHERE id = %s", [component.pk])
    status, body = history_of(EDITOR, component.pk)
    assert status == 200
    assert body["currentVersion"] == 2 and [v["version"] for v in body["versions"]] == [2, 1]
    latest = body["versions"][0]
    assert (latest["operation"], latest["path"], latest["actor"]["id"], latest["changedFields"]) == (
        "update", "api", 7, ["state"],
    )
    assert body["versions"][1]["operation"] == "insert"
    assert body["links"][0]["href"].endswith(f"/ogc/collections/components/items/{component.pk}/history")
    assert history_of(LEADER, component.pk)[0] == 200


def test_anonymous_and_other_roles_may_not_read_history(db, client):
    component = Component.objects.order_by("pk").first()
    response = client.get(f"/ogc/collections/components/items/{component.pk}/history")
    assert response.status_code == 401 and response.json()["code"] == "NotAuthenticated"
    assert response["WWW-Authenticate"] == 'Bearer realm="pingding"'
    assert history_of(MEMBER, component.pk)[0] == 403
    response = client.get("/ogc/collections/components/as-of/2026-01-01T00:00:00Z/items")
    assert response.status_code == 401
    assert client.get(f"/ogc/collections/components/items/{component.pk}").status_code == 200


def test_history_of_an_unknown_feature_or_collection_is_404_and_a_bad_id_400(db):
    assert history_of(EDITOR, 999_999_999)[0] == 404
    assert history_of(EDITOR, 1, collection="nothing")[0] == 404
    assert history_of(EDITOR, "x1")[0] == 400


def as_of(principal, instant, query=""):
    path = f"/ogc/collections/facilities/as-of/{instant}/items{query}"
    return answer(principal, path, views.as_of_items, collection_id="facilities", instant=instant)


def test_the_as_of_read_answers_a_feature_collection(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM layers_facility")
        (count,) = cursor.fetchone()
    status, body = as_of(EDITOR, dt.datetime.now(dt.timezone.utc).isoformat().replace("+00:00", "Z"))
    assert status == 200 and body["type"] == "FeatureCollection"
    assert body["numberReturned"] == count and body["features"][0]["geometry"]["type"] == "Point"


def test_the_as_of_read_pages_with_a_next_link(db):
    now = dt.datetime.now(dt.timezone.utc).isoformat().replace("+00:00", "Z")
    status, body = as_of(EDITOR, now, "?limit=2")
    assert status == 200 and body["numberReturned"] == 2
    (following,) = [link["href"] for link in body["links"] if link["rel"] == "next"]
    assert following.endswith("/items?limit=2&offset=2")


def test_before_history_began_the_collection_is_empty_and_a_future_instant_is_400(db):
    status, body = as_of(EDITOR, "2020-01-01", "?limit=2")
    assert status == 200 and body["numberReturned"] == 0
    status, body = as_of(EDITOR, "2099-01-01T00:00:00Z")
    assert status == 400 and body["parameter"] == "instant" and "future" in body["description"]


@pytest.mark.parametrize("instant", ["yesterday", "2024-13-01", "2024-01-01T25:00:00Z"])
def test_an_unparseable_instant_is_400(db, instant):
    status, body = as_of(EDITOR, instant)
    assert status == 400 and body["parameter"] == "instant"


def test_unknown_parameters_and_formats_are_400(db):
    status, body = as_of(EDITOR, "2024-01-01", "?bbox=1,2,3,4")
    assert status == 400 and body["parameter"] == "bbox"


def test_the_openapi_document_describes_both_routes(db, client):
    document = client.get("/ogc/api?f=json").json()
    history = document["paths"]["/collections/{collectionId}/items/{featureId}/history"]["get"]
    as_of_items = document["paths"]["/collections/{collectionId}/as-of/{instant}/items"]["get"]
    assert set(history["responses"]) >= {"200", "403", "404"} and "400" in as_of_items["responses"]
    assert [p.get("name") for p in as_of_items["parameters"]][1] == "instant"
    assert document["components"]["schemas"]["featureHistory"]["properties"]["versions"]
