"""``POST /api/patrols/tracks``: a grid member uploads its own track (GPX or GeoJSON, WGS 84, CGCS2000, GCJ-02 or
BD-09); every bad upload is a JSON 4xx naming the cause, and stores nothing."""
import json
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
from django.test import override_settings

from cases.patrols.models import Track

from .conftest import DAY, bearer, geojson, gpx, in_crs, road_points, timed

URL = "/api/patrols/tracks"
DATA = Path(__file__).parent / "data"


def post(client, body, token=None, content_type="application/gpx+xml", **query):
    headers = bearer(token) if token else {}
    suffix = "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    if isinstance(body, dict):
        body, content_type = json.dumps(body), "application/geo+json"
    return client.post(URL + suffix, body, content_type=content_type, **headers)


def test_a_gpx_track_is_stored_with_its_grid_length_and_times(client, member, street_grid):
    points = road_points(street_grid, pieces=slice(0, 2))
    times = timed(points)
    answer = post(client, gpx(points, times), member[1])
    assert answer.status_code == 201, answer.content
    body = answer.json()
    track = Track.objects.get(pk=body["id"])
    assert street_grid in track.grids and body["grids"] == track.grids
    assert track.owner == member[0] and track.points == len(points) == body["points"]
    assert track.started_at == times[0] and track.ended_at == times[-1] and track.times == times
    assert track.day == DAY.date()
    assert track.geom.srid == 4490 and track.source_format == "gpx"
    _, _, metres = __import__("pyproj").Geod(ellps="GRS80").inv(points[:-1, 0], points[:-1, 1], points[1:, 0], points[1:, 1])
    assert track.length_m == pytest.approx(float(np.sum(metres)), rel=0.002)  # EPSG:4547 vs the ellipsoid


@pytest.mark.parametrize("crs", ["GCJ02", "BD09", "EPSG:4490", "CRS84"])
def test_geojson_in_each_lonlat_crs_lands_on_the_road(client, member, street_grid, crs):
    points = road_points(street_grid, pieces=slice(0, 1))
    answer = post(client, geojson(in_crs(points, crs), timed(points)), member[1], crs=crs)
    assert answer.status_code == 201, answer.content
    stored = np.asarray(Track.objects.get(pk=answer.json()["id"]).geom.coords)
    # back in CGCS2000 within a metre (1e-5 degree) of the road, though GCJ-02 and BD-09 shift it by hundreds
    assert np.abs(stored - points).max() < 1e-5
    if crs in ("GCJ02", "BD09"):
        assert np.abs(in_crs(points, crs) - points).max() > 1e-3


def _error(answer, status, code, parameter="body"):
    assert answer.status_code == status, answer.content
    body = answer.json()
    assert body["code"] == code and body.get("parameter") == parameter, body
    assert not Track.objects.filter(day=DAY.date()).exists()
    return body["description"]


@pytest.mark.parametrize("name", ["xxe.gpx", "billion_laughs.gpx", "not_well_formed.gpx", "no_points.gpx"])
def test_malformed_gpx_is_a_400(client, member, name):
    _error(post(client, (DATA / name).read_bytes(), member[1]), 400, "MalformedTrack")


def test_one_point_is_not_a_track(client, member, street_grid):
    points = road_points(street_grid)[:1]
    assert "1 point" in _error(post(client, gpx(points, timed(points)), member[1]), 400, "MalformedTrack")


def test_times_going_backward(client, member, street_grid):
    points = road_points(street_grid)[:10]
    times = timed(points)
    times[5] = times[3] - timedelta(seconds=1)
    assert "Point 5" in _error(post(client, gpx(points, times), member[1]), 400, "TimesGoBackward")


def test_a_speed_above_the_setting(client, member, street_grid):
    points = road_points(street_grid, step_m=200)[:6]
    assert "m/s" in _error(post(client, gpx(points, timed(points, speed_ms=60)), member[1]), 400, "SpeedTooHigh")
    with override_settings(PINGDING_PATROLS_MAX_SPEED_MS=80):
        assert post(client, gpx(points, timed(points, speed_ms=60)), member[1]).status_code == 201


def test_outside_the_county(client, member, street_grid):
    points = road_points(street_grid)[:20] + [1.0, 0.0]  # a degree east: outside Pingding
    _error(post(client, gpx(points, timed(points)), member[1]), 400, "OutsideCounty")


def test_too_large_a_file(client, member, street_grid):
    points = road_points(street_grid)[:50]
    with override_settings(PINGDING_PATROLS_MAX_BYTES=2000):
        _error(post(client, gpx(points, timed(points)), member[1]), 413, "PayloadTooLarge")


def test_too_many_points(client, member, street_grid):
    points = road_points(street_grid)[:50]
    with override_settings(PINGDING_PATROLS_MAX_POINTS=10):
        assert "50 points" in _error(post(client, gpx(points, timed(points)), member[1]), 413, "PayloadTooLarge")


def test_coordinates_out_of_range(client, member):
    points = np.array([[213.6, 37.8], [213.601, 37.8]])
    _error(post(client, gpx(points, timed(points)), member[1]), 400, "InvalidCoordinate")


def test_a_projected_crs_is_refused(client, member, street_grid):
    points = road_points(street_grid)[:5]
    _error(post(client, gpx(points, timed(points)), member[1], crs="EPSG:4547"), 400, "InvalidParameterValue", "crs")


def test_another_grids_track_is_refused(client, account, street_grid):
    from django.contrib.gis.db.models.functions import Distance

    from layers.models import Grid

    here = Grid.objects.get(code=street_grid).geom
    other = Grid.objects.annotate(d=Distance("geom", here)).order_by("-d").values_list("code", flat=True).first()
    _, token = account("grid_member", grids=[other])
    points = road_points(street_grid, pieces=slice(0, 1))
    assert other in _error(post(client, gpx(points, timed(points)), token), 403, "Forbidden")


@pytest.mark.parametrize("role", ["leader", "gis_editor", "reporter"])
def test_only_grid_members_upload(client, account, street_grid, role):
    _, token = account(role)
    points = road_points(street_grid, pieces=slice(0, 1))
    _error(post(client, gpx(points, timed(points)), token), 403, "Forbidden", "Authorization")


def test_anonymous_is_a_401(client, street_grid):
    points = road_points(street_grid, pieces=slice(0, 1))
    _error(post(client, gpx(points, timed(points))), 401, "NotAuthenticated", "Authorization")


def test_put_is_a_405(client, member):
    assert client.put(URL, b"", **bearer(member[1])).status_code == 405
