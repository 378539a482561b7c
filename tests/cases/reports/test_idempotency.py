"""``Idempotency-Key``: replays, conflicts, what counts as the same request, expiry and the purge command."""
from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from cases.models import IdempotencyKey, ReportPhoto
from layers.models import Incident
from cases.reports import idempotency

from .conftest import data_file, event_body

JPEG = ("IMG_0001.jpg", data_file("photo_16px.jpg"), "image/jpeg")
PNG = ("IMG_0002.png", data_file("photo_16px.png"), "image/png")


def test_a_replay_has_the_first_status_and_body_and_says_so(post_json):
    first = post_json(event_body(), key="k-1")
    again = post_json(event_body(), key="k-1")
    assert first.status_code == again.status_code == 201
    assert "Idempotent-Replayed" not in first
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()


def test_the_same_key_with_another_body_is_a_409_naming_the_key(post_json):
    assert post_json(event_body(), key="k-2").status_code == 201
    count = Incident.objects.count()
    response = post_json(event_body(description="另一件事"), key="k-2")
    assert response.status_code == 409
    error = response.json()
    assert error["parameter"] == "Idempotency-Key"
    assert error["code"] == "IdempotencyKeyReused"
    assert Incident.objects.count() == count


def test_key_order_and_spacing_of_the_json_do_not_make_another_request(post_json):
    body = event_body()
    first = post_json(raw=json.dumps(body, ensure_ascii=False).encode(), key="k-3")
    reordered = dict(reversed(list(body.items())))
    again = post_json(raw=json.dumps(reordered, indent=2).encode(), key="k-3")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]


def test_a_key_is_per_endpoint(post_json, client):
    """The same key on Open311 is another request (the path is part of the fingerprint)."""
    assert post_json(event_body(), key="k-4").status_code == 201
    response = client.post(
        "/open311/v2/requests.json", {"service_code": "E0401", "lat": "37.7956", "long": "113.6267"},
        headers={"Idempotency-Key": "k-4"},
    )
    assert response.status_code == 409


def test_multipart_replays_when_the_photos_are_the_same(post_multipart, photos_root, committing):
    with committing():
        first = post_multipart(event_body(), [JPEG, PNG], key="k-5")
        again = post_multipart(event_body(), [JPEG, PNG], key="k-5")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert ReportPhoto.objects.filter(incident_id=first.json()["id"]).count() == 2
    assert len([p for p in photos_root.rglob("*") if p.is_file()]) == 2  # the replay wrote no file
    other_order = post_multipart(event_body(), [PNG, JPEG], key="k-5")
    assert other_order.status_code == 409
    fewer = post_multipart(event_body(), [JPEG], key="k-5")
    assert fewer.status_code == 409


def test_a_failed_request_does_not_burn_the_key(post_json):
    bad = post_json(event_body(event_class="0999"), key="k-6")
    assert bad.status_code == 422
    assert not IdempotencyKey.objects.filter(key="k-6").exists()
    good = post_json(event_body(), key="k-6")
    assert good.status_code == 201
    assert "Idempotent-Replayed" not in good


def test_requests_without_a_key_are_not_deduplicated(post_json):
    count = Incident.objects.count()
    post_json(event_body())
    post_json(event_body())
    assert Incident.objects.count() == count + 2
    assert IdempotencyKey.objects.count() == 0


def test_the_stored_row(post_json):
    answer = post_json(event_body(), key="k-7").json()
    row = IdempotencyKey.objects.get(key="k-7")
    assert row.response_status == 201
    assert row.response_body == answer
    assert row.incident_id == answer["id"]
    assert len(row.request_sha256) == 64


def test_an_expired_key_starts_afresh(post_json):
    first = post_json(event_body(), key="k-8").json()
    IdempotencyKey.objects.filter(key="k-8").update(created_at=timezone.now() - timedelta(hours=25))
    response = post_json(event_body(description="一天以后又报"), key="k-8")
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert response.json()["id"] != first["id"]
    assert IdempotencyKey.objects.get(key="k-8").incident_id == response.json()["id"]


@override_settings(PINGDING_REPORTS_IDEMPOTENCY_TTL_HOURS=1)
def test_the_ttl_is_a_setting(post_json):
    post_json(event_body(), key="k-9")
    IdempotencyKey.objects.filter(key="k-9").update(created_at=timezone.now() - timedelta(minutes=61))
    assert "Idempotent-Replayed" not in post_json(event_body(), key="k-9")


def test_purge_deletes_expired_keys_and_stale_staged_files(post_json, photos_root):
    post_json(event_body(), key="old")
    post_json(event_body(), key="new")
    IdempotencyKey.objects.filter(key="old").update(created_at=timezone.now() - timedelta(hours=30))
    staging = photos_root / ".staging"
    staging.mkdir(parents=True)
    stale, fresh = staging / "a.part", staging / "b.part"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"y")
    import os
    import time

    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    out = io.StringIO()
    call_command("purge_idempotency_keys", stdout=out)
    assert set(IdempotencyKey.objects.values_list("key", flat=True)) == {"new"}
    assert not stale.exists() and fresh.exists()
    assert "purged 1 idempotency key(s)" in out.getvalue()
    assert "1 staged photo file(s)" in out.getvalue()
    call_command("purge_idempotency_keys", stdout=io.StringIO())  # re-running is harmless
    assert IdempotencyKey.objects.count() == 1


@pytest.mark.parametrize(
    ("value", "ok"),
    [("a", True), ("x" * 200, True), ("550e8400-e29b-41d4-a716-446655440000", True), ("!~", True),
     ("", False), ("x" * 201, False), ("a b", False), ("ü", False), ("a\n", False)],
)
def test_key_syntax(value, ok):
    if ok:
        assert idempotency.parse_key(value) == value
    else:
        with pytest.raises(idempotency.InvalidParameter):
            idempotency.parse_key(value)


def test_the_fingerprint_is_canonical():
    a = idempotency.request_fingerprint(method="post", path="/api/reports", content={"b": 1, "a": [1, "二"]})
    b = idempotency.request_fingerprint(method="POST", path="/api/reports", content={"a": [1, "二"], "b": 1})
    c = idempotency.request_fingerprint(method="POST", path="/open311/v2/requests.json", content={"a": [1, "二"], "b": 1})
    assert a == b != c
