"""Reports through the real application server (``live_url``): concurrent retries under one key, a phone whose first
answer timed out, and the report in the vector tiles the live server renders (the server commits, so it sees them).

The tests read the database inside their own (rolled-back) transaction, which sees what the server committed;
``live_reports`` deletes what the server made afterwards, so the seeded county is unchanged."""
from __future__ import annotations

import hashlib
import json
import threading
import time

import mapbox_vector_tile
import pytest
import requests

from cases.models import IdempotencyKey, ReportPhoto
from layers.models import Incident
from tiles.grid import tile_at

from .conftest import SEAT_GCJ02, data_file, event_body, grid_of_gcj02

pytestmark = pytest.mark.live

RESTRICTED = ("reporter", "reporter_phone")


def _incidents_of(key: str) -> list[Incident]:
    row = IdempotencyKey.objects.filter(key=key).first()
    return [] if row is None else list(Incident.objects.filter(pk=row.incident_id))


def test_eight_simultaneous_posts_with_one_key_make_one_incident(live_url, live_reports):
    body = event_body(description="并发重试")
    key = "live-concurrent-0001"
    before = Incident.objects.count()
    start = threading.Barrier(8)
    answers: list[requests.Response | BaseException] = [None] * 8  # type: ignore[list-item]

    def send(i: int) -> None:
        start.wait()
        try:
            answers[i] = requests.post(f"{live_url}/api/reports", json=body, headers={"Idempotency-Key": key}, timeout=60)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            answers[i] = error

    threads = [threading.Thread(target=send, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert all(isinstance(a, requests.Response) for a in answers), answers
    assert [a.status_code for a in answers] == [201] * 8, [a.text[:300] for a in answers]
    assert len({a.content for a in answers}) == 1  # byte for byte
    assert sorted(a.headers.get("Idempotent-Replayed", "") for a in answers) == [""] + ["true"] * 7
    assert Incident.objects.count() == before + 1
    assert IdempotencyKey.objects.filter(key=key).count() == 1
    assert [i.pk for i in _incidents_of(key)] == [answers[0].json()["id"]]


def test_a_phone_that_timed_out_retries_and_the_report_lands_once(live_url, live_reports):
    """The first POST's answer is lost to the client's read timeout while the server commits; four retries with
    the same key get that answer replayed."""
    body = event_body(description="超时后重发")
    key = "wx-retry-after-timeout-0001"
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.post(f"{live_url}/api/reports", json=body, headers={"Idempotency-Key": key}, timeout=(5, 0.001))
    deadline = time.monotonic() + 20
    while not _incidents_of(key):
        assert time.monotonic() < deadline, "the server never committed the timed-out report"
        time.sleep(0.05)
    retries = [
        requests.post(f"{live_url}/api/reports", json=body, headers={"Idempotency-Key": key}, timeout=30)
        for _ in range(4)
    ]
    assert [r.status_code for r in retries] == [201] * 4
    assert all(r.headers["Idempotent-Replayed"] == "true" for r in retries)
    assert len({r.content for r in retries}) == 1
    (incident,) = _incidents_of(key)
    assert retries[0].json()["id"] == incident.pk
    assert incident.grid_id == grid_of_gcj02(*SEAT_GCJ02).code


def test_a_live_report_is_in_the_incidents_tile_at_z16(live_url, live_reports):
    response = requests.post(f"{live_url}/api/reports", json=event_body(description="瓦片里看得到"), timeout=30)
    assert response.status_code == 201, response.text
    answer = response.json()
    tile = tile_at(answer["location"]["lon"], answer["location"]["lat"], 16)
    found = requests.get(f"{live_url}/tiles/incidents/{tile.z}/{tile.x}/{tile.y}.mvt", timeout=30)
    assert found.status_code == 200, found.text[:300]
    assert found.headers["Content-Type"] == "application/vnd.mapbox-vector-tile"
    layer = mapbox_vector_tile.decode(found.content)["incidents"]
    mine = [f for f in layer["features"] if f["id"] == answer["id"]]
    assert len(mine) == 1
    assert mine[0]["properties"]["code"] == answer["code"]
    assert mine[0]["properties"]["grid_code"] == answer["snap"]["grid"]["code"]
    assert not set(RESTRICTED) & set(mine[0]["properties"])
    assert "王小明".encode() not in found.content and b"13903531234" not in found.content

    feature = requests.get(f"{live_url}/ogc/collections/incidents/items/{answer['id']}", params={"f": "json"}, timeout=30)
    assert feature.status_code == 200
    assert not set(RESTRICTED) & set(feature.json()["properties"])


def test_live_photos_are_published_when_the_server_commits(live_url, live_reports, live_data_dir):
    files = [
        ("photos", ("IMG_0001.jpg", data_file("photo_16px.jpg"), "image/jpeg")),
        ("photos", ("IMG_0002.webp", data_file("photo_16px.webp"), "image/webp")),
    ]
    report = {"report": (None, json.dumps(event_body(description="带照片"), ensure_ascii=False), "application/json")}
    response = requests.post(f"{live_url}/api/reports", files=[*report.items(), *files], timeout=30)
    assert response.status_code == 201, response.text
    rows = list(ReportPhoto.objects.filter(incident_id=response.json()["id"]).order_by("position"))
    assert [r.content_type for r in rows] == ["image/jpeg", "image/jpeg"]  # re-encoded; the WebP has no alpha
    photos = live_data_dir / "photos"
    stored = [(photos / r.path).read_bytes() for r in rows]
    assert [hashlib.sha256(data).hexdigest() for data in stored] == [r.sha256 for r in rows]
    assert all(data.startswith(b"\xff\xd8\xff") and b"Exif" not in data for data in stored)
    assert list((photos / ".staging").iterdir()) == []
