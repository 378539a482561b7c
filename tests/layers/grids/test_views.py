"""``POST /api/grids/merge`` and ``/api/grids/split`` with real clients: the editor's token and If-Match with the
grids' ETags; the report as the answer; every refusal a JSON 4xx naming its cause, nothing changed."""
from __future__ import annotations

import json

import pytest

from layers.models import Building, Grid
from tests.accounts.conftest import account, bearer  # noqa: F401  (fixture)

from .conftest import cut_line


def _etags(client, headers, codes) -> str:
    tags = []
    for code in codes:
        answer = client.get(f"/ogc/collections/grids/items/{Grid.objects.get(code=code).pk}", **headers)
        assert answer.status_code == 200
        tags.append(answer["ETag"])
    return ", ".join(tags)


def _post(client, path, body, headers, if_match=None, content_type="application/json"):
    extra = {} if if_match is None else {"HTTP_IF_MATCH": if_match}
    return client.post(path, data=json.dumps(body), content_type=content_type, **headers, **extra)


def test_an_editor_merges_two_grids_and_gets_the_report(client, account, pair):
    _, token = account("gis_editor")
    headers = bearer(token)
    answer = _post(client, "/api/grids/merge", {"codes": list(pair)}, headers, _etags(client, headers, pair))
    assert answer.status_code == 200, answer.content
    report = answer.json()
    assert report["operation"] == "merge" and report["retired"] == list(pair)
    (created,) = report["created"]
    assert created["etag"] == f'"grids.{created["id"]}.1"'
    assert report["moved"]["buildings"]["moved"] == Building.objects.filter(grid_id=created["code"]).count() > 0
    assert report["movedTotal"] == sum(layer["moved"] for layer in report["moved"].values())
    fetched = client.get(f"/ogc/collections/grids/items/{created['id']}", **headers)
    assert fetched.status_code == 200 and fetched["ETag"] == created["etag"]
    history = client.get(f"/ogc/collections/grids/items/{created['id']}/history", **headers)
    assert history.status_code == 200, history.content
    assert [(v["operation"], v["path"]) for v in history.json()["versions"]] == [("insert", "api")]


def test_an_editor_splits_a_grid_by_a_line_in_another_crs(client, account, busy_grid):
    _, token = account("gis_editor")
    headers = bearer(token)
    line = json.loads(cut_line(busy_grid).geojson)
    line["coordinates"] = [[lat, lon] for lon, lat in line["coordinates"]]  # EPSG:4490 is latitude first
    answer = client.post("/api/grids/split", data=json.dumps({"code": busy_grid, "by": line}),
                         content_type="application/json", HTTP_IF_MATCH=_etags(client, headers, [busy_grid]),
                         HTTP_CONTENT_CRS="<http://www.opengis.net/def/crs/EPSG/0/4490>", **headers)
    assert answer.status_code == 200, answer.content
    assert len(answer.json()["created"]) == 2
    assert not Grid.objects.filter(code=busy_grid).exists()


def test_a_stale_etag_is_412_and_a_missing_one_428(client, account, pair):
    _, token = account("gis_editor")
    headers = bearer(token)
    tags = _etags(client, headers, pair)
    stale = tags.replace('.0"', '.9"') if '.0"' in tags else tags.replace('"grids.', '"grids.9')
    answer = _post(client, "/api/grids/merge", {"codes": list(pair)}, headers, stale)
    assert answer.status_code in (412, 428) and answer.json()["parameter"] == "If-Match"
    answer = _post(client, "/api/grids/merge", {"codes": list(pair)}, headers)
    assert answer.status_code == 428 and answer.json()["parameter"] == "If-Match"
    first_only = tags.split(",")[0]
    answer = _post(client, "/api/grids/merge", {"codes": list(pair)}, headers, first_only)
    assert answer.status_code == 428
    assert Grid.objects.filter(code__in=pair).count() == 2


def test_a_stale_etag_of_a_changed_grid_is_412(client, account, pair):
    _, token = account("gis_editor")
    headers = bearer(token)
    tags = _etags(client, headers, pair)
    grid = Grid.objects.get(code=pair[0])
    url = f"/ogc/collections/grids/items/{grid.pk}"
    changed = client.patch(url, data=json.dumps({"properties": {"grid_leader": "王伟"}}),
                           content_type="application/merge-patch+json", HTTP_IF_MATCH=client.get(url, **headers)["ETag"],
                           **headers)
    assert changed.status_code == 200, changed.content
    answer = _post(client, "/api/grids/merge", {"codes": list(pair)}, headers, tags)
    assert answer.status_code == 412 and answer.json()["parameter"] == "If-Match"


