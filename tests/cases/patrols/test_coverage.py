"""``GET /api/patrols/coverage``: per grid and day, the share of its road length within 20 m of that day's tracks
(checked against shapely in EPSG:4547) and whether it was patrolled twice (a track before noon and one after)."""
import numpy as np
import pytest
import shapely
from django.db import connection
from pyproj import Transformer

from .conftest import DAY, bearer, gpx, road_points, timed

pytestmark = pytest.mark.django_db

URL = "/api/patrols/coverage"
TO_4547 = Transformer.from_crs("EPSG:4490", "EPSG:4547", always_xy=True)


def upload(client, token, points, hour):
    answer = client.post("/api/patrols/tracks", gpx(points, timed(points, DAY.replace(hour=hour))),
                         content_type="application/gpx+xml", **bearer(token))
    assert answer.status_code == 201, answer.content


def expected_share(grid: str, points: np.ndarray) -> float:
    """The same measure, by shapely in EPSG:4547 metres."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_AsBinary(ST_CollectionExtract(ST_Intersection(r.geom, g.geom), 2)) FROM patrols_road r "
                       "JOIN layers_grid g ON g.code = %s AND ST_Intersects(r.geom, g.geom)", [grid])
        roads = [shapely.from_wkb(bytes(row[0])) for row in cursor.fetchall()]
    project = lambda g: shapely.transform(g, lambda xy: np.column_stack(TO_4547.transform(xy[:, 0], xy[:, 1])))
    zone = project(shapely.LineString(points)).buffer(20)
    roads = [project(r) for r in roads]
    return sum(r.intersection(zone).length for r in roads) / sum(r.length for r in roads)


def coverage_of(client, grid, day=DAY.date()):
    answer = client.get(URL, {"date": day.isoformat(), "grid": grid})
    assert answer.status_code == 200, answer.content
    (row,) = answer.json()["grids"]
    return row


def test_a_day_without_tracks_covers_nothing(client, street_grid):
    row = coverage_of(client, street_grid)
    assert row["grid"] == street_grid and row["road_m"] > 0
    assert row["coverage"] == 0 and row["tracks"] == 0 and row["patrolled_twice"] is False


def test_one_morning_track_on_some_pieces(client, member, street_grid):
    points = road_points(street_grid, pieces=slice(0, 2))
    upload(client, member[1], points, 8)
    row = coverage_of(client, street_grid)
    assert row["tracks"] == 1 and row["morning_tracks"] == 1 and row["afternoon_tracks"] == 0
    assert row["patrolled_twice"] is False
    assert 0.05 < row["coverage"] < 0.95
    assert row["coverage"] == pytest.approx(expected_share(street_grid, points), abs=0.005)


def test_morning_and_afternoon_over_every_road_is_twice_and_whole(client, member, street_grid):
    points = road_points(street_grid)
    upload(client, member[1], points, 8)
    upload(client, member[1], points[::-1].copy(), 15)
    row = coverage_of(client, street_grid)
    assert row["tracks"] == 2 and row["patrolled_twice"] is True
    assert row["coverage"] == pytest.approx(1.0, abs=0.002)
    assert row["covered_m"] == pytest.approx(row["road_m"], rel=0.002)


def test_two_morning_tracks_are_not_twice(client, member, street_grid):
    points = road_points(street_grid, pieces=slice(0, 1))
    upload(client, member[1], points, 8)
    upload(client, member[1], points, 10)
    row = coverage_of(client, street_grid)
    assert row["tracks"] == 2 and row["patrolled_twice"] is False


def test_the_seeded_week_covers_every_grid(client):
    answer = client.get(URL, {"date": "2023-05-31"})
    body = answer.json()
    rows = body["grids"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM layers_grid")
        assert len(rows) == cursor.fetchone()[0]
    assert all(r["road_m"] > 0 for r in rows)
    assert all(r["tracks"] >= 1 and 0.3 < r["coverage"] <= 1 for r in rows)
    assert 0 < body["summary"]["patrolled_twice"] <= len(rows)
    assert 0.3 < body["summary"]["coverage"] <= 1


def test_town_filter(client):
    from layers.models import Grid

    town = Grid.objects.values_list("town_id", flat=True).first()
    rows = client.get(URL, {"date": "2023-05-31", "town": town}).json()["grids"]
    assert {r["town"] for r in rows} == {town} and len(rows) == Grid.objects.filter(town_id=town).count()


@pytest.mark.parametrize(("query", "status", "parameter"), [
    ({}, 400, "date"),
    ({"date": "31/05/2023"}, 400, "date"),
    ({"date": "2023-02-30"}, 400, "date"),
    ({"date": "2023-05-31", "grid": "999999999999999"}, 404, "grid"),
    ({"date": "2023-05-31", "town": "140321100011001"}, 404, "town"),
    ({"date": "2023-05-31", "limit": "3"}, 400, "limit"),
])
def test_bad_queries_name_the_parameter(client, query, status, parameter):
    answer = client.get(URL, query)
    assert answer.status_code == status and answer.json()["parameter"] == parameter
