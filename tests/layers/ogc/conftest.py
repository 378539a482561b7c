"""Fixtures of the OGC API tests: features placed where a test wants them, and a reader of streamed answers.

Features are made inside the test's transaction on top of the seeded county, reusing its grid and categories when
there are some, so expected values are always computed with the ORM, never hard-coded counts.
"""
from __future__ import annotations

import itertools
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from layers.models import AdminArea, Component, ComponentCategory, EventClass, Grid, Incident
from layers.selectors import layer_extent_cache_clear

SEAT = (113.627, 37.795)
"""The county seat, lon/lat degrees (EPSG:4490)."""
SHANGHAI = ZoneInfo("Asia/Shanghai")
_serials = itertools.count(970001)


def square(lon: float, lat: float, side_deg: float) -> Polygon:
    half = side_deg / 2
    ring = ((lon - half, lat - half), (lon + half, lat - half), (lon + half, lat + half), (lon - half, lat + half),
            (lon - half, lat - half))
    return Polygon(ring, srid=4490)


@pytest.fixture(autouse=True)
def _fresh_extents():
    """Extents are cached per process; tests add features, so each test starts with an empty cache."""
    layer_extent_cache_clear()
    yield
    layer_extent_cache_clear()


@pytest.fixture
def grid(db) -> Grid:
    existing = Grid.objects.order_by("code").first()
    if existing is not None:
        return existing
    area = MultiPolygon(square(*SEAT, 1.0), srid=4490)
    county = AdminArea.objects.create(code="140321", stat_code="140321000000", name="平定县", level="county", geom=area)
    town = AdminArea.objects.create(
        code="140321100", stat_code="140321100000", name="冠山镇", level="town", parent=county, geom=area
    )
    community = AdminArea.objects.create(
        code="140321100001", stat_code="140321100001", name="测试社区", level="community", parent=town, geom=area
    )
    return Grid.objects.create(code="140321100001001", name="测试网格", town=town, community=community, geom=area)


@pytest.fixture
def make_component(grid, topology_off):
    """``make_component(lon, lat, **fields)``: a component at lon/lat (EPSG:4490), or with ``geom=`` given, anywhere
    (the rule that components lie in the county is off)."""
    topology_off("components")
    category, _ = ComponentCategory.objects.get_or_create(
        code="0101", defaults={"major_code": "01", "major_name": "公用设施", "name": "上水井盖", "owner_department": "县自来水公司"}
    )

    def make(lon: float | None = None, lat: float | None = None, **fields) -> Component:
        values = {
            "code": f"140321{category.code}{next(_serials):06d}", "category": category, "name": "测试井盖",
            "supervising_department": "县住建局", "owner_department": "县自来水公司", "maintainer_department": "县自来水公司",
            "grid": grid,
        }
        if lon is not None:
            values["geom"] = Point(lon, lat, srid=4490)
        values.update(fields)
        return Component.objects.create(**values)

    return make


@pytest.fixture
def make_incident(grid):
    """``make_incident(reported_at, lon=, lat=, **fields)``: an incident (reported_at naive = Asia/Shanghai)."""
    event_class, _ = EventClass.objects.get_or_create(
        code="0101", defaults={"major_code": "01", "major_name": "市容环境", "name": "暴露垃圾"}
    )

    def make(reported_at: datetime, lon: float = SEAT[0], lat: float = SEAT[1], **fields) -> Incident:
        if reported_at.tzinfo is None:
            reported_at = reported_at.replace(tzinfo=SHANGHAI)
        values = {
            "code": f"140321{reported_at:%Y%m%d}{next(_serials):06d}", "event_class": event_class, "source": "public_app",
            "description": "测试事件", "grid": grid, "reported_at": reported_at, "geom": Point(lon, lat, srid=4490),
        }
        values.update(fields)
        return Incident.objects.create(**values)

    return make


def read(response) -> bytes:
    """The whole body of a response, streamed or not (the test client closes a stream once it is read)."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def get_json(client):
    """``get_json(url, expect=200, **headers)``: GET, check the status, return (response, parsed body)."""

    def get(url: str, expect: int = 200, **headers):
        response = client.get(url, **headers)
        body = read(response)
        assert response.status_code == expect, body[:500]
        return response, json.loads(body)

    return get


_live_serials = itertools.count(1)


@pytest.fixture
def live_editors(django_db_blocker):
    """``live_editors(n)``: ``n`` committed ``gis_editor`` accounts, ``[(username, token), ...]``, for the live server
    (which sees committed rows only); deleted after the test."""
    from django.contrib.auth import get_user_model

    from accounts.services import create_account, new_token

    made: list[str] = []

    def make(n: int) -> list[tuple[str, str]]:
        accounts = []
        with django_db_blocker.unblock():
            for _ in range(n):
                username = f"live.editor.{next(_live_serials)}"
                create_account(username, "gis_editor")
                made.append(username)
                accounts.append((username, new_token(username, name="live tests")[1]))
        return accounts

    yield make
    with django_db_blocker.unblock():
        get_user_model().objects.filter(username__in=made).delete()


@pytest.fixture
def live_created(django_db_blocker):
    """A set the test adds the ids of the components it creates on the live server to: after the test, those still
    there are deleted and the history of all of them is dropped, so the committed county is as it was."""
    from django.db import connection

    created: set[int] = set()
    yield created
    if created:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            Component.objects.filter(pk__in=created).delete()
            cursor.execute("DELETE FROM layers_history WHERE layer = 'components' AND feature_id = ANY(%s)",
                           [sorted(created)])
