"""Inputs that once answered 500: each is now a JSON 4xx naming what was wrong (parameter, body or path)."""
from __future__ import annotations

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
DIGITS_5000 = "9" * 5000
NESTED = "[" * 1000 + "]" * 1000


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False)


def report(**location) -> dict:
    return {"location": {"lon": 113.6267, "lat": 37.7956, **location}, "event_class": "0101"}


def assert_4xx(response, parameter: str | None = None) -> dict:
    assert 400 <= response.status_code < 500, response.content[:500]
    body = response.json()
    error = body[0] if isinstance(body, list) else body
    assert error["description"]
    if parameter is not None:
        assert error["parameter"] == parameter, error
    return error


GETS = {
    "offset-beyond-15:59": ("/ogc/collections/incidents/items?datetime=2026-01-01T00:00:00%2B16:00", "datetime"),
    "negative-offset-beyond-15:59": ("/ogc/collections/incidents/items?datetime=2026-01-01T00:00:00-16:00", "datetime"),
    "offset-in-interval": ("/ogc/collections/incidents/items?datetime=../2026-01-01T00:00:00%2B16:00", "datetime"),
    "offset-in-property-filter": ("/ogc/collections/incidents/items?reported_at=2026-01-01T00:00:00%2B16:00", "reported_at"),
    "year-9999-day": ("/ogc/collections/incidents/items?datetime=9999-12-31", "datetime"),
    "year-9999-interval-end": ("/ogc/collections/incidents/items?datetime=2026-01-01/9999-12-31", "datetime"),
    "year-1": ("/ogc/collections/incidents/items?datetime=0001-01-01T00:00:00%2B08:00", "datetime"),
    "year-1-day": ("/ogc/collections/incidents/items?datetime=0001-01-01/..", "datetime"),
    "limit-5000-digits": (f"/ogc/collections/incidents/items?limit={DIGITS_5000}", "limit"),
    "offset-5000-digits": (f"/ogc/collections/incidents/items?offset={DIGITS_5000}", "offset"),
    "feature-id-5000-digits": (f"/ogc/collections/incidents/items/{DIGITS_5000}", "featureId"),
    "integer-filter-5000-digits": (f"/ogc/collections/buildings/items?floors={DIGITS_5000}", "floors"),
    "nul-in-query": ("/ogc/collections/incidents/items?sortby=%00", "sortby"),
    "reverse-limit-5000-digits": (f"/api/reverse?lon=113.6267&lat=37.7956&limit={DIGITS_5000}", "limit"),
    "geocode-limit-5000-digits": (f"/api/geocode?q=冠山镇&limit={DIGITS_5000}", "limit"),
    "snap-radius-5000-digits": (f"/api/snap?lon=113.6267&lat=37.7956&radius={DIGITS_5000}", "radius"),
    "snap-lon-5000-digits": (f"/api/snap?lon={DIGITS_5000}&lat=37.7956", "lon"),
    "geocode-nul": ("/api/geocode?q=%00", "q"),
    "open311-start-9999": ("/open311/v2/requests.json?start_date=9999-12-31", "start_date"),
    "open311-end-year-1": ("/open311/v2/requests.json?end_date=0001-01-01", "end_date"),
    "open311-start-year-1": ("/open311/v2/requests.json?start_date=0001-01-01T00:00:00%2B08:00", "start_date"),
    "open311-offset": ("/open311/v2/requests.json?start_date=2026-01-01T00:00:00%2B16:00", "start_date"),
    "open311-nul-in-filter": ("/open311/v2/requests.json?service_code=%00", "service_code"),
    "open311-nul-in-id": ("/open311/v2/requests/%00.json", None),
    "open311-nul-in-service": ("/open311/v2/services/E%00.json", None),
    "nul-in-collection": ("/ogc/collections/%00", None),
    "tile-z-5000-digits": (f"/tiles/incidents/{DIGITS_5000}/1/1.mvt", "z"),
    "tile-y-5000-digits": (f"/tiles/incidents/1/1/{DIGITS_5000}.mvt", "y"),
    "raster-tile-z-5000-digits": (f"/tiles/standard-map/{DIGITS_5000}/1/1.png", "z"),
}


