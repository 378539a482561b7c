"""``GET /api/patrols/tracks``: a day's tracks as GeoJSON; the member's name only to those who read the grid staff's
personal fields (and to the member itself); a grid member sees the tracks of its grids only."""
import pytest

from tests.accounts.conftest import body_json

from .conftest import DAY, bearer, gpx, road_points, timed

URL = "/api/patrols/tracks"


@pytest.fixture
def uploaded(client, member, street_grid):
    user, token = member
    user.first_name = "王巡查"
    user.save()
    points = road_points(street_grid, pieces=slice(0, 1))
    answer = client.post(URL, gpx(points, timed(points)), content_type="application/gpx+xml", **bearer(token))
    assert answer.status_code == 201
    return answer.json()["id"]


def features(client, token, **query):
    answer = client.get(URL, {"date": DAY.date().isoformat(), **query}, **bearer(token))
    assert answer.status_code == 200, answer.content
    assert answer["Content-Type"].startswith("application/geo+json")
    return body_json(answer)["features"]


def test_a_leader_reads_tracks_with_names(client, account, uploaded, street_grid):
    (feature,) = features(client, account("leader")[1])
    assert feature["id"] == uploaded and feature["geometry"]["type"] == "LineString"
    assert feature["properties"]["owner"] == "王巡查" and street_grid in feature["properties"]["grids"]
    assert len(feature["properties"]["times"]) == feature["properties"]["points"]


def test_a_gis_editor_reads_tracks_without_names(client, account, uploaded):
    """The GIS staff do not read the grid staff's personal fields (the grids layer's restricted ones)."""
    (feature,) = features(client, account("gis_editor")[1])
    assert feature["properties"]["owner"] is None


def test_the_member_sees_its_own_name(client, member, uploaded):
    (feature,) = features(client, member[1])
    assert feature["properties"]["owner"] == "王巡查"


def test_a_member_of_another_grid_sees_none(client, account, uploaded, street_grid):
    from django.contrib.gis.db.models.functions import Distance

    from layers.models import Grid

    here = Grid.objects.get(code=street_grid).geom
    other = Grid.objects.annotate(d=Distance("geom", here)).order_by("-d").values_list("code", flat=True).first()
    assert features(client, account("grid_member", grids=[other])[1]) == []
    assert len(features(client, account("grid_member", grids=[other, street_grid])[1])) == 1


def test_grid_filter(client, account, uploaded, street_grid):
    token = account("leader")[1]
    assert len(features(client, token, grid=street_grid)) == 1


def test_anonymous_and_reporters_are_refused(client, account, uploaded):
    assert client.get(URL, {"date": "2024-03-01"}).status_code == 401
    answer = client.get(URL, {"date": "2024-03-01"}, **bearer(account("reporter")[1]))
    assert answer.status_code == 403 and answer.json()["code"] == "Forbidden"


def test_the_seeded_day_has_tracks(client, account):
    found = features(client, account("leader")[1], date="2023-05-31")
    assert len(found) >= 30 and all(f["properties"]["owner"] for f in found)  # the grid member's name
    assert features(client, account("gis_editor")[1], date="2023-05-31")[0]["properties"]["owner"] is None
