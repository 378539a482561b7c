"""OGC API - Features Part 4 on the seeded county: create, replace, patch, delete, revert and restore, with ETags,
If-Match, Content-Crs, validation and the history each edit leaves."""
from __future__ import annotations

import json

import pytest
from django.db import connection

from layers.editing.geometry import parse_geometry
from layers.models import Component, Grid, Incident
from spatial.chinese import wgs84_to_gcj02
from spatial.crs import resolve_crs
from spatial.transform import transform_xy
from tests.accounts.conftest import account, bearer  # noqa: F401  (fixtures)

ITEMS = "/ogc/collections/components/items"
MERGE = "application/merge-patch+json"


@pytest.fixture
def editor(account):
    user, token = account("gis_editor")
    return user, bearer(token)


def item_url(fid, collection="components"):
    return f"/ogc/collections/{collection}/items/{fid}"


def get(client, fid, headers, collection="components"):
    answer = client.get(item_url(fid, collection), **headers)
    assert answer.status_code == 200, answer.content
    return answer


def patch(client, fid, body, headers, etag, content_type=MERGE, collection="components", **extra):
    more = {"HTTP_IF_MATCH": etag} if etag is not None else {}
    return client.patch(item_url(fid, collection), data=json.dumps(body), content_type=content_type,
                        **headers, **more, **extra)


def history(fid, layer="components"):
    with connection.cursor() as cursor:
        cursor.execute("SELECT version, operation, path, actor_name FROM layers_history WHERE layer = %s AND"
                       " feature_id = %s ORDER BY version", [layer, fid])
        return cursor.fetchall()


def component():
    return Component.objects.filter(geom__isnull=False).extra(where=["GeometryType(geom) = 'POINT'"]).order_by("pk")[3]


def test_get_answers_an_etag_that_a_patch_needs_and_changes(client, editor):
    user, headers = editor
    target = component()
    first = get(client, target.pk, headers)
    etag = first["ETag"]
    assert etag.startswith('"components.') and etag.endswith('"')
    assert client.get(item_url(target.pk), HTTP_IF_NONE_MATCH=etag).status_code == 304

    missing = patch(client, target.pk, {"properties": {"state": "damaged"}}, headers, None)
    assert missing.status_code == 428 and missing.json()["parameter"] == "If-Match"

    new_state = "damaged" if target.state != "damaged" else "missing"
    changed = patch(client, target.pk, {"properties": {"state": new_state}}, headers, etag)
    assert changed.status_code == 200, changed.content
    assert changed["ETag"] != etag
    assert changed.json()["properties"]["state"] == new_state
    target.refresh_from_db()
    assert target.state == new_state

    stale = patch(client, target.pk, {"properties": {"state": "intact"}}, headers, etag)
    assert stale.status_code == 412 and stale.json()["code"] == "PreconditionFailed"
    target.refresh_from_db()
    assert target.state == new_state  # nothing changed
    latest = history(target.pk)[-1]
    assert latest[1:] == ("update", "api", user.username)
    assert get(client, target.pk, headers)["ETag"] == changed["ETag"]


def test_create_answers_201_with_location_and_snaps_the_grid(client, editor):
    _, headers = editor
    template = component()
    lon, lat = template.geom.x, template.geom.y
    code = template.code[:10] + "999999"
    body = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"code": code, "category_code": template.category_id, "name": "新井盖",
                           "supervising_department": "住建局", "owner_department": "自来水公司",
                           "maintainer_department": "自来水公司", "grid_code": "ignored-derived"}}
    answer = client.post(ITEMS, data=json.dumps(body), content_type="application/geo+json", **headers)
    assert answer.status_code == 201, answer.content
    assert answer["Location"].endswith(item_url(answer.json()["id"]))
    created = Component.objects.get(code=code)
    assert created.grid_id == template.grid_id
    assert created.state == "intact"  # the default
    assert history(created.pk)[0][1:3] == ("insert", "api")
    again = client.post(ITEMS, data=json.dumps(body), content_type="application/geo+json", **headers)
    assert again.status_code == 409 and again.json()["parameter"] == "properties.code"


@pytest.mark.parametrize("crs_key", ["EPSG:4490", "EPSG:4547", "EPSG:4526", "EPSG:3857", "GCJ02", "BD09", "CRS84"])
def test_a_moved_geometry_in_any_content_crs_lands_where_it_was_meant(client, editor, crs_key):
    _, headers = editor
    target = component()
    crs = resolve_crs(crs_key)
    lon, lat = target.geom.x + 0.0003, target.geom.y + 0.0002
    x, y = transform_xy(lon, lat, src=resolve_crs("EPSG:4490"), dst=crs)
    from spatial.crs import to_axis_order
    a, b = to_axis_order(float(x), float(y), crs)
    etag = get(client, target.pk, headers)["ETag"]
    answer = patch(client, target.pk, {"geometry": {"type": "Point", "coordinates": [a, b]}}, headers, etag,
                   HTTP_CONTENT_CRS=f"<{crs.uri}>")
    assert answer.status_code == 200, answer.content
    target.refresh_from_db()
    assert target.geom.x == pytest.approx(lon, abs=1e-7) and target.geom.y == pytest.approx(lat, abs=1e-7)


