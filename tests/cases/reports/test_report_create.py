"""``POST /api/reports``: a report becomes one incident, snapped to the right grid and routed by CJ/T 214."""
from __future__ import annotations

import hashlib
import io
import json

import pytest
from django.contrib.gis.geos import Point
from PIL import Image

from cases.models import IdempotencyKey, ReportDetail, ReportPhoto
from layers.models import Grid, Incident
from spatial.chinese import gcj02_to_wgs84, wgs84_to_gcj02

from .conftest import SEAT_GCJ02, data_file, event_body, grid_of_gcj02


def test_a_gcj02_report_from_a_retrying_phone_lands_once_in_the_right_grid(post_json, photos_root):
    """The phone sends the same report 5 times under one key: the first answer is lost (a simulated timeout:
    the client gave up reading), the retries replay it. One incident, in the grid the ORM finds independently."""
    body = event_body()
    before = Incident.objects.count()
    post_json(body, key="wx-7f3c2a9e-0001")  # the answer never reaches the phone
    answers = [post_json(body, key="wx-7f3c2a9e-0001") for _ in range(4)]

    assert Incident.objects.count() == before + 1
    assert {a.status_code for a in answers} == {201}
    assert all(a["Idempotent-Replayed"] == "true" for a in answers)
    assert len({a.content for a in answers}) == 1
    answer = answers[0].json()

    expected = grid_of_gcj02(*SEAT_GCJ02)
    incident = Incident.objects.get(pk=answer["id"])
    assert incident.grid_id == expected.code == answer["snap"]["grid"]["code"]
    assert incident.status == "reported" and incident.source == "public_app"
    assert incident.event_class_id == "0401" and incident.component_id is None
    assert incident.routed_to == f"网格 {expected.code} {expected.name}" == answer["routed_to"]
    assert answer["routing"]["rule"] == "territory"
    assert answer["routing"]["grid_member"] == expected.grid_member
    assert incident.reporter == "王小明" and incident.reporter_phone == "13903531234"

    wlon, wlat = gcj02_to_wgs84(*SEAT_GCJ02)
    assert incident.geom.srid == 4490
    assert incident.geom.x == pytest.approx(wlon, abs=1e-9) and incident.geom.y == pytest.approx(wlat, abs=1e-9)
    detail = ReportDetail.objects.get(incident=incident)
    assert (detail.crs, detail.x, detail.y, detail.accuracy_m) == ("GCJ02", *SEAT_GCJ02, 8.0)
    assert IdempotencyKey.objects.get(key="wx-7f3c2a9e-0001").incident_id == incident.pk


def test_the_answer_carries_the_snap(post_json):
    answer = post_json(event_body()).json()
    snap = answer["snap"]
    grid = Grid.objects.select_related("town", "community").get(code=snap["grid"]["code"])
    assert snap["town"] == {"code": grid.town.code, "name": grid.town.name}
    assert snap["community"] == {"code": grid.community.code, "name": grid.community.name}
    assert [r["role"] for r in snap["grid"]["roles"]] == ["grid_leader", "grid_member", "grid_assistant"]
    assert snap["grid"]["roles"][1]["name"] == grid.grid_member
    assert snap["nearest_address"]["full_text"].startswith("山西省阳泉市平定县")
    assert snap["nearest_address"]["distance_m"] >= 0
    assert isinstance(snap["components"], list)
    assert answer["code"].startswith("140321") and len(answer["code"]) == 19
    assert answer["location"]["crs"] == "EPSG:4490"
    assert answer["location"]["as_sent"] == {"crs": "GCJ02", "x": SEAT_GCJ02[0], "y": SEAT_GCJ02[1]}
    assert {link["rel"] for link in answer["links"]} == {"item", "alternate"}


def test_a_component_report_is_routed_to_the_owner(post_json, component_near_seat):
    component = component_near_seat
    lon, lat = wgs84_to_gcj02(component.geom.x + 0.00005, component.geom.y)
    body = event_body(location={"lon": lon, "lat": lat, "crs": "GCJ02"}, component_code=component.code)
    del body["event_class"]
    response = post_json(body)
    assert response.status_code == 201, response.content
    answer = response.json()
    incident = Incident.objects.get(pk=answer["id"])
    assert incident.component_id == component.code
    assert incident.event_class_id is None
    assert incident.routed_to == component.owner_department == answer["routed_to"]
    assert answer["routing"]["rule"] == "component_owner"
    assert answer["routing"]["department"] == component.owner_department
    assert answer["component"]["code"] == component.code
    assert answer["component"]["distance_m"] == pytest.approx(4.4, abs=0.5)  # 0.00005 degrees of longitude
    assert incident.grid_id == grid_of_gcj02(lon, lat).code


def test_an_event_class_with_a_component_is_still_routed_to_the_owner(post_json, component_near_seat):
    body = event_body(
        location={"lon": component_near_seat.geom.x, "lat": component_near_seat.geom.y, "crs": "EPSG:4490"},
        event_class="0104", component_code=component_near_seat.code,
    )
    answer = post_json(body).json()
    incident = Incident.objects.get(pk=answer["id"])
    assert (incident.event_class_id, incident.component_id) == ("0104", component_near_seat.code)
    assert answer["routed_to"] == component_near_seat.owner_department


