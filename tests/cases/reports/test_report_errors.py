"""Bad reports: each is a 4xx JSON error naming the parameter at fault, and leaves no row and no file behind."""
from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from .conftest import data_file, event_body

JPEG = ("IMG_0001.jpg", data_file("photo_16px.jpg"), "image/jpeg")


def _without(body: dict, key: str) -> dict:
    return {k: v for k, v in body.items() if k != key}


BAD_BODIES = {
    "no-location": (_without(event_body(), "location"), 400, "location"),
    "location-not-object": (event_body(location=[113.6, 37.8]), 400, "location"),
    "no-lon": (event_body(location={"lat": 37.7956}), 400, "location.lon"),
    "no-lat": (event_body(location={"lon": 113.6267, "lat": None}), 400, "location.lat"),
    "lon-not-number": (event_body(location={"lon": "东经113度", "lat": 37.7956}), 400, "location.lon"),
    "lon-bool": (event_body(location={"lon": True, "lat": 37.7956}), 400, "location.lon"),
    "nan-string": (event_body(location={"lon": "NaN", "lat": 37.7956}), 400, "location.lon"),
    "infinite-string": (event_body(location={"lon": 113.6, "lat": "-Infinity"}), 400, "location.lat"),
    "lon-out-of-range": (event_body(location={"lon": 213.6267, "lat": 37.7956}), 400, "location.lon"),
    "lat-out-of-range": (event_body(location={"lon": 113.6267, "lat": 95.0}), 400, "location.lat"),
    "unknown-crs": (event_body(location={"lon": 113.6, "lat": 37.8, "crs": "EPSG:9999"}), 400, "location.crs"),
    "crs-not-string": (event_body(location={"lon": 113.6, "lat": 37.8, "crs": 4490}), 400, "location.crs"),
    "lonlat-in-projected-crs": (event_body(location={"lon": 400000, "lat": 4180000, "crs": "EPSG:4547"}), 400, "location.lon"),
    "lon-and-x": (event_body(location={"lon": 113.6, "lat": 37.8, "x": 113.6}), 400, "location"),
    "unknown-location-field": (event_body(location={"lng": 113.6, "lat": 37.8}), 400, "location.lng"),
    "negative-accuracy": (event_body(location={"lon": 113.6267, "lat": 37.7956, "accuracy_m": -5}), 400, "location.accuracy_m"),
    "projected-off-area": (event_body(location={"x": 4180000, "y": 400000, "crs": "EPSG:4547"}), 400, "location"),
    "neither-class-nor-component": (_without(event_body(), "event_class"), 400, "event_class"),
    "malformed-event-class": (event_body(event_class="04"), 400, "event_class"),
    "unknown-event-class": (event_body(event_class="0999"), 422, "event_class"),
    "malformed-component": (event_body(component_code="14032101-0001"), 400, "component_code"),
    "unknown-component": (event_body(component_code="1403210101999999"), 422, "component_code"),
    "bad-role": (event_body(reporter={"name": "王", "role": "mayor"}), 400, "reporter.role"),
    "bad-phone": (event_body(reporter={"phone": "call me"}), 400, "reporter.phone"),
    "unknown-reporter-field": (event_body(reporter={"id_number": "140321199001011234"}), 400, "reporter.id_number"),
    "bad-source": (event_body(source="weibo"), 400, "source"),
    "description-too-long": (event_body(description="脏" * 4001), 400, "description"),
    "unknown-field": (event_body(priority="high"), 400, "priority"),
}


