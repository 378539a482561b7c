"""What a tile carries: public fields and ids, zoom ranges, clusters, simplification and tiny-polygon dropping."""
import math

import pytest
from django.contrib.gis.geos import Polygon

from layers.registry import get_layer, public_layers
from tiles.catalog import get_tileset
from tiles.grid import TileId, tile_at, tile_bounds_lonlat
from tiles.selectors import tile_render

RURAL = (113.951237, 37.618413)
"""A spot of the county far from the seat's built-up area, where the seed puts no city component."""


def render(tileset_id: str, tile: TileId) -> bytes:
    tileset = get_tileset(tileset_id)
    if not tileset.layers_at(tile.z):
        return b""
    return tile_render(tileset=tileset, tile=tile).mvt


def features(decode, tileset_id: str, tile: TileId, layer: str) -> list[dict]:
    return decode(render(tileset_id, tile)).get(layer, {}).get("features", [])


def features_of(decode, layer: str, tile: TileId, pk: int) -> list[dict]:
    """The features of row ``pk`` in the tile of the layer's own tileset."""
    return [f for f in features(decode, layer, tile, layer) if f["id"] == pk]


def test_a_feature_carries_its_id_and_public_fields_only(db, make_component, decode):
    component = make_component(*RURAL, name="消火栓 7", state="damaged")
    (feature,) = features_of(decode, "components", tile_at(*RURAL, 18), component.pk)
    layer = get_layer("components")
    assert set(feature["properties"]) <= set(layer.fields)
    assert feature["properties"]["name"] == "消火栓 7"
    assert feature["properties"]["state"] == "damaged"
    assert feature["properties"]["grid_code"] == component.grid_id
    assert "count" not in feature["properties"]


@pytest.mark.parametrize("layer", [layer for layer in public_layers() if layer.restricted_fields])
def test_restricted_fields_never_reach_the_sql(layer):
    from tiles.sql import layer_features

    for z in (layer.minzoom, layer.maxzoom):
        sql = layer_features(layer, z)
        for name in layer.restricted:
            assert f'"{name}"' not in sql


def test_dates_are_iso_text(db, make_component, decode):
    import datetime

    component = make_component(*RURAL, installed_on=datetime.date(2021, 3, 9))
    (feature,) = features_of(decode, "components", tile_at(*RURAL, 17), component.pk)
    assert feature["properties"]["installed_on"] == "2021-03-09"


@pytest.mark.parametrize("layer", public_layers(), ids=lambda layer: layer.id)
def test_a_layer_is_absent_outside_its_zoom_range(db, layer):
    composite = get_tileset("all")
    for z in (layer.minzoom - 1, layer.maxzoom + 1):
        if 0 <= z <= 24:
            assert layer not in composite.layers_at(z)
            assert not get_tileset(layer.id).layers_at(z)
    assert layer in composite.layers_at(layer.minzoom) and layer in composite.layers_at(layer.maxzoom)


def test_the_composite_draws_each_layer_within_its_range(db, make_component, make_building, decode):
    lon, lat = RURAL
    make_component(lon, lat)
    make_building(_circle(lon + 0.0004, lat, 12.0, 8))
    at_12 = decode(render("all", tile_at(lon, lat, 12)))
    at_16 = decode(render("all", tile_at(lon, lat, 16)))
    assert "components" in at_12 and "buildings" not in at_12  # buildings start at z13
    assert {"components", "buildings"} <= set(at_16)


def test_points_below_cluster_below_become_one_feature_per_cell(db, make_component, decode):
    layer = get_layer("components")
    lon, lat = RURAL
    made = [make_component(lon + i * 1e-5, lat + (i % 3) * 1e-5, name=f"井盖 {i}") for i in range(20)]
    z = layer.cluster_below - 2
    (cluster,) = features(decode, "components", tile_at(lon, lat, z), "components")
    first = min(made, key=lambda c: c.pk)
    assert cluster["properties"]["count"] == 20
    assert cluster["id"] == first.pk and cluster["properties"]["name"] == first.name
    at_cluster_below = features(decode, "components", tile_at(lon, lat, layer.cluster_below), "components")
    assert len([f for f in at_cluster_below if f["id"] in {c.pk for c in made}]) == 20


def test_lines_and_polygons_of_a_mixed_layer_cluster_by_their_centroid(db, make_component, decode):
    from django.contrib.gis.geos import LineString

    layer = get_layer("components")
    lon, lat = RURAL
    point = make_component(lon, lat)
    line = make_component(lon, lat, geom=LineString((lon - 1e-5, lat), (lon + 1e-5, lat), srid=4490))
    (cluster,) = features(decode, "components", tile_at(lon, lat, layer.cluster_below - 1), "components")
    assert cluster["geometry"]["type"] == "Point"
    assert cluster["properties"]["count"] == 2 and cluster["id"] == min(point.pk, line.pk)
    plain = features(decode, "components", tile_at(lon, lat, layer.cluster_below), "components")
    assert {f["geometry"]["type"] for f in plain} == {"Point", "LineString"}


