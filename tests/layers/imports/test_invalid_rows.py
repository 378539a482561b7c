"""Every invalid row of a dry run is listed with its row number and reason, and an import with invalid rows cannot
be committed (409 naming them; nothing written). Rights: a department handler's rows of another department, and a
caller without write rights at all (403 at upload)."""
from __future__ import annotations

import json

from layers.models import Component

from .conftest import FIELDS, commit, upload


def _feature(row: dict, geometry: dict, **changes) -> dict:
    return {"type": "Feature", "properties": {**{f: row[f] for f in FIELDS}, **changes}, "geometry": geometry}


def _point(row: dict) -> dict:
    return {"type": "Point", "coordinates": [row["lon"], row["lat"]]}


def _file(features: list[dict]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode("utf-8")


def test_each_invalid_row_is_listed_with_its_number_and_reason(client, editor, points):
    _, token = editor
    new = points[2]
    x, y = new["lon"], new["lat"]
    bowtie = {"type": "Polygon", "coordinates": [[[x, y], [x + 1e-3, y + 1e-3], [x + 1e-3, y], [x, y + 1e-3], [x, y]]]}
    features = [
        _feature(points[0], _point(points[0]), state="damaged"),                      # 1: a valid update
        _feature(new, bowtie),                                                        # 2
        _feature(new, {"type": "Point", "coordinates": [110.0, 30.0]}, code=points[3]["code"]),  # 3
        _feature(new, {"type": "LineString", "coordinates": [[x, y], [x + 1e-4, y]]},
                 code=new["code"][:-1] + "8"),                                        # 4
        _feature(new, _point(new), code="12345"),                                     # 5
        _feature(new, _point(new), code=new["code"][:-1] + "7", category_code="9999"),  # 6
        _feature(new, _point(new), code=new["code"][:-1] + "6", state="gone"),          # 7
        _feature(points[1], _point(points[1])),                                       # 8
        _feature(points[1], _point(points[1]), name="twice"),                         # 9
    ]
    answer = upload(client, token, _file(features), "bad.geojson")
    assert answer.status_code == 201, answer.content
    report = answer.json()
    reasons = {row["row"]: row["reason"] for row in report["invalid"]}
    assert report["counts"]["invalid"] == len(reasons) == 8
    assert reasons[2].startswith("geometry invalid: Self-intersection at (")
    assert reasons[3].startswith("geometry outside the county")
    assert reasons[4].startswith("wrong geometry kind: a feature of category") and "LINESTRING" in reasons[4]
    assert reasons[5].startswith("code:")
    assert reasons[6].startswith("category_code:") and "no component category has this code" in reasons[6]
    assert reasons[7].startswith("state:")
    assert reasons[8] == reasons[9] == f"code {points[1]['code']} appears on rows 8, 9 of the file"
    assert [u["row"] for u in report["updates"]] == [1]

    refused = commit(client, token, report["id"])
    assert refused.status_code == 409 and refused.json()["code"] == "InvalidRows"
    assert [row["row"] for row in refused.json()["rows"]] == [2, 3, 4, 5, 6]
    assert Component.objects.get(pk=points[0]["id"]).state == points[0]["state"]


def _other_department(row: dict) -> dict:
    """A point component neither owned nor maintained by ``row``'s owner department, as a file row."""
    department = row["owner_department"]
    other = Component.objects.extra(where=["GeometryType(geom) = 'POINT'"]).exclude(owner_department=department) \
        .exclude(maintainer_department=department).order_by("pk").first()
    return {**{f: getattr(other, Component._meta.get_field(f if f != "category_code" else "category").attname)
               for f in FIELDS}, "lon": other.geom.x, "lat": other.geom.y}


def test_a_department_handler_updates_its_own_rows_only(client, account, points):
    mine, theirs = points[0], _other_department(points[0])
    _, token = account("department", department=mine["owner_department"])
    features = [_feature(mine, _point(mine), state="damaged"), _feature(theirs, _point(theirs), state="damaged"),
                _feature(mine, _point(mine), code=points[2]["code"])]
    answer = upload(client, token, _file(features), "mine.geojson")
    assert answer.status_code == 201, answer.content
    reasons = {row["row"]: row["reason"] for row in answer.json()["invalid"]}
    assert set(reasons) == {2, 3}
    assert reasons[2].startswith("no write right: the feature is not one of the rows whose")
    assert reasons[3].startswith("no write right: a new feature needs code")
    assert [u["row"] for u in answer.json()["updates"]] == [1]


def test_a_keeper_field_changed_by_a_scoped_writer_is_an_invalid_row(client, account, points):
    mine = points[0]
    _, token = account("department", department=mine["owner_department"])
    features = [_feature(mine, _point(mine), supervising_department="别的部门")]
    reasons = [row["reason"] for row in upload(client, token, _file(features), "keeper.geojson").json()["invalid"]]
    assert reasons == ["no write right: your role may not change supervising_department"]


def test_a_caller_who_may_not_write_the_collection_is_403_at_upload(client, account, points):
    _, token = account("leader")
    answer = upload(client, token, _file([_feature(points[0], _point(points[0]))]), "x.geojson")
    assert answer.status_code == 403 and answer.json()["parameter"] == "collection"


def test_coordinates_outside_their_crs_make_their_row_invalid(client, editor, points):
    features = [_feature(points[2], {"type": "Point", "coordinates": [200.0, 37.8]}),
                _feature(points[3], _point(points[3]))]
    report = upload(client, editor[1], _file(features), "far.geojson").json()
    assert [(row["row"], row["reason"][:24]) for row in report["invalid"]] == [(1, "coordinates not in CRS84")]
    assert [row["row"] for row in report["adds"]] == [2]


def test_a_layer_of_one_geometry_type_takes_a_single_part_multi_and_refuses_other_kinds(client, editor):
    from layers.models import Facility

    one, two = Facility.objects.order_by("pk")[:2]
    rows = [{"code": f.code, "name": f.name + "（新）", "kind": f.kind, "capacity": 120} for f in (one, two)]
    features = [
        {"type": "Feature", "properties": rows[0],
         "geometry": {"type": "MultiPoint", "coordinates": [[one.geom.x, one.geom.y]]}},
        {"type": "Feature", "properties": rows[1],
         "geometry": {"type": "LineString", "coordinates": [[two.geom.x, two.geom.y], [two.geom.x + 1e-4, two.geom.y]]}},
    ]
    answer = upload(client, editor[1], _file(features), "facilities.geojson", collection="facilities")
    assert answer.status_code == 201, answer.content
    report = answer.json()
    assert [(u["row"], u["changed"]) for u in report["updates"]] == [(1, ["capacity", "name"])]
    assert report["invalid"] == [{"row": 2, "code": two.code,
                                  "reason": "wrong geometry kind: a LineString; the layer takes Point"}]
