"""Fixtures of the report tests: places in the seeded county, report bodies, photos, and the checks that a
failed request left nothing behind.

Reports made through the Django test client live in the test's transaction, which never commits: photo files
are published by ``transaction.on_commit``, so tests that look at files run the request inside
``django_capture_on_commit_callbacks(execute=True)`` (the ``committing`` fixture).
Reports made through ``live_url`` are committed by the server; ``live_reports`` deletes them afterwards so the
seeded county is unchanged for the rest of the session.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.gis.geos import Point
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import override_settings

from cases.models import Case, CaseStep, IdempotencyKey, ReportDetail, ReportPhoto
from layers.models import Component, Grid, Incident
from spatial.chinese import gcj02_to_wgs84

DATA = Path(__file__).parent / "data"
SEAT_GCJ02 = (113.6331, 37.7961)
"""A WeChat mini-program's fix near the county seat, GCJ-02 lon/lat degrees (the OpenAPI example)."""


def data_file(name: str) -> bytes:
    return (DATA / name).read_bytes()


def grid_of_gcj02(lon: float, lat: float) -> Grid:
    """The grid covering a GCJ-02 point, computed independently of the snap service: GCJ-02 to WGS 84 by
    ``spatial.chinese``, then ``Grid.objects.filter(geom__covers=point)`` (smallest code on a shared edge)."""
    wlon, wlat = gcj02_to_wgs84(lon, lat)
    return Grid.objects.filter(geom__covers=Point(wlon, wlat, srid=4490)).order_by("code").first()


def event_body(**overrides) -> dict:
    """A valid JSON report of an event (0401 无照经营游商) at the GCJ-02 seat point."""
    body = {
        "location": {"lon": SEAT_GCJ02[0], "lat": SEAT_GCJ02[1], "crs": "GCJ02", "accuracy_m": 8},
        "event_class": "0401",
        "description": "东关街路口有流动摊贩占道经营",
        "reporter": {"name": "王小明", "phone": "13903531234", "role": "resident"},
        "source": "public_app",
    }
    body.update(overrides)
    return body


@pytest.fixture
def photos_root(tmp_path: Path) -> Iterator[Path]:
    """``PINGDING_DATA_DIR`` set to a fresh directory; yields its ``photos`` directory (not yet created)."""
    with override_settings(PINGDING_DATA_DIR=tmp_path):
        yield tmp_path / "photos"


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """``with committing(): ...`` runs the on-commit callbacks (photo publishing) of what happens inside."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def post_json(db, client):
    """``post_json(body, key=None, raw=None)``: POST /api/reports as JSON (``raw`` bytes sent as they are)."""

    def post(body: dict | None = None, *, key: str | None = None, raw: bytes | None = None):
        headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
        data = raw if raw is not None else json.dumps(body, ensure_ascii=False).encode()
        return client.post("/api/reports", data=data, content_type="application/json", **headers)

    return post


@pytest.fixture
def post_multipart(db, client):
    """``post_multipart(body, photos=[(name, bytes, content_type)], key=None)``: the report as the ``report`` field."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    def post(body: dict, photos=(), *, key: str | None = None, extra: dict | None = None):
        data = {"report": json.dumps(body, ensure_ascii=False), **(extra or {})}
        data["photos"] = [SimpleUploadedFile(name, blob, content_type=ctype) for name, blob, ctype in photos]
        headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
        return client.post("/api/reports", data=data, **headers)

    return post


@pytest.fixture
def nothing_written(db, photos_root: Path):
    """``nothing_written()`` asserts that no report row (incident, detail, photo, idempotency key, case, step) was added since
    the fixture was set up and that no file (published or staged) is under the photos directory."""
    incidents = Incident.objects.count()
    cases, steps = Case.objects.count(), CaseStep.objects.count()

    def check() -> None:
        assert Incident.objects.count() == incidents
        assert ReportDetail.objects.count() == 0
        assert ReportPhoto.objects.count() == 0
        assert IdempotencyKey.objects.count() == 0
        assert Case.objects.count() == cases and CaseStep.objects.count() == steps
        files = [p for p in photos_root.rglob("*") if p.is_file()] if photos_root.exists() else []
        assert files == []

    return check


@pytest.fixture
def component_near_seat(db) -> Component:
    """A point component of the seeded county (the point component with the smallest code)."""
    return Component.objects.filter(category__geometry_kind="point").order_by("code").first()


@pytest.fixture
def live_reports(db) -> Iterator[None]:
    """For tests that post to ``live_url``: afterwards, deletes every report the live server committed (incidents
    with a report detail, their photos and details, and the idempotency keys), so the seeded county stays as it was.

    It uses ``db`` so that pytest-django sets up the test database even when only live tests are selected (else
    the default connection would still name the development database). The test itself only reads, inside its
    rolled-back transaction, which sees what the server committed (READ COMMITTED); the deletion runs on a
    connection of its own, in autocommit, since the test's transaction is rolled back."""
    yield
    cleanup = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with cleanup.cursor() as cursor:
            detail, photo, key, incident = (
                m._meta.db_table for m in (ReportDetail, ReportPhoto, IdempotencyKey, Incident)
            )
            cursor.execute(f"CREATE TEMP TABLE doomed AS SELECT incident_id AS id FROM {detail}")
            cursor.execute(f"DELETE FROM {key}")
            cursor.execute(f"DELETE FROM {photo} WHERE incident_id IN (SELECT id FROM doomed)")
            cursor.execute(f"DELETE FROM {detail} WHERE incident_id IN (SELECT id FROM doomed)")
            cursor.execute(f"DELETE FROM {incident} WHERE id IN (SELECT id FROM doomed)")
    finally:
        cleanup.close()
