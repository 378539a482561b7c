"""A 12345 hotline work order arrives over Open311 and runs the same loop; its GeoReport v2 request shows the
case's status and status notes at every step, as the spec intends."""
from __future__ import annotations

from cases.models import Case, ReportDetail
from layers.models import Incident
from tests.accounts.conftest import bearer

BASE = "/open311/v2"
SEAT_WGS84 = (113.6267, 37.7956)


def request_of(client, code: str) -> dict:
    (request,) = client.get(f"{BASE}/requests/{code}.json").json()
    return request


def test_a_12345_work_order_runs_the_loop_and_open311_follows(client, account, crew_for, act):
    _, hotline = account("api_client")
    posted = client.post(f"{BASE}/requests.json", {
        "service_code": "E0404", "lat": str(SEAT_WGS84[1]), "long": str(SEAT_WGS84[0]), "source": "hotline_12345",
        "description": "12345工单: 路口机动车乱停放", "phone": "13835312345",
    }, **bearer(hotline))
    assert posted.status_code == 201, posted.content
    code = posted.json()[0]["service_request_id"]
    incident = Incident.objects.select_related("grid__town").get(code=code)
    assert incident.source == "hotline_12345" and ReportDetail.objects.filter(incident=incident).exists()
    assert Case.objects.get(pk=incident.pk).state == "reported"
    first = request_of(client, code)
    assert (first["status"], first["status_notes"]) == ("open", "信息采集 (reported)")
    assert first["expected_datetime"] is not None

    crew = crew_for(incident)
    lon, lat = SEAT_WGS84
    where = {"lon": lon, "lat": lat, "crs": "EPSG:4326"}
    notes = []
    for token, action, fields in (
        (crew.operator, "file", {"note": "12345转办, 立案"}),
        (crew.dispatcher, "dispatch", {"note": "派往属地"}),
        (crew.department, "accept", {}),
        (crew.department, "feed_back", {"note": "已劝离车辆"}),
        (crew.grid_member, "verify", {"location": where, "note": "现场核实已处理"}),
        (crew.shift_leader, "close", {"note": "结案"}),
    ):
        answer = act(token, incident.pk, action, **fields)
        assert answer.status_code == 200, answer.content
        request = request_of(client, code)
        notes.append((request["status"], request["status_notes"]))
    assert notes == [
        ("open", "案件建立 (filed): 12345转办, 立案"),
        ("open", "任务派遣 (dispatched): 派往属地"),
        ("open", "任务处理 (handling)"),
        ("open", "处理反馈 (handled): 已劝离车辆"),
        ("open", "核查 (verified): 现场核实已处理"),
        ("closed", "结案 (closed): 结案"),
    ]
    closed = request_of(client, code)
    assert closed["expected_datetime"] is None and "13835312345" not in str(closed)
    listed = client.get(f"{BASE}/requests.json", {"status": "closed"}).json()
    assert code in [r["service_request_id"] for r in listed]


def test_a_rejected_work_order_is_closed_with_its_reason(client, account, crew_for, act):
    _, hotline = account("api_client")
    posted = client.post(f"{BASE}/requests.json", {
        "service_code": "E0404", "lat": str(SEAT_WGS84[1]), "long": str(SEAT_WGS84[0]), "source": "hotline_12345",
    }, **bearer(hotline))
    code = posted.json()[0]["service_request_id"]
    incident = Incident.objects.select_related("grid__town").get(code=code)
    assert act(crew_for(incident).operator, incident.pk, "reject", reason="not_in_scope",
               note="属交警职责").status_code == 200
    request = request_of(client, code)
    assert request["status"] == "closed"
    assert request["status_notes"] == "不予立案 (rejected) [not_in_scope]: 属交警职责"
