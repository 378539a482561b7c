"""CQL2 filters on /items over the seeded county: each answer is the set of ids the ORM (or hand-written SQL) finds."""
from __future__ import annotations

import json
from datetime import date, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from django.contrib.gis.geos import Point, Polygon
from django.db import connection
from django.db.models import Q

from layers.models import Component, Incident
from spatial.chinese import wgs84_to_gcj02
from spatial.crs import EPSG_4547
from spatial.transform import transform_xy

from ..ogc.conftest import SEAT, read

SHANGHAI = ZoneInfo("Asia/Shanghai")
LON, LAT = SEAT
BOX = Polygon.from_bbox((LON - 0.01, LAT - 0.01, LON + 0.01, LAT + 0.01))
BOX.srid = 4490


def items(client, collection: str, expect: int = 200, **params) -> dict:
    response = client.get(f"/ogc/collections/{collection}/items?" + urlencode({"limit": 10000, **params}))
    body = json.loads(read(response))
    assert response.status_code == expect, body
    return body


def ids(body: dict) -> set[int]:
    assert body["numberMatched"] == body["numberReturned"]
    return {feature["id"] for feature in body["features"]}


def orm(model, q: Q) -> set[int]:
    return set(model.objects.filter(q).values_list("id", flat=True))


COMPONENT_CASES = [
    ("state = 'damaged'", Q(state="damaged")),
    ("state <> 'intact'", ~Q(state="intact")),
    ("code LIKE '14032101%'", Q(code__startswith="14032101")),
    ("code LIKE '140321__01%'", Q(code__regex=r"^140321..01")),
    ("code NOT LIKE '%1'", ~Q(code__endswith="1")),
    ("state IN ('damaged', 'missing')", Q(state__in=["damaged", "missing"])),
    ("state NOT IN ('intact')", ~Q(state="intact")),
    ("installed_on < DATE('2015-01-01')", Q(installed_on__lt=date(2015, 1, 1))),
    ("installed_on BETWEEN DATE('2012-01-01') AND DATE('2018-12-31')",
     Q(installed_on__gte=date(2012, 1, 1), installed_on__lte=date(2018, 12, 31))),
    ("installed_on IS NULL", Q(installed_on__isnull=True)),
    ("installed_on IS NOT NULL", Q(installed_on__isnull=False)),
    ("state = 'damaged' OR state = 'missing' AND code LIKE '14%'",
     Q(state="damaged") | (Q(state="missing") & Q(code__startswith="14"))),
    ("NOT (state = 'intact' OR state = 'damaged')", ~Q(state__in=["intact", "damaged"])),
    ("T_BEFORE(installed_on, DATE('2015-06-01'))", Q(installed_on__lt=date(2015, 6, 1))),
    ("T_AFTER(installed_on, DATE('2015-06-01'))", Q(installed_on__gt=date(2015, 6, 1))),
    ("T_DURING(installed_on, INTERVAL('2012-01-01', '2016-01-01'))",
     Q(installed_on__gt=date(2012, 1, 1), installed_on__lt=date(2016, 1, 1))),
    ("T_INTERSECTS(installed_on, INTERVAL('2012-01-01', '..'))", Q(installed_on__gte=date(2012, 1, 1))),
    ("T_DISJOINT(installed_on, INTERVAL('..', '2012-01-01'))", Q(installed_on__gt=date(2012, 1, 1))),
    (f"S_INTERSECTS(geometry, {BOX.wkt})", Q(geom__intersects=BOX)),
    (f"S_WITHIN(geometry, {BOX.wkt})", Q(geom__within=BOX)),
    (f"S_INTERSECTS(geometry, BBOX({LON - 0.01}, {LAT - 0.01}, {LON + 0.01}, {LAT + 0.01}))", Q(geom__intersects=BOX)),
    (f"NOT S_DISJOINT(geometry, {BOX.wkt}) AND state = 'intact'", Q(geom__intersects=BOX, state="intact")),
]