@pytest.mark.parametrize(("body", "status", "parameter"), BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_a_bad_json_report_is_refused_and_writes_nothing(post_json, nothing_written, body, status, parameter):
    response = post_json(body, key="retry-me-1")
    assert response.status_code == status, response.content
    error = response.json()
    assert error["parameter"] == parameter
    assert error["description"]
    nothing_written()


@pytest.mark.parametrize(
    "raw",
    [b'{"location": {"lon": 113.6,', b"[1, 2]", b'{"location": {"lon": NaN, "lat": 37.8}, "event_class": "0401"}', b"\xff\xfe"],
    ids=["truncated", "array", "nan-literal", "not-utf8"],
)
def test_a_body_that_is_not_a_json_object_is_refused(post_json, nothing_written, raw):
    response = post_json(raw=raw, key="retry-me-2")
    assert response.status_code == 400
    assert response.json()["parameter"] == "body"
    nothing_written()


def test_swapped_lon_and_lat_are_named_by_the_snap(post_json, nothing_written):
    response = post_json(event_body(location={"lon": 37.7956, "lat": 113.6267, "crs": "EPSG:4490"}), key="k-swap")
    assert response.status_code == 422
    error = response.json()
    assert error["code"] == "OutsideCounty"
    assert "swap" in error["description"]
    assert error["swapped"]["grid"]["code"].startswith("140321")
    assert error["parameter"] == "location"
    nothing_written()


def test_a_point_outside_the_county_names_the_nearest_grid(post_json, post_multipart, nothing_written):
    beijing = {"lon": 116.397, "lat": 39.909, "crs": "GCJ02"}
    response = post_multipart(event_body(location=beijing), [JPEG], key="k-outside")
    assert response.status_code == 422
    error = response.json()
    assert error["code"] == "OutsideCounty"
    assert error["nearest_grid"]["code"].startswith("140321")
    assert error["nearest_grid"]["code"] in error["description"]
    nothing_written()


@override_settings(PINGDING_REPORTS_MAX_PHOTO_BYTES=100)
def test_an_oversized_photo_is_a_413(post_multipart, nothing_written):
    response = post_multipart(event_body(), [JPEG], key="k-big")
    assert response.status_code == 413
    assert response.json()["parameter"] == "photos[0]"
    nothing_written()


def test_a_jpeg_header_followed_by_php_is_refused_naming_the_photo(post_multipart, nothing_written):
    photos = [JPEG, ("avatar.jpg", data_file("jpeg_header_then_php.jpg"), "image/jpeg")]
    response = post_multipart(event_body(), photos)
    assert response.status_code == 400
    error = response.json()
    assert error["parameter"] == "photos[1]" and "not a whole JPEG, PNG or WebP image" in error["description"]
    nothing_written()


def test_a_decompression_bomb_is_a_413_naming_the_photo(post_multipart, nothing_written):
    response = post_multipart(event_body(), [("big.png", data_file("png_declares_10_gigapixels.png"), "image/png")])
    assert response.status_code == 413 and response.json()["parameter"] == "photos[0]"
    nothing_written()


def test_a_text_file_named_jpg_is_not_a_photo(post_multipart, nothing_written):
    photos = [JPEG, ("IMG_0002.jpg", data_file("text_renamed.jpg"), "image/jpeg")]
    response = post_multipart(event_body(), photos, key="k-text")
    assert response.status_code == 400
    error = response.json()
    assert error["parameter"] == "photos[1]"
    assert "not a JPEG, PNG or WebP" in error["description"]
    response = post_multipart(event_body(), [("a.jpg", data_file("text_renamed.jpg"), "image/jpeg")])
    assert response.json()["parameter"] == "photos[0]"
    nothing_written()


def test_an_empty_photo_is_refused(post_multipart, nothing_written):
    response = post_multipart(event_body(), [("empty.jpg", b"", "image/jpeg")])
    assert response.status_code == 400
    assert response.json()["parameter"] == "photos[0]"
    nothing_written()


@override_settings(PINGDING_REPORTS_MAX_PHOTOS=2)
def test_too_many_photos(post_multipart, nothing_written):
    response = post_multipart(event_body(), [JPEG] * 3, key="k-many")
    assert response.status_code == 400
    assert response.json()["parameter"] == "photos"
    nothing_written()


def test_seven_photos_exceed_the_default_limit(post_multipart, nothing_written):
    response = post_multipart(event_body(), [JPEG] * 7)
    assert response.status_code == 400
    assert "at most 6" in response.json()["description"]
    nothing_written()


@pytest.mark.parametrize(
    ("extra", "photos_field", "parameter"),
    [({"note": "x"}, "photos", "note"), ({}, "image", "image")],
    ids=["unknown-field", "unknown-file-field"],
)
def test_multipart_takes_report_and_photos_only(client, db, nothing_written, extra, photos_field, parameter):
    data = {"report": json.dumps(event_body()), **extra, photos_field: [SimpleUploadedFile(*JPEG)]}
    response = client.post("/api/reports", data=data)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    nothing_written()


def test_multipart_without_the_report_field(client, db, nothing_written):
    response = client.post("/api/reports", data={"photos": [SimpleUploadedFile(*JPEG)]})
    assert response.status_code == 400
    assert response.json()["parameter"] == "report"
    nothing_written()


def test_another_content_type_is_refused(client, db, nothing_written):
    response = client.post("/api/reports", data="lon=113.6&lat=37.8", content_type="text/plain")
    assert response.status_code == 400
    assert response.json()["parameter"] == "Content-Type"
    nothing_written()


@pytest.mark.parametrize(
    "key", ["", "has space", "x" * 201, "键-001", "tab\tkey"], ids=["empty", "space", "too-long", "non-ascii", "control"]
)
def test_a_bad_idempotency_key_is_a_400_naming_it(client, db, nothing_written, key):
    response = client.post(
        "/api/reports", data=json.dumps(event_body()), content_type="application/json",
        headers={"Idempotency-Key": key},
    )
    assert response.status_code == 400
    assert response.json()["parameter"] == "Idempotency-Key"
    nothing_written()


def test_a_failure_after_the_photos_are_staged_leaves_no_file(post_multipart, nothing_written, monkeypatch):
    """The answer cannot be built after the incident and photos were written: the transaction rolls back and the
    staged files are deleted."""
    from cases.reports import views

    def broken(created):
        raise RuntimeError("answer lost")

    monkeypatch.setattr(views, "report_answer", broken)
    response = post_multipart(event_body(), [JPEG, JPEG], key="k-broken")
    assert response.status_code == 500
    assert response.json()["code"] == "ServerError"
    nothing_written()
