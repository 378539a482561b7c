"""Tiles through the access seam: tilesets built per audience, fields from the view, the cache keyed by audience,
the front answering the anonymous audience only, and a layer anonymous callers may not read absent from every path.

There is no authentication yet, so the principals other than anonymous are built directly.
"""
from __future__ import annotations

import io

import pytest

from accounts.principal import ANONYMOUS, PUBLIC_AUDIENCE, Principal
from layers.models import Facility, Grid
from tiles.answer import tile_answer
from tiles.cache import cache_read
from tiles.catalog import get_tileset, tilesets
from tiles.front import TileFront
from tiles.grid import tile_at
from tiles.models import TileCache
from tiles.selectors import tile_get
from tiles.sql import tile_statement

A = (113.6412, 37.8013)
LEADER = Principal(user_id=2, roles={"leader"})


@pytest.fixture(autouse=True)
def connection_kept_open(monkeypatch):
    """In-process front calls must not close the test's connection (as ``tests/tiles/test_tile_front.py``)."""
    monkeypatch.setattr("tiles.front.close_old_connections", lambda: None)


@pytest.fixture
def member(grid) -> Principal:
    """A grid member of the test grid, whose restricted phone field is set."""
    Grid.objects.filter(pk=grid.pk).update(member_phone="13800000009")
    return Principal(user_id=1, roles={"grid_member"}, grids={grid.code})


class Django:
    def __init__(self):
        self.calls = []

    def __call__(self, environ, start_response):
        self.calls.append(environ["PATH_INFO"])
        start_response("418 I'm a teapot", [])
        return [b"django"]


def call(app, path: str, **headers: str) -> tuple[str, bytes]:
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "testserver",
        "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    answer = {}
    body = b"".join(app(environ, lambda status, _: answer.update(status=status)))
    return answer["status"], body


def grid_tile(grid: Grid):
    centroid = grid.geom.point_on_surface
    return tile_at(centroid.x, centroid.y, 14)


def properties(decode, tile, layer_id: str) -> list[dict]:
    return [feature["properties"] for feature in decode(tile.identity()).get(layer_id, {"features": []})["features"]]


def test_a_role_that_may_read_a_restricted_field_gets_it_in_tiles(member, grid, decode):
    tile = grid_tile(grid)
    own = tile_get(tileset=get_tileset("grids", member), tile=tile)
    public = tile_get(tileset=get_tileset("grids"), tile=tile)
    assert "13800000009" in {p.get("member_phone") for p in properties(decode, own, "grids")}
    assert all("member_phone" not in p for p in properties(decode, public, "grids"))
    assert '"member_phone"' in tile_statement(get_tileset("all", member), 14)
    assert '"member_phone"' not in tile_statement(get_tileset("all"), 14)


def test_another_audience_never_reads_or_writes_the_public_cache_rows(member, grid, decode):
    tile = grid_tile(grid)
    public_set, member_set = get_tileset("grids"), get_tileset("grids", member)
    assert (public_set.audience, member_set.audience) == (PUBLIC_AUDIENCE, member.audience)
    public = tile_get(tileset=public_set, tile=tile)
    assert not public.cached
    own = tile_get(tileset=member_set, tile=tile)
    assert not own.cached and own.etag != public.etag  # the public row was there, and not read
    rows = {row.audience: row for row in TileCache.objects.filter(tileset="grids", z=tile.z, x=tile.x, y=tile.y)}
    assert set(rows) == {PUBLIC_AUDIENCE, member.audience}
    assert rows[PUBLIC_AUDIENCE].etag == public.etag and bytes(rows[PUBLIC_AUDIENCE].body) == public.gzip
    again = tile_get(tileset=member_set, tile=tile)
    assert again.cached and again.etag == own.etag
    TileCache.objects.filter(audience=member.audience).delete()
    assert cache_read(tileset=member_set, tile=tile) is None
    assert cache_read(tileset=public_set, tile=tile).etag == public.etag


def test_an_edit_drops_the_tiles_of_every_audience(member, grid):
    tile = grid_tile(grid)
    tile_get(tileset=get_tileset("grids"), tile=tile)
    tile_get(tileset=get_tileset("grids", member), tile=tile)
    assert TileCache.objects.filter(tileset="grids", z=tile.z, x=tile.x, y=tile.y).count() == 2
    Grid.objects.filter(pk=grid.pk).update(member_phone="13800000010")
    assert not TileCache.objects.filter(tileset="grids", z=tile.z, x=tile.x, y=tile.y).exists()


