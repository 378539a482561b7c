"""The tile cache: hits, exact invalidation by the triggers on every kind of edit, and no tile older than the data.

Expected invalidations are predicted in Python (``tiles.grid``), independently of the SQL: a cached tile must go
exactly when its envelope grown by the buffer contains an old or a new position of a changed feature. Positions are
placed well inside z20 tiles (fractions 0.37 / 0.61) so that no envelope edge passes within a metre of them.
"""
from __future__ import annotations

import itertools

import psycopg2
import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from layers.models import Component, Facility
from tiles import encoding
from tiles.cache import cache_read, cache_write
from tiles.catalog import get_tileset
from tiles.grid import TileId, mercator_to_lonlat, query_margin, tile_at, tile_bounds_3857, tile_bounds_lonlat
from tiles.models import TileCache
from tiles.selectors import tile_get, tile_render

ZOOMS = range(12, 21)
TILESETS = ("components", "all", "grids")


def spot(lon: float, lat: float) -> tuple[float, float]:
    """A position near lon/lat at fractions (0.37, 0.61) of its z20 tile: away from every envelope edge."""
    xmin, ymin, xmax, ymax = tile_bounds_3857(tile_at(lon, lat, 20))
    return mercator_to_lonlat(xmin + 0.37 * (xmax - xmin), ymax - 0.61 * (ymax - ymin))


A = spot(113.64, 37.80)                  # where the component starts, 1 km east of the seat
B = spot(113.64 + 0.004, 37.80 + 0.003)  # where it moves (~450 m away)
C = spot(113.64 - 0.0015, 37.80)         # a neighbour that stays (~130 m west)
D = spot(113.67, 37.82)                  # far away (~4 km)
E = spot(112.90, 37.30)                  # outside the county: no seeded feature near


def reads(tile: TileId, position: tuple[float, float]) -> bool:
    """Whether the tile's stored envelope (tile + buffer) contains the position."""
    west, south, east, north = tile_bounds_lonlat(tile, query_margin())
    lon, lat = position
    return west < lon < east and south < lat < north


def cached() -> set[tuple[str, TileId]]:
    return {(row.tileset, TileId(row.z, row.x, row.y)) for row in TileCache.objects.all()}


def warm(positions) -> set[tuple[str, TileId]]:
    """Render and store the tiles of TILESETS over ZOOMS at each position; returns what is cached."""
    for tileset_id, z, position in itertools.product(TILESETS, ZOOMS, positions):
        tileset = get_tileset(tileset_id)
        if tileset.layers_at(z):
            tile_get(tileset=tileset, tile=tile_at(*position, z))
    return cached()


def expected_after(before, positions, tilesets=("components", "all")) -> set[tuple[str, TileId]]:
    return {
        (tileset, tile) for tileset, tile in before
        if not (tileset in tilesets and any(reads(tile, position) for position in positions))
    }


BULK = {"per-box": (), "bulk-gist": ("tiles_invalidate_bulk = 0", "tiles_invalidate_brin_tiles = 0"),
        "bulk-brin": ("tiles_invalidate_bulk = 0", "tiles_invalidate_brin_tiles = 100000")}


@pytest.fixture(params=list(BULK))
def scene(request, make_component):
    """Components at A (to be edited), C and D (staying), and a cache warmed at A, B, C and D; each test runs with
    every strategy of the trigger: a probe of the cache index per changed box, and the bulk path (boxes indexed with
    a GiST index, or a BRIN index when few tiles are cached in their extent)."""
    with connection.cursor() as cursor:
        for setting in BULK[request.param]:
            cursor.execute(f"SET LOCAL pingding.{setting}")
    moving = make_component(*A, name="移动的井盖")
    make_component(*C)
    make_component(*D)
    before = warm([A, B, C, D])
    assert {("components", tile_at(*D, 20)), ("all", tile_at(*A, 20)), ("grids", tile_at(*A, 16))} <= before
    return moving, before


def ids_in(tileset_id: str, tile: TileId, decode) -> dict[int, dict]:
    result = tile_get(tileset=get_tileset(tileset_id), tile=tile)
    if result is None:
        return {}
    layer = decode(result.identity()).get("components", {"features": []})
    return {feature["id"]: feature["properties"] for feature in layer["features"]}