def test_a_cluster_is_drawn_by_exactly_one_tile(db, make_component, decode):
    """Points near a tile edge: their cluster is in the tile that holds them, not repeated in the neighbour's buffer."""
    layer = get_layer("components")
    z = layer.cluster_below - 1
    tile = tile_at(*RURAL, z)
    west, south, east, north = tile_bounds_lonlat(tile)
    lat = (south + north) / 2
    inside = [make_component(east - 2e-6 * (i + 1), lat) for i in range(3)]
    neighbour = TileId(z, tile.x + 1, tile.y)
    ids = {c.pk for c in inside}
    drawn = [f for f in features(decode, "components", tile, "components") if f["id"] in ids]
    assert sum(f["properties"]["count"] for f in drawn) == 3
    assert not [f for f in features(decode, "components", neighbour, "components") if f["id"] in ids]


def _circle(lon: float, lat: float, radius_m: float, vertices: int) -> Polygon:
    dlon = radius_m / (111320 * math.cos(math.radians(lat)))
    dlat = radius_m / 110540
    ring = [
        (lon + dlon * math.cos(2 * math.pi * i / vertices), lat + dlat * math.sin(2 * math.pi * i / vertices))
        for i in range(vertices)
    ]
    return Polygon(ring + ring[:1], srid=4490)


def _vertices(feature: dict) -> int:
    geometry = feature["geometry"]
    rings = geometry["coordinates"] if geometry["type"] == "Polygon" else [r for p in geometry["coordinates"] for r in p]
    return sum(len(ring) for ring in rings)


def test_polygons_are_simplified_below_maxzoom(db, make_building, decode, tile_centre):
    layer = get_layer("buildings")
    lon, lat = tile_centre(tile_at(*RURAL, layer.maxzoom))
    building = make_building(_circle(lon, lat, 8.0, 128))  # fits in its tile at maxzoom
    detailed = features_of(decode, "buildings", tile_at(lon, lat, layer.maxzoom), building.pk)
    coarse = features_of(decode, "buildings", tile_at(lon, lat, 15), building.pk)
    assert detailed and coarse
    assert _vertices(detailed[0]) > 100
    assert _vertices(coarse[0]) < _vertices(detailed[0]) / 4


def test_tiny_polygons_are_dropped_below_maxzoom(db, make_building, decode):
    layer = get_layer("buildings")
    lon, lat = RURAL
    tiny = make_building(_circle(lon, lat, 2.0, 8))  # ~13 m²: under a pixel at z13, many pixels at z20
    assert not features_of(decode, "buildings", tile_at(lon, lat, layer.minzoom), tiny.pk)
    assert features_of(decode, "buildings", tile_at(lon, lat, layer.maxzoom), tiny.pk)


def test_a_statement_binds_the_tile_and_quotes_registry_identifiers():
    from tiles.sql import tile_statement

    sql = tile_statement(get_tileset("all"), 14)
    assert "%(z)s, %(x)s, %(y)s" in sql
    assert "ST_Transform(ST_ClipByBox2D(ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => 64.0 / 4096)" in sql
    for layer in get_tileset("all").layers_at(14):
        assert f'FROM "{layer.table}"' in sql
        assert f"ST_AsMVT(t, '{layer.id}', 4096, 'geom', 'id')" in sql


def test_the_tile_query_uses_the_gist_index(db):
    """The bbox filter is in the storage SRID, so the planner can probe the geometry index."""
    from django.db import connection

    from tiles.grid import pixel_size
    from tiles.sql import tile_statement

    tile = tile_at(113.627, 37.795, 16)
    params = {"z": tile.z, "x": tile.x, "y": tile.y, "px": pixel_size(tile.z), "layers": ["components"]}
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + tile_statement(get_tileset("components"), 16), params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "layers_component_geom" in plan and "Index" in plan


@pytest.mark.parametrize(("lon", "lat"), [(113.627, 37.795), (0.0, 0.0), (-179.9, -84.9), (179.9, 84.9), (12.5, -33.3)])
def test_the_mercator_centre_formulas_are_what_st_transform_computes(db, lon, lat):
    from django.db import connection

    from tiles.sql import mercator_centre

    mx, my = mercator_centre("g")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {mx}, {my}, ST_X(t), ST_Y(t) FROM (SELECT ST_SetSRID(ST_MakePoint(%s, %s), 4490) AS g) AS p,"
            " LATERAL (SELECT ST_Transform(g, 3857) AS t) AS q",
            [lon, lat],
        )
        x, y, expected_x, expected_y = cursor.fetchone()
    assert x == pytest.approx(expected_x, abs=1e-6) and y == pytest.approx(expected_y, abs=1e-6)