def test_tiles_for_another_audience_are_private(member, grid):
    answer = tile_answer(tileset=get_tileset("grids", member), tile=grid_tile(grid), accept_encoding="gzip",
                         if_none_match="")
    public = tile_answer(tileset=get_tileset("grids"), tile=grid_tile(grid), accept_encoding="gzip", if_none_match="")
    assert answer.headers["Cache-Control"].startswith("private") and "Authorization" in answer.headers["Vary"]
    assert public.headers["Cache-Control"].startswith("public") and public.headers["Vary"] == "Accept-Encoding"


@pytest.mark.parametrize("headers", [
    {"AUTHORIZATION": "Bearer some-token"},
    {"COOKIE": "sessionid=abc"},
    {"COOKIE": "theme=dark; sessionid=abc"},
])
def test_the_front_hands_a_request_that_names_someone_to_django(db, headers, tile_url):
    django = Django()
    status, body = call(TileFront(django), tile_url("components", tile_at(*A, 18)), **headers)
    assert status.startswith("418") and body == b"django" and django.calls


def test_the_front_answers_an_anonymous_request_with_other_cookies(db, tile_url):
    django = Django()
    status, _ = call(TileFront(django), tile_url("components", tile_at(*A, 18)), COOKIE="theme=dark; csrftoken=x")
    assert status in ("200 OK", "204 No Content") and not django.calls


def test_a_grid_scoped_audience_draws_only_the_rows_of_its_grids(redeclared, make_component, grid, decode):
    other = Grid.objects.exclude(pk=grid.pk).order_by("code").first()
    redeclared("components", grid_scoped_roles=("grid_member",))
    mine, theirs = make_component(*A), make_component(A[0] + 0.00001, A[1], grid=other)
    principal = Principal(user_id=1, roles={"grid_member"}, grids={grid.code})
    scoped = get_tileset("components", principal)
    assert scoped.grids == [grid.code] and "= ANY(%(grids)s::text[])" in tile_statement(scoped, 18)
    ids = {f["id"] for f in decode(tile_get(tileset=scoped, tile=tile_at(*A, 18)).identity())["components"]["features"]}
    public = tile_get(tileset=get_tileset("components"), tile=tile_at(*A, 18))
    assert mine.pk in ids and theirs.pk not in ids
    assert {mine.pk, theirs.pk} <= {f["id"] for f in decode(public.identity())["components"]["features"]}
    clustered = decode(tile_get(tileset=scoped, tile=tile_at(*A, 14)).identity())["components"]["features"]
    assert all(f["properties"]["grid_code"] == grid.code for f in clustered)


def test_a_layer_anonymous_may_not_read_is_absent_from_every_path(client, db, redeclared, decode, tile_url):
    facility = Facility.objects.order_by("id").first()  # of the seeded county
    redeclared("facilities", read_roles=("leader",))
    tile = tile_at(facility.geom.x, facility.geom.y, 14)
    # features and their documents
    listed = [c["id"] for c in client.get("/ogc/collections?f=json").json()["collections"]]
    assert "facilities" not in listed and "components" in listed
    for path in ("", "/items", f"/items/{facility.pk}", "/queryables", "/schema"):
        answer = client.get(f"/ogc/collections/facilities{path}?f=json")
        assert answer.status_code == 404 and answer.json()["code"] == client.get(
            "/ogc/collections/no-such-layer?f=json").json()["code"]
    assert "facilities" not in client.get("/ogc/openapi?f=json").content.decode()
    # the tile catalog, TileJSON and tiles
    assert "facilities" not in [t.id for t in tilesets()] and "facilities" not in [t["id"] for t in client.get(
        "/tiles/").json()["tilesets"]]
    assert client.get("/tiles/facilities.json").status_code == 404
    assert "facilities" not in [v["id"] for v in client.get("/tiles/all.json").json()["vector_layers"]]
    assert client.get(tile_url("facilities", tile)).status_code == 404
    django = Django()
    assert call(TileFront(django), tile_url("facilities", tile))[0].startswith("418") and django.calls
    drawn = tile_get(tileset=get_tileset("all"), tile=tile)
    assert drawn is None or "facilities" not in decode(drawn.identity())
    # and a leader reads it
    leaders = tile_get(tileset=get_tileset("facilities", LEADER), tile=tile)
    assert facility.pk in {f["id"] for f in decode(leaders.identity())["facilities"]["features"]}
    assert get_tileset("all", LEADER).audience == "leader" and ANONYMOUS.audience == PUBLIC_AUDIENCE