@pytest.mark.parametrize("text, expected", COMPONENT_CASES, ids=[case[0][:50] for case in COMPONENT_CASES])
def test_cql2_text_selects_what_the_orm_selects(client, db, text, expected):
    want = orm(Component, expected)
    assert 0 < len(want) < Component.objects.count() or "NULL" in text, f"{text}: a case that selects nothing tells nothing"
    assert ids(items(client, "components", filter=text)) == want


def test_the_seeded_county_has_what_the_cases_need(db):
    assert Component.objects.count() > 50
    assert Component.objects.filter(geom__intersects=BOX).exists()


JSON_CASES = [
    ({"op": "=", "args": [{"property": "state"}, "damaged"]}, Q(state="damaged")),
    ({"op": "and", "args": [{"op": "like", "args": [{"property": "code"}, "14%"]},
                            {"op": "in", "args": [{"property": "state"}, ["missing", "occupied"]]}]},
     Q(code__startswith="14", state__in=["missing", "occupied"])),
    ({"op": "between", "args": [{"property": "installed_on"}, {"date": "2012-01-01"}, {"date": "2018-12-31"}]},
     Q(installed_on__range=(date(2012, 1, 1), date(2018, 12, 31)))),
    ({"op": "s_intersects", "args": [{"property": "geometry"}, json.loads(BOX.geojson)]}, Q(geom__intersects=BOX)),
    ({"op": "not", "args": [{"op": "isNull", "args": [{"property": "installed_on"}]}]}, Q(installed_on__isnull=False)),
]


@pytest.mark.parametrize("tree, expected", JSON_CASES, ids=[case[0]["op"] for case in JSON_CASES])
def test_cql2_json_selects_what_the_orm_selects(client, db, tree, expected):
    body = items(client, "components", filter=json.dumps(tree), **{"filter-lang": "cql2-json"})
    assert ids(body) == orm(Component, expected)