def test_a_move_re_snaps_the_grid(client, editor):
    _, headers = editor
    target = component()
    other = Grid.objects.exclude(code=target.grid_id).order_by("code").first()
    inside = other.geom.point_on_surface
    etag = get(client, target.pk, headers)["ETag"]
    answer = patch(client, target.pk, {"geometry": {"type": "Point", "coordinates": [inside.x, inside.y]}}, headers, etag)
    assert answer.status_code == 200, answer.content
    target.refresh_from_db()
    assert target.grid_id == other.code


def test_bad_writes_are_4xx_naming_what_was_wrong_and_change_nothing(client, editor):
    _, headers = editor
    target = component()
    etag = get(client, target.pk, headers)["ETag"]
    before = history(target.pk)
    cases = [
        ({"properties": {"colour": "red"}}, 400, "properties.colour"),
        ({"properties": {"state": "broken"}}, 400, "properties.state"),
        ({"properties": {"installed_on": "yesterday"}}, 400, "properties.installed_on"),
        ({"properties": {"name": None}}, 400, "properties.name"),
        ({"geometry": {"type": "LineString", "coordinates": [[0, 0]]}}, 400, "geometry"),
        ({"geometry": {"type": "Point", "coordinates": [116.4, 39.9]}}, 400, "geometry"),  # Beijing: not the county
        ({"geometry": {"type": "GeometryCollection", "geometries": []}}, 400, "geometry"),
        ({"geometry": None}, 400, "geometry"),
        ({"colour": 1}, 400, "body.colour"),
    ]
    for body, status, parameter in cases:
        answer = patch(client, target.pk, body, headers, etag)
        assert (answer.status_code, answer.json().get("parameter")) == (status, parameter), (body, answer.content)
    bowtie = {"type": "Polygon", "coordinates": [[[113.60, 37.79], [113.61, 37.80], [113.61, 37.79], [113.60, 37.80],
                                                 [113.60, 37.79]]]}
    from layers.models import Building

    building = Building.objects.order_by("pk").first()
    building_etag = get(client, building.pk, headers, "buildings")["ETag"]
    answer = patch(client, building.pk, {"geometry": bowtie}, headers, building_etag, collection="buildings")
    assert answer.status_code == 400 and answer.json()["code"] == "InvalidGeometry"
    assert "Self-intersection" in answer.json()["description"] and answer.json()["location"]["lonlat"]
    unknown_crs = patch(client, target.pk, {"properties": {"state": "damaged"}}, headers, etag,
                        HTTP_CONTENT_CRS="<http://www.opengis.net/def/crs/EPSG/0/2000>")
    assert unknown_crs.status_code == 400 and unknown_crs.json()["parameter"] == "Content-Crs"
    wrong_type = patch(client, target.pk, {"properties": {"state": "damaged"}}, headers, etag, content_type="text/plain")
    assert wrong_type.status_code == 415
    assert history(target.pk) == before


def test_anonymous_writes_are_401_and_a_leader_403(client, account):
    target = component()
    answer = client.patch(item_url(target.pk), data="{}", content_type=MERGE, HTTP_IF_MATCH='"x"')
    assert answer.status_code == 401 and answer["WWW-Authenticate"].startswith("Bearer")
    _, token = account("leader")
    etag = get(client, target.pk, bearer(token))["ETag"]
    answer = patch(client, target.pk, {"properties": {"state": "damaged"}}, bearer(token), etag)
    assert answer.status_code == 403
    assert client.options(item_url(target.pk), **bearer(token))["Allow"] == "GET, HEAD, OPTIONS"


def test_a_grid_member_keeps_only_its_own_grids_and_not_the_codes(client, account):
    target = component()
    _, token = account("grid_member", grids=[target.grid_id])
    headers = bearer(token)
    etag = get(client, target.pk, headers)["ETag"]
    assert client.options(item_url(target.pk), **headers)["Allow"] == "GET, HEAD, OPTIONS, PUT, PATCH, DELETE"
    refused = patch(client, target.pk, {"properties": {"code": target.code[:-1] + "7"}}, headers, etag)
    assert refused.status_code == 403 and refused.json()["parameter"] == "properties.code"
    elsewhere = Grid.objects.exclude(code=target.grid_id).order_by("code").first().geom.point_on_surface
    moved_out = patch(client, target.pk, {"geometry": {"type": "Point", "coordinates": [elsewhere.x, elsewhere.y]}},
                      headers, etag)
    assert moved_out.status_code == 403
    ok = patch(client, target.pk, {"properties": {"state": "occupied"}}, headers, etag)
    assert ok.status_code == 200
    other = Component.objects.exclude(grid_id=target.grid_id).order_by("pk").first()
    other_etag = get(client, other.pk, headers)["ETag"]
    assert patch(client, other.pk, {"properties": {"state": "occupied"}}, headers, other_etag).status_code == 403


