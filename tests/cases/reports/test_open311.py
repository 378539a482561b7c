"""Open311 GeoReport v2, walked as the spec describes it: discover the services, post a request, get it by id,
list requests with the filters, follow its status. JSON only; errors as ``[{"code": ..., "description": ...}]``."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from cases.models import Case, ReportDetail
from layers.models import Address, ComponentCategory, EventClass, Incident
from spatial.chinese import gcj02_to_wgs84, wgs84_to_gcj02

from .conftest import SEAT_GCJ02, grid_of_gcj02

BASE = "/open311/v2"
SEAT_WGS84 = (113.6267, 37.7956)
PERSONAL = {
    "first_name": "小红", "last_name": "李", "email": "lixh@example.cn", "phone": "13835312345",
    "device_id": "wx-device-9f8e", "account_id": "wx-openid-abc123",
}


def open311_request(**overrides) -> dict:
    """A form-encoded service request at the county seat (WGS 84), with every personal field filled in."""
    form = {
        "service_code": "E0404", "lat": str(SEAT_WGS84[1]), "long": str(SEAT_WGS84[0]),
        "address_string": "东关街与冠山路口", "description": "路口机动车乱停放，堵住了公交站", "api_key": "any",
        "media_url": "https://example.cn/photo/1.jpg", **PERSONAL,
    }
    form.update(overrides)
    return {k: v for k, v in form.items() if v is not None}


@pytest.fixture
def post_request(db, client):
    def post(form: dict, *, key: str | None = None):
        headers = {"Idempotency-Key": key} if key else {}
        return client.post(f"{BASE}/requests.json", form, headers=headers)

    return post


def assert_open311_error(response, status: int, parameter: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body, list) and len(body) == 1
    (error,) = body
    assert error["code"] == status
    assert error["description"]
    if parameter is not None:
        assert error["parameter"] == parameter
    return error


def assert_no_personal_data(response) -> None:
    text = response.content.decode("utf-8")
    for value in (*PERSONAL.values(), "李小红"):
        assert value not in text


# discovery


def test_services_are_the_event_classes_and_component_classes(client, db):
    response = client.get(f"{BASE}/services.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    services = response.json()
    codes = [s["service_code"] for s in services]
    assert codes == [f"E{c}" for c in EventClass.objects.order_by("code").values_list("code", flat=True)] + [
        f"C{c}" for c in ComponentCategory.objects.order_by("code").values_list("code", flat=True)
    ]
    by_code = {s["service_code"]: s for s in services}
    event = by_code["E0404"]
    assert event == {
        "service_code": "E0404", "service_name": "机动车乱停放", "description": event["description"],
        "metadata": False, "type": "realtime", "keywords": "事件,event,街面秩序,机动车乱停放", "group": "街面秩序",
    }
    category = ComponentCategory.objects.get(code="0101")
    component = by_code["C0101"]
    assert component["group"] == category.major_name
    assert category.name in component["service_name"]
    assert category.owner_department in component["description"]
    assert {s["group"] for s in services if s["service_code"].startswith("E")} == {
        "市容环境", "宣传广告", "施工管理", "街面秩序", "突发事件",
    }


def test_a_service_definition(client, db):
    response = client.get(f"{BASE}/services/E0404.json")
    assert response.status_code == 200
    assert response.json() == {"service_code": "E0404", "attributes": []}


@pytest.mark.parametrize("code", ["E0999", "X0101", "0404", "C9999"])
def test_an_unknown_service_is_a_404_in_open311_format(client, db, code):
    assert_open311_error(client.get(f"{BASE}/services/{code}.json"), 404, "service_code")


@pytest.mark.parametrize("path", ["services.xml", "services/E0404.xml", "requests.xml", "requests/1.xml"])
def test_xml_is_refused_saying_json_only(client, db, path):
    error = assert_open311_error(client.get(f"{BASE}/{path}"), 400, "format")
    assert "JSON only" in error["description"]


def test_an_unknown_path_is_a_json_404(client, db):
    """Paths that are no Open311 resource get the server's JSON 404 (not a route of their own, so every route
    stays in the OpenAPI document)."""
    response = client.get(f"{BASE}/discovery.json")
    assert response.status_code == 404
    assert response.json()["code"] == "NotFound"


def test_another_jurisdiction_is_a_404(client, db):
    assert_open311_error(client.get(f"{BASE}/services.json", {"jurisdiction_id": "beijing.gov.cn"}), 404, "jurisdiction_id")
    assert client.get(f"{BASE}/services.json", {"jurisdiction_id": "pingding.gov.cn"}).status_code == 200


def test_methods(client, db):
    response = client.delete(f"{BASE}/requests.json")
    assert_open311_error(response, 405)
    assert response["Allow"] == "GET, HEAD, POST"
    assert_open311_error(client.post(f"{BASE}/services.json"), 405)


# post, then read back


def test_post_get_and_list_a_request(post_request, client):
    response = post_request(open311_request())
    assert response.status_code == 201, response.content
    (posted,) = response.json()
    assert set(posted) == {"service_request_id", "service_notice", "account_id"}
    assert posted["account_id"] is None
    request_id = posted["service_request_id"]
    incident = Incident.objects.get(code=request_id)
    grid = grid_of_gcj02(*wgs84_to_gcj02(*SEAT_WGS84))
    assert incident.grid_id == grid.code
    assert incident.routed_to == f"网格 {grid.code} {grid.name}"
    assert incident.routed_to in posted["service_notice"]
    assert incident.reporter == "李小红" and incident.reporter_phone == PERSONAL["phone"]
    detail = ReportDetail.objects.get(incident=incident)
    assert (detail.reporter_email, detail.device_id, detail.account_id) == (
        PERSONAL["email"], PERSONAL["device_id"], PERSONAL["account_id"],
    )
    assert detail.service_code == "E0404" and detail.crs == "EPSG:4326"

    one = client.get(f"{BASE}/requests/{request_id}.json")
    assert one.status_code == 200
    (request,) = one.json()
    assert request["service_request_id"] == request_id
    assert request["status"] == "open"
    assert request["service_code"] == "E0404" and request["service_name"] == "机动车乱停放"
    assert request["description"] == "路口机动车乱停放，堵住了公交站"
    assert request["agency_responsible"] == incident.routed_to
    assert request["requested_datetime"] == timezone.localtime(incident.reported_at).isoformat()
    assert request["requested_datetime"].endswith("+08:00")
    assert request["updated_datetime"] == request["requested_datetime"]
    assert (request["long"], request["lat"]) == pytest.approx(SEAT_WGS84, abs=1e-7)
    assert request["address"] == detail.nearest_address and request["address"].startswith("山西省阳泉市平定县")
    assert request["media_url"] == "https://example.cn/photo/1.jpg"
    assert_no_personal_data(one)

    listed = client.get(f"{BASE}/requests.json", {"service_request_id": f"{request_id},1403210000000000000"})
    assert [r["service_request_id"] for r in listed.json()] == [request_id]
    assert listed.json()[0] == request
    assert_no_personal_data(listed)


def test_list_filters(post_request, client):
    first = post_request(open311_request())
    second = post_request(open311_request(service_code="E0101", description="违建"))
    ids = [r.json()[0]["service_request_id"] for r in (first, second)]

    def listed(**params) -> list[str]:
        response = client.get(f"{BASE}/requests.json", params)
        assert response.status_code == 200, response.content
        assert_no_personal_data(response)
        return [r["service_request_id"] for r in response.json()]

    assert listed()[:2] == ids[::-1]  # newest first, default range = the last 90 days
    assert ids[0] in listed(service_code="E0404") and ids[1] not in listed(service_code="E0404")
    assert set(ids) <= set(listed(service_code="E0404,E0101"))
    now = timezone.localtime()
    today = now.date().isoformat()
    assert set(ids) <= set(listed(start_date=f"{today}T00:00:00+08:00", end_date=(now + timedelta(minutes=5)).isoformat()))
    assert set(ids) <= set(listed(start_date=today))
    assert not set(ids) & set(listed(end_date=(now - timedelta(days=1)).isoformat()))
    assert not set(ids) & set(listed(start_date=(now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")))
    assert set(ids) <= set(listed(status="open"))
    assert not set(ids) & set(listed(status="closed"))
    assert set(ids) <= set(listed(status="open,closed"))


@pytest.mark.parametrize(
    ("state", "open311"),
    [("reported", "open"), ("filed", "open"), ("dispatched", "open"), ("handling", "open"), ("handled", "open"),
     ("verified", "open"), ("suspended", "open"), ("closed", "closed"), ("rejected", "closed")],
)
def test_status_follows_the_case(post_request, client, state, open311):
    request_id = post_request(open311_request()).json()[0]["service_request_id"]
    later = timezone.now() + timedelta(hours=2)
    Case.objects.filter(incident__code=request_id).update(state=state, updated_at=later)
    (request,) = client.get(f"{BASE}/requests/{request_id}.json").json()
    assert request["status"] == open311
    assert f"({state})" in request["status_notes"]
    assert request["updated_datetime"] == timezone.localtime(later).isoformat()
    wanted = [r["service_request_id"] for r in client.get(f"{BASE}/requests.json", {"status": open311}).json()]
    other = [r["service_request_id"] for r in client.get(
        f"{BASE}/requests.json", {"status": "closed" if open311 == "open" else "open"}).json()]
    assert request_id in wanted and request_id not in other


@pytest.mark.parametrize(
    ("status", "open311"),
    [("reported", "open"), ("accepted", "open"), ("dispatched", "open"), ("resolved", "closed"), ("closed", "closed")],
)
def test_an_incident_without_a_case_follows_its_own_status(post_request, client, status, open311):
    request_id = post_request(open311_request()).json()[0]["service_request_id"]
    Case.objects.filter(incident__code=request_id).delete()
    later = timezone.now() + timedelta(hours=2)
    Incident.objects.filter(code=request_id).update(
        status=status, accepted_at=None if status == "reported" else later,
        closed_at=later + timedelta(hours=1) if status == "closed" else None,
    )
    (request,) = client.get(f"{BASE}/requests/{request_id}.json").json()
    assert request["status"] == open311
    assert status in request["status_notes"]
    expected_update = {"reported": None, "closed": later + timedelta(hours=1)}.get(status, later)
    if expected_update is not None:
        assert request["updated_datetime"] == timezone.localtime(expected_update).isoformat()
    wanted = [r["service_request_id"] for r in client.get(f"{BASE}/requests.json", {"status": open311}).json()]
    assert request_id in wanted


def test_the_default_range_is_the_last_90_days(post_request, client):
    new = post_request(open311_request()).json()[0]["service_request_id"]
    old = post_request(open311_request(description="旧事")).json()[0]["service_request_id"]
    Incident.objects.filter(code=old).update(reported_at=timezone.now() - timedelta(days=100))
    requests = client.get(f"{BASE}/requests.json").json()
    ids = [r["service_request_id"] for r in requests]
    assert new in ids and old not in ids
    horizon = timezone.now() - timedelta(days=90)
    assert all(r["requested_datetime"] >= timezone.localtime(horizon).isoformat() for r in requests)
    back_then = (timezone.now() - timedelta(days=101)).isoformat()
    assert old in [r["service_request_id"] for r in client.get(f"{BASE}/requests.json", {"start_date": back_then}).json()]


@override_settings(PINGDING_REPORTS_OPEN311_MAX_REQUESTS=2)
def test_a_list_is_capped(post_request, client):
    ids = [post_request(open311_request(description=str(i))).json()[0]["service_request_id"] for i in range(3)]
    assert [r["service_request_id"] for r in client.get(f"{BASE}/requests.json").json()] == ids[:0:-1]


def test_seeded_incidents_are_requests_too(client, db):
    incident = Incident.objects.filter(component__isnull=True).order_by("code").first()
    (request,) = client.get(f"{BASE}/requests/{incident.code}.json").json()
    assert request["service_code"] == f"E{incident.event_class_id}"
    assert request["address"]  # the nearest standard address, found in the same statement
    assert request["media_url"] is None
    component_incident = Incident.objects.filter(component__isnull=False).select_related("component").first()
    (request,) = client.get(f"{BASE}/requests/{component_incident.code}.json").json()
    assert request["service_code"] == f"C{component_incident.component.category_id}"
    assert request["agency_responsible"] == component_incident.routed_to
    response = client.get(f"{BASE}/requests/{incident.code}.json")
    assert incident.reporter not in response.content.decode() or not incident.reporter


# extensions: crs, component services, address_id


def test_a_gcj02_request_and_reading_it_back_in_gcj02(post_request, client):
    response = post_request(open311_request(lat=str(SEAT_GCJ02[1]), long=str(SEAT_GCJ02[0]), crs="GCJ02"))
    assert response.status_code == 201, response.content
    request_id = response.json()[0]["service_request_id"]
    incident = Incident.objects.get(code=request_id)
    assert (incident.geom.x, incident.geom.y) == pytest.approx(gcj02_to_wgs84(*SEAT_GCJ02), abs=1e-9)
    assert incident.grid_id == grid_of_gcj02(*SEAT_GCJ02).code
    (wgs84,) = client.get(f"{BASE}/requests/{request_id}.json").json()
    (gcj,) = client.get(f"{BASE}/requests/{request_id}.json", {"crs": "GCJ02"}).json()
    assert (gcj["long"], gcj["lat"]) == pytest.approx(SEAT_GCJ02, abs=2e-7)
    assert (wgs84["long"], wgs84["lat"]) != pytest.approx(SEAT_GCJ02, abs=1e-3)


def test_a_component_service_takes_the_nearest_component_of_its_class(post_request, component_near_seat):
    component = component_near_seat
    form = open311_request(
        service_code=f"C{component.category_id}", lat=str(component.geom.y + 0.00003), long=str(component.geom.x)
    )
    response = post_request(form)
    assert response.status_code == 201, response.content
    incident = Incident.objects.get(code=response.json()[0]["service_request_id"])
    assert incident.component_id == component.code
    assert incident.routed_to == component.owner_department
    assert component.owner_department in response.json()[0]["service_notice"]


def test_a_component_service_with_its_component_code(post_request, component_near_seat):
    component = component_near_seat
    form = open311_request(
        service_code=f"C{component.category_id}", component_code=component.code,
        lat=str(SEAT_WGS84[1]), long=str(SEAT_WGS84[0]),
    )
    incident = Incident.objects.get(code=post_request(form).json()[0]["service_request_id"])
    assert incident.component_id == component.code and incident.routed_to == component.owner_department


def test_a_component_service_with_no_such_component_nearby_is_a_422(post_request, nothing_written):
    """A point in the countryside: no component of the class within the snap radius."""
    from layers.models import Grid

    rural = Grid.objects.filter(kind="rural").order_by("code").first()
    point = rural.geom.point_on_surface
    form = open311_request(service_code="C0101", lat=str(point.y), long=str(point.x))
    assert_open311_error(post_request(form), 422, "service_code")
    nothing_written()


def test_a_request_placed_by_address_id(post_request):
    address = Address.objects.order_by("code").first()
    response = post_request(open311_request(lat=None, long=None, address_id=address.code))
    assert response.status_code == 201, response.content
    incident = Incident.objects.get(code=response.json()[0]["service_request_id"])
    assert (incident.geom.x, incident.geom.y) == pytest.approx((address.geom.x, address.geom.y), abs=1e-9)
    assert incident.grid_id == address.grid_id


def test_an_open311_retry_with_the_same_key_lands_once(post_request):
    count = Incident.objects.count()
    first = post_request(open311_request(), key="o311-1")
    again = post_request(open311_request(), key="o311-1")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again.content == first.content
    assert Incident.objects.count() == count + 1
    assert post_request(open311_request(description="别的"), key="o311-1").status_code == 409


# errors of a post


OPEN311_BAD = {
    "no-service-code": (open311_request(service_code=None), 400, "service_code"),
    "unknown-service": (open311_request(service_code="E0999"), 404, "service_code"),
    "no-location": (open311_request(lat=None, long=None), 400, "lat,long"),
    "address-string-only": (open311_request(lat=None, long=None, address_string="东关街"), 400, "lat,long"),
    "unknown-address-id": (open311_request(lat=None, long=None, address_id="999"), 404, "address_id"),
    "no-long": (open311_request(long=None), 400, "long"),
    "lat-not-number": (open311_request(lat="north"), 400, "lat"),
    "lat-nan": (open311_request(lat="nan"), 400, "lat"),
    "lat-out-of-range": (open311_request(lat="137.79"), 400, "lat"),
    "swapped": (open311_request(lat=str(SEAT_WGS84[0]), long=str(SEAT_WGS84[1])), 422, "lat,long"),
    "outside-county": (open311_request(lat="39.909", long="116.397"), 422, "lat,long"),
    "unknown-crs": (open311_request(crs="WGS-84-ish"), 400, "crs"),
    "bad-email": (open311_request(email="not-an-address"), 400, "email"),
    "bad-phone": (open311_request(phone="555-CALL-NOW"), 400, "phone"),
    "bad-media-url": (open311_request(media_url="ftp://example.cn/x.jpg"), 400, "media_url"),
    "component-of-another-class": (open311_request(service_code="C0101", component_code="1403210201000001"), 400, "component_code"),
    "component-on-event-service": (open311_request(component_code="1403210101000001"), 400, "component_code"),
    "unknown-field": (open311_request(priority="urgent"), 400, "priority"),
    "attribute": (open311_request(**{"attribute[WHISPER]": "x"}), 400, "attribute[WHISPER]"),
    "jurisdiction": (open311_request(jurisdiction_id="elsewhere"), 404, "jurisdiction_id"),
}


@pytest.mark.parametrize(("form", "status", "parameter"), OPEN311_BAD.values(), ids=OPEN311_BAD.keys())
def test_a_bad_post_is_an_open311_error_and_writes_nothing(post_request, nothing_written, form, status, parameter):
    assert_open311_error(post_request(form, key="o311-bad"), status, parameter)
    nothing_written()


def test_a_swapped_post_says_so(post_request):
    error = assert_open311_error(post_request(open311_request(lat=str(SEAT_WGS84[0]), long=str(SEAT_WGS84[1]))), 422)
    assert "swap" in error["description"] and error["error"] == "OutsideCounty"
    assert error["swapped"]["grid"]["code"].startswith("140321")


def test_a_json_post_is_refused(client, nothing_written):
    response = client.post(f"{BASE}/requests.json", {"service_code": "E0404"}, content_type="application/json")
    assert_open311_error(response, 400, "Content-Type")
    nothing_written()


# errors of a read


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"status": "pending"}, "status"),
        ({"service_code": "0404"}, "service_code"),
        ({"start_date": "yesterday"}, "start_date"),
        ({"end_date": "2026-13-01"}, "end_date"),
        ({"start_date": "2026-01-01", "end_date": "2026-06-01"}, "end_date"),
        ({"start_date": "2026-06-01", "end_date": "2026-05-01"}, "start_date"),
        ({"service_request_id": "1,;DROP"}, "service_request_id"),
        ({"page": "2"}, "page"),
        ({"crs": "EPSG:1"}, "crs"),
    ],
    ids=["status", "service-code", "start", "end", "span", "order", "ids", "unknown", "crs"],
)
def test_a_bad_list_query_is_a_400(client, db, params, parameter):
    assert_open311_error(client.get(f"{BASE}/requests.json", params), 400, parameter)


def test_an_unknown_request_is_a_404(client, db):
    assert_open311_error(client.get(f"{BASE}/requests/1403210000000000000.json"), 404, "service_request_id")