@pytest.mark.parametrize(
    "location",
    [
        {"lon": 113.6267, "lat": 37.7956, "crs": "EPSG:4490"},
        {"lon": 113.6267, "lat": 37.7956, "crs": "EPSG:4326"},
        {"lon": 113.6267, "lat": 37.7956, "crs": "CRS84"},
        {"lon": 113.6267, "lat": 37.7956},
        {"x": 113.6267, "y": 37.7956, "crs": "http://www.opengis.net/def/crs/EPSG/0/4490"},
    ],
    ids=["4490", "4326", "crs84", "default", "xy-uri"],
)
def test_geographic_crs_give_the_same_place(post_json, location):
    answer = post_json(event_body(location=location)).json()
    incident = Incident.objects.get(pk=answer["id"])
    assert (incident.geom.x, incident.geom.y) == pytest.approx((113.6267, 37.7956), abs=1e-9)
    assert incident.grid_id == Grid.objects.filter(geom__covers=Point(113.6267, 37.7956, srid=4490)).order_by("code")[0].code


@pytest.mark.parametrize("crs", ["EPSG:4547", "EPSG:4526", "EPSG:3857", "BD09"])
def test_projected_and_baidu_points_land_where_they_are(post_json, crs):
    """The same place sent in other CRSs (x = easting, y = northing) lands within a centimetre."""
    from spatial.crs import EPSG_4490, resolve_crs
    from spatial.transform import transform_xy

    info = resolve_crs(crs)
    x, y = transform_xy(113.6267, 37.7956, src=EPSG_4490, dst=info)
    location = {"lon": x, "lat": y, "crs": crs} if info.is_geographic else {"x": x, "y": y, "crs": crs}
    response = post_json(event_body(location=location))
    assert response.status_code == 201, response.content
    incident = Incident.objects.get(pk=response.json()["id"])
    assert (incident.geom.x, incident.geom.y) == pytest.approx((113.6267, 37.7956), abs=1e-7)


def test_incident_codes_follow_one_another_within_a_day(post_json):
    first = post_json(event_body()).json()["code"]
    second = post_json(event_body(description="又来了")).json()["code"]
    assert first[:14] == second[:14]
    assert int(second[14:]) == int(first[14:]) + 1


def test_photos_are_stored_after_commit_and_checked_by_content(post_multipart, photos_root, committing):
    photos = [
        ("IMG_0001.jpg", data_file("photo_16px.jpg"), "image/jpeg"),
        ("shot.png", data_file("png_with_transparency.png"), "application/octet-stream"),  # sniffed, not trusted
        ("shot.webp", data_file("photo_16px.webp"), "image/webp"),
    ]
    with committing():
        response = post_multipart(event_body(), photos)
    assert response.status_code == 201, response.content
    answer = response.json()
    rows = list(ReportPhoto.objects.filter(incident_id=answer["id"]).order_by("position"))
    # re-encoded: JPEG, or PNG for the one with transparency
    assert [r.content_type for r in rows] == ["image/jpeg", "image/png", "image/jpeg"]
    for row in rows:
        stored = photos_root / row.path
        data = stored.read_bytes()
        assert row.bytes == len(data)
        assert row.sha256 == hashlib.sha256(data).hexdigest()
        image = Image.open(io.BytesIO(data))
        assert image.size == (16, 16) and Image.MIME[image.format] == row.content_type
        assert stored.name.startswith(answer["code"]) and stored.suffix == {"JPEG": ".jpg", "PNG": ".png"}[image.format]
    assert [p["sha256"] for p in answer["photos"]] == [r.sha256 for r in rows]
    assert list((photos_root / ".staging").iterdir()) == []


def test_photos_stay_staged_until_the_transaction_commits(post_multipart, photos_root):
    """Without a commit (the test transaction), the file is only staged: no file under its final name."""
    response = post_multipart(event_body(), [("a.jpg", data_file("photo_16px.jpg"), "image/jpeg")])
    assert response.status_code == 201
    row = ReportPhoto.objects.get(incident_id=response.json()["id"])
    assert not (photos_root / row.path).exists()
    assert len(list((photos_root / ".staging").glob("*.part"))) == 1


def test_a_multipart_report_without_photos(post_multipart):
    response = post_multipart(event_body())
    assert response.status_code == 201, response.content
    assert response.json()["photos"] == []


def test_get_is_not_allowed(client):
    response = client.get("/api/reports")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.json()["code"] == "MethodNotAllowed"


def test_the_answer_is_utf8_json(post_json):
    response = post_json(event_body())
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "东关街" in response.content.decode("utf-8")
    assert json.loads(response.content)["event_class"] == {
        "code": "0401", "name": "无照经营游商", "major_code": "04", "major_name": "街面秩序",
    }