def test_a_restricted_field_is_refused_to_an_editor_who_cannot_read_it(client, editor):
    _, headers = editor
    incident = Incident.objects.order_by("pk").first()
    etag = get(client, incident.pk, headers, "incidents")["ETag"]
    answer = patch(client, incident.pk, {"properties": {"reporter_phone": "13800000000"}}, headers, etag,
                   collection="incidents")
    assert answer.status_code == 403 and answer.json()["parameter"] == "properties.reporter_phone"


def test_delete_restore_and_revert_are_edits_in_the_history(client, editor):
    user, headers = editor
    target = component()
    original_state = target.state
    etag = get(client, target.pk, headers)["ETag"]
    changed = patch(client, target.pk, {"properties": {"state": "missing" if original_state != "missing" else "intact"}},
                    headers, etag)
    version_before_change = int(etag.strip('"').rsplit(".", 1)[1])
    deleted = client.delete(item_url(target.pk), HTTP_IF_MATCH=changed["ETag"], **headers)
    assert deleted.status_code == 204
    assert client.get(item_url(target.pk)).status_code == 404
    restored = client.post(item_url(target.pk) + "/restore", HTTP_IF_MATCH=deleted["ETag"], **headers)
    assert restored.status_code == 200, restored.content
    assert restored.json()["id"] == target.pk
    reverted = client.post(item_url(target.pk) + "/revert", data=json.dumps({"version": version_before_change}),
                           content_type="application/json", HTTP_IF_MATCH=restored["ETag"], **headers)
    assert reverted.status_code == 200, reverted.content
    assert reverted.json()["properties"]["state"] == original_state
    operations = [row[1] for row in history(target.pk)][-4:]
    assert operations == ["update", "delete", "insert", "update"]


def test_geometry_parsing_takes_gcj02_back_to_cgcs2000():
    lon, lat = 113.627, 37.795
    glon, glat = wgs84_to_gcj02(lon, lat)
    point = parse_geometry({"type": "Point", "coordinates": [glon, glat]}, crs=resolve_crs("GCJ02"), declared="Point")
    assert point.x == pytest.approx(lon, abs=1e-7) and point.y == pytest.approx(lat, abs=1e-7)


def test_a_component_keeps_the_geometry_kind_of_its_category(client, editor):
    _, headers = editor
    target = component()  # a point category
    etag = get(client, target.pk, headers)["ETag"]
    x, y = target.geom.x, target.geom.y
    line = {"type": "LineString", "coordinates": [[x, y], [x + 0.0005, y]]}
    answer = patch(client, target.pk, {"geometry": line}, headers, etag)
    assert answer.status_code == 400 and answer.json()["code"] == "InvalidGeometry"
    assert "point" in answer.json()["description"]
    lines = Component.objects.extra(where=["GeometryType(geom) = 'LINESTRING'"]).order_by("pk").first()
    answer = patch(client, target.pk, {"properties": {"category_code": lines.category_id}}, headers, etag)
    assert answer.status_code == 400 and answer.json()["parameter"] == "geometry"
    answer = patch(client, target.pk, {"properties": {"category_code": lines.category_id}, "geometry": line},
                   headers, etag)
    assert answer.status_code == 200, answer.content


def test_a_412_carries_the_current_etag_and_options_the_accepted_bodies(client, editor):
    _, headers = editor
    target = component()
    etag = get(client, target.pk, headers)["ETag"]
    changed = patch(client, target.pk, {"properties": {"name": "改名"}}, headers, etag)
    stale = patch(client, target.pk, {"properties": {"name": "再改"}}, headers, etag)
    assert stale.status_code == 412 and stale["ETag"] == changed["ETag"]
    options = client.options(item_url(target.pk), **headers)
    assert options["Accept-Patch"] == "application/merge-patch+json, application/json"
    assert client.options(ITEMS, **headers)["Accept-Post"] == "application/geo+json, application/json"


def test_a_reference_to_nothing_names_the_property(client, editor):
    _, headers = editor
    target = component()
    etag = get(client, target.pk, headers)["ETag"]
    answer = patch(client, target.pk, {"properties": {"category_code": "9999"}}, headers, etag)
    assert answer.status_code == 400 and answer.json()["parameter"] == "properties.category_code"
    assert "has this code" in answer.json()["description"]


@pytest.mark.parametrize("kind", [{}, [], 7, None])
def test_a_geometry_type_that_is_not_a_name_is_400(kind):
    from layers.editing.geometry import InvalidGeometry

    with pytest.raises(InvalidGeometry):
        parse_geometry({"type": kind, "coordinates": [113.6, 37.8]}, crs=resolve_crs("CRS84"), declared="Point")
