"""The seam, end to end over the test client with real tokens: a grid member reads the restricted fields of its own
grid's rows and not other grids' rows; a leader reads every layer; anonymous callers are unchanged; tiles read with
a token are the token's audience's and private."""
from __future__ import annotations

import io

import pytest

from layers.models import Facility, Incident
from tiles.front import TileFront
from tiles.grid import tile_at

from .conftest import bearer, body_json

ITEMS = "/ogc/collections/incidents/items?limit=10000&f=json"


def features(answer) -> list[dict]:
    assert answer.status_code == 200, answer.content
    return body_json(answer)["features"]


def test_a_grid_member_reads_its_own_grid_s_rows_with_their_restricted_fields(client, account, grid_codes,
                                                                               redeclared):
    redeclared("incidents", grid_scoped_roles=("grid_member",))
    mine, theirs = grid_codes
    _, token = account("grid_member", grids=[mine])
    seen = features(client.get(ITEMS, **bearer(token)))
    assert seen and {f["properties"]["grid_code"] for f in seen} == {mine}
    assert len(seen) == Incident.objects.filter(grid_id=mine).count()
    assert all("reporter" in f["properties"] and "reporter_phone" in f["properties"] for f in seen)
    other = Incident.objects.filter(grid_id=theirs).order_by("pk").first()
    assert client.get(f"/ogc/collections/incidents/items/{other.pk}?f=json", **bearer(token)).status_code == 404
    own = Incident.objects.filter(grid_id=mine).order_by("pk").first()
    one = client.get(f"/ogc/collections/incidents/items/{own.pk}?f=json", **bearer(token))
    assert one.status_code == 200 and one.json()["properties"]["reporter_phone"] == own.reporter_phone


def test_anonymous_callers_read_every_grid_and_no_restricted_field(client, db, grid_codes, redeclared):
    redeclared("incidents", grid_scoped_roles=("grid_member",))
    seen = features(client.get(ITEMS))
    assert set(grid_codes) <= {f["properties"]["grid_code"] for f in seen}
    assert len(seen) == Incident.objects.count()
    assert all("reporter" not in f["properties"] and "reporter_phone" not in f["properties"] for f in seen)


def test_a_leader_reads_every_layer_even_one_anonymous_callers_may_not(client, account, redeclared):
    redeclared("facilities", read_roles=("department",))
    _, leader = account("leader")
    _, reporter = account("reporter")
    assert client.get("/ogc/collections/facilities/items?f=json").status_code == 404
    assert client.get("/ogc/collections/facilities/items?f=json", **bearer(reporter)).status_code == 404
    listed = [c["id"] for c in client.get("/ogc/collections?f=json", **bearer(leader)).json()["collections"]]
    assert "facilities" in listed
    assert len(features(client.get("/ogc/collections/facilities/items?limit=10000&f=json", **bearer(leader)))) == (
        Facility.objects.count())


def test_a_tile_read_with_a_token_is_private_to_its_audience(client, account, redeclared):
    _, token = account("leader")
    facility = Facility.objects.order_by("pk").first()
    tile = tile_at(facility.geom.x, facility.geom.y, 16)
    path = f"/tiles/facilities/{tile.z}/{tile.x}/{tile.y}.mvt"
    anonymous, signed = client.get(path), client.get(path, **bearer(token))
    assert anonymous.status_code == signed.status_code == 200
    assert anonymous["Cache-Control"].startswith("public")
    assert signed["Cache-Control"].startswith("private") and "Authorization" in signed["Vary"]
    assert client.get(path, HTTP_AUTHORIZATION="Bearer pd_0123abcd_" + "A" * 43).status_code == 401


@pytest.fixture
def front_environ():
    def environ(path: str, **headers: str) -> dict:
        return {
            "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "testserver",
            "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
            **{f"HTTP_{name}": value for name, value in headers.items()},
        }

    return environ


def test_the_tile_front_hands_a_token_request_to_django(account, front_environ, monkeypatch):
    monkeypatch.setattr("tiles.front.close_old_connections", lambda: None)  # keep the test's transaction
    _, token = account("leader")
    handed = []

    def django(environ, start_response):
        handed.append(environ["HTTP_AUTHORIZATION"])
        start_response("299 Django", [])
        return [b"django"]

    facility = Facility.objects.order_by("pk").first()
    tile = tile_at(facility.geom.x, facility.geom.y, 16)
    path = f"/tiles/facilities/{tile.z}/{tile.x}/{tile.y}.mvt"
    statuses = []
    body = TileFront(django)(front_environ(path, AUTHORIZATION=f"Bearer {token}"),
                             lambda status, headers: statuses.append(status))
    assert b"".join(body) == b"django" and handed == [f"Bearer {token}"] and statuses == ["299 Django"]
    TileFront(django)(front_environ(path), lambda status, headers: statuses.append(status))
    assert statuses[-1] == "200 OK" and len(handed) == 1  # anonymous: the front answers itself


def test_every_answer_to_a_token_is_private_and_anonymous_answers_are_unchanged(client, account):
    _, token = account("api_client")
    for path in ("/ogc/collections?f=json", "/ogc/collections/grids/items?limit=1&f=json", "/tiles/all.json"):
        signed, anonymous = client.get(path, **bearer(token)), client.get(path)
        assert signed.status_code == anonymous.status_code == 200
        assert "private" in signed["Cache-Control"] and "public" not in signed["Cache-Control"]
        assert {"Authorization", "Cookie"} <= {v.strip() for v in signed["Vary"].split(",")}
        assert "private" not in anonymous.get("Cache-Control", "") and "Authorization" not in anonymous.get("Vary", "")