def test_a_second_read_is_a_hit_with_the_same_etag(make_component):
    make_component(*A)
    tileset, tile = get_tileset("components"), tile_at(*A, 18)
    first = tile_get(tileset=tileset, tile=tile)
    second = tile_get(tileset=tileset, tile=tile)
    assert not first.cached and second.cached
    assert first.etag == second.etag and first.gzip == second.gzip
    row = TileCache.objects.get(tileset="components", z=18, x=tile.x, y=tile.y)
    assert row.size == len(second.identity()) and row.env.srid == 4490


def test_an_empty_tile_is_stored_as_an_empty_row(db):
    tile = tile_at(-70.0, -40.0, 16)
    assert tile_get(tileset=get_tileset("components"), tile=tile) is None
    row = TileCache.objects.get()
    assert (row.tileset, row.z, row.x, row.y) == ("components", *tile)
    assert bytes(row.body) == b"" and row.etag == "" and row.size == 0
    assert tile_get(tileset=get_tileset("components"), tile=tile) is None  # now read from that row


def test_a_feature_added_to_an_empty_cached_tile_drops_its_row(make_component, decode):
    tileset, tile = get_tileset("components"), tile_at(*E, 18)
    assert tile_get(tileset=tileset, tile=tile) is None
    assert ("components", tile) in cached()
    component = make_component(*E)
    assert ("components", tile) not in cached()
    result = tile_get(tileset=tileset, tile=tile)
    assert result is not None and not result.cached
    assert component.pk in {f["id"] for f in decode(result.identity())["components"]["features"]}


def test_cache_off_stores_nothing(make_component, settings):
    settings.PINGDING_TILES_CACHE = False
    make_component(*A)
    assert tile_get(tileset=get_tileset("components"), tile=tile_at(*A, 18)) is not None
    assert not TileCache.objects.exists()


def test_moving_a_component_drops_exactly_the_tiles_of_its_old_and_new_place(scene, decode):
    moving, before = scene
    moving.geom = Point(*B, srid=4490)
    moving.save()
    expected = expected_after(before, [A, B])
    assert cached() == expected
    dropped = before - expected
    assert {z for _, tile in dropped for z in [tile.z]} == set(ZOOMS)  # at every zoom
    assert ("components", tile_at(*C, 20)) in expected and ("all", tile_at(*D, 17)) in expected
    assert moving.pk not in ids_in("components", tile_at(*A, 18), decode)
    assert moving.pk in ids_in("components", tile_at(*B, 18), decode)
    assert moving.pk in ids_in("all", tile_at(*B, 20), decode)


def test_changing_an_attribute_drops_the_tiles_that_show_it(scene, decode):
    moving, before = scene
    Component.objects.filter(pk=moving.pk).update(state="damaged")
    assert cached() == expected_after(before, [A])
    for z in (16, 20):
        assert ids_in("components", tile_at(*A, z), decode)[moving.pk]["state"] == "damaged"


def test_deleting_a_component_drops_its_tiles(scene, decode):
    moving, before = scene
    moving.delete()
    assert cached() == expected_after(before, [A])
    assert moving.pk not in ids_in("components", tile_at(*A, 17), decode)


def test_inserting_a_component_drops_the_tiles_of_its_place(scene, make_component, decode):
    _, before = scene
    new = make_component(*B)
    assert cached() == expected_after(before, [B])
    assert new.pk in ids_in("components", tile_at(*B, 19), decode)


def test_a_bulk_update_drops_the_tiles_of_every_changed_row(scene, decode):
    moving, before = scene
    staying = Component.objects.get(geom__equals=Point(*C, srid=4490))
    moving.geom = Point(*B, srid=4490)
    staying.state = "missing"
    Component.objects.bulk_update([moving, staying], ["geom", "state"])
    assert cached() == expected_after(before, [A, B, C])
    assert ids_in("components", tile_at(*C, 20), decode)[staying.pk]["state"] == "missing"


def test_a_clustered_low_zoom_tile_is_dropped_when_one_member_changes(scene, decode):
    moving, _ = scene
    low = tile_at(*A, 13)  # components cluster below z16
    assert ("components", low) in cached()
    Component.objects.filter(pk=moving.pk).update(name="改名")
    assert ("components", low) not in cached()