@pytest.mark.parametrize(("path", "parameter"), GETS.values(), ids=GETS.keys())
def test_a_bad_query_is_a_json_4xx(client, path, parameter):
    assert_4xx(client.get(path), parameter)


REPORTS = {
    "nul-in-description": ({**report(), "description": "bad\u0000text"}, "description"),
    "nul-in-reporter-name": ({**report(), "reporter": {"name": "王\u0000"}}, "reporter.name"),
    "nul-in-crs": (report(crs="EPSG:4490\u0000"), "location.crs"),
    "lon-1e400": (report(lon=1e400), "location.lon"),
    "lon-400-digits": (report(lon=int("9" * 400)), "location.lon"),
    "lone-surrogate": ({**report(), "description": "\udc00"}, "body"),
}


@pytest.mark.parametrize(("document", "parameter"), REPORTS.values(), ids=REPORTS.keys())
def test_a_bad_json_report_is_a_json_4xx(client, document, parameter):
    body = json.dumps(document).replace("Infinity", "1e400").encode()  # ASCII: a lone surrogate stays \udc00
    assert_4xx(client.post("/api/reports", body, content_type="application/json"), parameter)


RAW_BODIES = {
    "nested-1000": NESTED.encode(),
    "integer-5000-digits": f'{{"location": {{"lon": {DIGITS_5000}, "lat": 37.8}}, "event_class": "0101"}}'.encode(),
}


@pytest.mark.parametrize("body", RAW_BODIES.values(), ids=RAW_BODIES.keys())
@pytest.mark.parametrize("path", ["/api/reports", "/api/addresses/nearest"])
def test_a_json_body_python_cannot_read_is_a_json_4xx(client, path, body):
    assert_4xx(client.post(path, body, content_type="application/json"))


def test_a_multipart_report_with_nested_json_is_a_json_4xx(client):
    assert_4xx(client.post("/api/reports", {"report": NESTED}), "report")


NEAREST = {
    "x-1e400": ('{"points": [[1e400, 37.8]]}', "points[0]"),
    "x-400-digits": ('{"points": [[' + "9" * 400 + ', 37.8]]}', "points[0]"),
    "lone-surrogate-crs": ('{"crs": "\\udc00", "points": []}', None),
}


@pytest.mark.parametrize(("body", "parameter"), NEAREST.values(), ids=NEAREST.keys())
def test_a_bad_nearest_body_is_a_json_4xx(client, body, parameter):
    assert_4xx(client.post("/api/addresses/nearest", body.encode(), content_type="application/json"), parameter)


OPEN311_POSTS = {
    "nul-in-description": ({"description": "a\x00b"}, "description"),
    "nul-in-name": ({"first_name": "\x00"}, "first_name"),
    "nul-in-service-code": ({"service_code": "E0101\x00"}, "service_code"),
    "nul-in-address-id": ({"lat": "", "long": "", "address_id": "\x00"}, "address_id"),
    "nul-in-device-id": ({"device_id": "d\x00"}, "device_id"),
    "long-400-digits": ({"long": "9" * 400}, "long"),
    "long-5000-digits": ({"long": DIGITS_5000}, "long"),
}


@pytest.mark.parametrize(("fields", "parameter"), OPEN311_POSTS.values(), ids=OPEN311_POSTS.keys())
def test_a_bad_open311_post_is_a_json_4xx(client, fields, parameter):
    form = {"service_code": "E0101", "lat": "37.7956", "long": "113.6267", **fields}
    error = assert_4xx(client.post("/open311/v2/requests.json", form), parameter)
    assert error["code"] == 400