@pytest.mark.parametrize("role, status", [("grid_member", 403), ("leader", 403), ("api_client", 403)])
def test_only_editors_and_admins_may(client, account, pair, role, status):
    _, token = account(role, grids=list(pair) if role == "grid_member" else ())
    headers = bearer(token)
    answer = _post(client, "/api/grids/merge", {"codes": list(pair)}, headers, '"grids.1.0"')
    assert answer.status_code == status and answer.json()["code"]


def test_anonymous_is_401(client, pair):
    answer = _post(client, "/api/grids/merge", {"codes": list(pair)}, {}, '"grids.1.0"')
    assert answer.status_code == 401


@pytest.mark.parametrize("path, body, parameter", [
    ("/api/grids/merge", {"codes": "140321100001001"}, "codes"),
    ("/api/grids/merge", {"codes": ["140321100001001"]}, "codes"),
    ("/api/grids/merge", {"codes": ["14032110000100x", "140321100001002"]}, "codes[0]"),
    ("/api/grids/merge", {"codes": ["140321100001001", "140321100001002"], "newCode": 7}, "newCode"),
    ("/api/grids/merge", {"codes": ["140321100001001", "140321100001002"], "colour": "red"}, "body.colour"),
    ("/api/grids/merge", {}, "codes"),
    ("/api/grids/split", {"code": "140321100001001"}, "by"),
    ("/api/grids/split", {"code": "140321100001001", "by": {"type": "Point", "coordinates": [113.6, 37.8]}}, "by"),
    ("/api/grids/split", {"code": "140321100001001", "by": [{"type": "Polygon", "coordinates": [
        [[113.6, 37.8], [113.7, 37.9], [113.7, 37.8], [113.6, 37.9], [113.6, 37.8]]]}] * 2}, "by[0]"),
    ("/api/grids/split", {"code": "140321100001001", "by": {"type": "LineString", "coordinates": [
        [113.6, 37.8], [113.6, 37.8]]}}, "by"),
    ("/api/grids/split", {"code": "140321100001001", "by": [{"type": {}}, {"type": []}]}, "by[0]"),
])
def test_a_malformed_body_is_400_naming_the_member(client, account, path, body, parameter):
    _, token = account("gis_editor")
    answer = _post(client, path, body, bearer(token), '"grids.1.0"')
    assert answer.status_code == 400, answer.content
    assert answer.json()["parameter"] == parameter


def test_not_json_is_415_and_bad_json_400(client, account):
    _, token = account("gis_editor")
    answer = client.post("/api/grids/merge", data="codes=1", content_type="application/x-www-form-urlencoded",
                         HTTP_IF_MATCH='"grids.1.0"', **bearer(token))
    assert answer.status_code == 415
    answer = client.post("/api/grids/merge", data="{", content_type="application/json", HTTP_IF_MATCH='"grids.1.0"',
                         **bearer(token))
    assert answer.status_code == 400 and answer.json()["parameter"] == "body"


def test_a_split_leaving_a_gap_is_409_with_the_place(client, account, busy_grid):
    _, token = account("gis_editor")
    headers = bearer(token)
    xmin, ymin, xmax, ymax = Grid.objects.get(code=busy_grid).geom.extent
    middle = (xmin + xmax) / 2

    def box(x0, x1):
        return {"type": "Polygon", "coordinates": [[[x0, ymin - 0.01], [x1, ymin - 0.01], [x1, ymax + 0.01],
                                                    [x0, ymax + 0.01], [x0, ymin - 0.01]]]}

    body = {"code": busy_grid, "by": [box(xmin - 0.01, middle - 0.001), box(middle, xmax + 0.01)]}
    answer = _post(client, "/api/grids/split", body, headers, _etags(client, headers, [busy_grid]))
    assert answer.status_code == 409, answer.content
    assert answer.json()["code"] == "TopologyViolation" and answer.json()["topology"]["kind"] == "gap"
    assert Grid.objects.filter(code=busy_grid).exists()


def test_get_is_405(client, account):
    _, token = account("gis_editor")
    assert client.get("/api/grids/merge", **bearer(token)).status_code == 405