def test_other_layers_tiles_stay(scene):
    moving, before = scene
    moving.delete()
    assert {entry for entry in before if entry[0] == "grids"} <= cached()


def test_truncate_drops_every_tile_of_the_layer(make_component, grid):
    Facility.objects.create(code="F-TEST-1", name="测试学校", kind="school", grid=grid, geom=Point(*A, srid=4490))
    make_component(*A)
    tile_get(tileset=get_tileset("facilities"), tile=tile_at(*A, 16))
    tile_get(tileset=get_tileset("components"), tile=tile_at(*A, 16))
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred FK check may be pending at TRUNCATE
        cursor.execute('TRUNCATE "layers_facility"')
    assert {row.tileset for row in TileCache.objects.all()} == {"components"}


def test_a_tile_rendered_before_an_edit_is_not_stored_after_it(make_component):
    make_component(*A)
    tileset, tile = get_tileset("components"), tile_at(*A, 18)
    rendered = tile_render(tileset=tileset, tile=tile)
    make_component(*B)  # an edit of the layer between the render and the write
    stored = cache_write(tileset=tileset, tile=tile, versions=rendered.versions, etag="x", body=b"", size=0)
    assert not stored and not TileCache.objects.exists()
    fresh = tile_render(tileset=tileset, tile=tile)
    assert cache_write(tileset=tileset, tile=tile, versions=fresh.versions, etag="x", body=b"", size=0)


def test_no_tile_is_stored_while_an_edit_of_its_layer_is_running(db):
    """Another connection holds the version row as a running edit does: the write skips it and stores nothing."""
    tileset, tile = get_tileset("components"), tile_at(*A, 18)
    versions = tile_render(tileset=tileset, tile=tile).versions
    params = connection.settings_dict
    other = psycopg2.connect(
        dbname=params["NAME"], user=params["USER"], password=params["PASSWORD"], host=params["HOST"], port=params["PORT"]
    )
    try:
        with other.cursor() as cursor:
            cursor.execute("SET lock_timeout = '5s'")
            cursor.execute("SELECT version FROM tiles_layerversion WHERE layer = 'components' FOR UPDATE")
            assert not cache_write(tileset=tileset, tile=tile, versions=versions, etag="x", body=b"", size=0)
        other.rollback()
        assert cache_write(tileset=tileset, tile=tile, versions=versions, etag="x", body=b"", size=0)
    finally:
        other.close()


def test_a_hit_takes_the_body_from_process_memory_only_while_the_database_has_its_etag(make_component, decode):
    """The database row is the truth: memory answers for it only when the row's ETag is the one held. Here the row is
    rewritten behind this process's back (as another server process would after an edit) to another content."""
    component = make_component(*A)
    tileset, tile = get_tileset("components"), tile_at(*A, 18)
    rendered = tile_get(tileset=tileset, tile=tile)  # stored, and kept in memory
    assert cache_read(tileset=tileset, tile=tile).body == rendered.gzip
    with connection.cursor() as cursor:  # same ETag, other bytes: memory's body is what is served
        cursor.execute("UPDATE tiles_tilecache SET body = %s WHERE tileset = 'components' AND z = 18", [b"\x1f\x8b"])
    assert cache_read(tileset=tileset, tile=tile).body == rendered.gzip
    other = encoding.compress(b"another tile")
    with connection.cursor() as cursor:  # another ETag: the row's body, not memory's
        cursor.execute(
            "UPDATE tiles_tilecache SET etag = %s, body = %s WHERE tileset = 'components' AND z = 18",
            [encoding.content_hash(b"another tile"), other],
        )
    again = cache_read(tileset=tileset, tile=tile)
    assert again.body == other and again.etag == encoding.content_hash(b"another tile")
    with connection.cursor() as cursor:  # gone from the database: a miss, whatever memory holds
        cursor.execute("DELETE FROM tiles_tilecache WHERE tileset = 'components'")
    assert cache_read(tileset=tileset, tile=tile) is None
    assert component.pk in {
        f["id"] for f in decode(tile_get(tileset=tileset, tile=tile).identity())["components"]["features"]
    }