def dwithin_sql(lon: float, lat: float, metres: float) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM layers_component WHERE ST_DWithin(geom::geography, "
            "ST_SetSRID(ST_MakePoint(%s, %s), 4490)::geography, %s)", (lon, lat, metres)
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.parametrize("metres", [50.0, 300.0, 1500.0])
def test_s_dwithin_is_in_metres_on_the_geography(client, db, metres):
    want = dwithin_sql(LON, LAT, metres)
    got = ids(items(client, "components", filter=f"S_DWITHIN(geometry, POINT({LON} {LAT}), {metres})"))
    assert got == want
    if metres == 1500.0:
        assert want and len(want) < Component.objects.count()


def test_filter_crs_reads_geometries_in_its_axis_order(client, db):
    want = dwithin_sql(LON, LAT, 800)
    (east,), (north,) = transform_xy([LON], [LAT], src=__import__("spatial.crs").crs.STORAGE_CRS, dst=EPSG_4547)
    northing_first = f"S_DWITHIN(geometry, POINT({north} {east}), 800)"
    assert ids(items(client, "components", filter=northing_first, **{"filter-crs": EPSG_4547.uri})) == want
    lat_first = f"S_DWITHIN(geometry, POINT({LAT} {LON}), 800)"
    assert ids(items(client, "components", filter=lat_first,
                     **{"filter-crs": "http://www.opengis.net/def/crs/EPSG/0/4490"})) == want
    glon, glat = wgs84_to_gcj02(LON, LAT)
    gcj = ids(items(client, "components", filter=f"S_DWITHIN(geometry, POINT({glon} {glat}), 800)",
                    **{"filter-crs": "GCJ02"}))
    assert gcj == want


def test_a_filter_combines_with_bbox_and_property_filters(client, db):
    box = f"{LON - 0.01},{LAT - 0.01},{LON + 0.01},{LAT + 0.01}"
    body = items(client, "components", filter="code LIKE '14%'", bbox=box, state="intact")
    assert ids(body) == orm(Component, Q(geom__intersects=BOX, code__startswith="14", state="intact"))


def test_paging_counts_the_filtered_rows(client, db):
    body = items(client, "components", filter="state = 'intact'", limit=7)
    assert body["numberMatched"] == Component.objects.filter(state="intact").count()
    assert body["numberReturned"] == 7
    next_link = next(link["href"] for link in body["links"] if link["rel"] == "next")
    assert "filter=" in next_link


INCIDENT_CASES = [
    ("reported_at >= TIMESTAMP('2025-07-01T00:00:00Z')", Q(reported_at__gte=datetime(2025, 7, 1, tzinfo=ZoneInfo("UTC")))),
    ("T_BEFORE(reported_at, TIMESTAMP('2025-03-01T00:00:00+08:00'))",
     Q(reported_at__lt=datetime(2025, 3, 1, tzinfo=SHANGHAI))),
    ("T_DURING(reported_at, INTERVAL('2025-07-01', '..'))", Q(reported_at__gt=datetime(2025, 7, 1, tzinfo=SHANGHAI))),
    ("T_INTERSECTS(reported_at, INTERVAL('2025-07-01T00:00:00Z', '2025-12-01T00:00:00Z'))",
     Q(reported_at__range=(datetime(2025, 7, 1, tzinfo=ZoneInfo("UTC")), datetime(2025, 12, 1, tzinfo=ZoneInfo("UTC"))))),
    ("closed_at IS NULL AND status <> 'closed'", Q(closed_at__isnull=True) & ~Q(status="closed")),
]


@pytest.mark.parametrize("text, expected", INCIDENT_CASES, ids=[case[0][:50] for case in INCIDENT_CASES])
def test_temporal_filters_on_incidents(client, db, text, expected):
    want = orm(Incident, expected)
    assert 0 < len(want) < Incident.objects.count()
    assert ids(items(client, "incidents", filter=text)) == want


@pytest.mark.parametrize("op, expected", [
    ("T_EQUALS", lambda t: Q(reported_at=t)),
    ("T_MEETS", lambda t: Q(reported_at=t)),
    ("T_BEGINS", lambda t: Q(pk__in=[])),  # [t, t] starts no interval of its own length
    ("T_OVERLAPS", lambda t: Q(pk__in=[])),
    ("T_DISJOINT", lambda t: ~Q(reported_at=t)),
    ("T_AFTER", lambda t: Q(reported_at__gt=t)),
])
def test_allen_relations_of_an_instant_to_an_instant(client, db, op, expected):
    instant = Incident.objects.order_by("reported_at").values_list("reported_at", flat=True)[40]
    text = f"{op}(reported_at, TIMESTAMP('{instant.isoformat().replace('+00:00', 'Z')}'))"
    assert ids(items(client, "incidents", filter=text)) == orm(Incident, expected(instant))


def test_allen_relations_to_an_interval(client, db):
    times = list(Incident.objects.order_by("reported_at").values_list("reported_at", flat=True))
    start, end = times[10], times[50]
    interval = f"INTERVAL('{start.isoformat()}', '{end.isoformat()}')"
    assert ids(items(client, "incidents", filter=f"T_MEETS(reported_at, {interval})")) == orm(Incident, Q(reported_at=start))
    assert ids(items(client, "incidents", filter=f"T_METBY(reported_at, {interval})")) == orm(Incident, Q(reported_at=end))
    assert ids(items(client, "incidents", filter=f"T_BEGINS(reported_at, {interval})")) == orm(Incident, Q(reported_at=start))
    assert ids(items(client, "incidents", filter=f"T_ENDS(reported_at, {interval})")) == orm(Incident, Q(reported_at=end))
    assert ids(items(client, "incidents", filter=f"T_CONTAINS(reported_at, {interval})")) == set()
