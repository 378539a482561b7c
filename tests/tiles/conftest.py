"""Fixtures of the tile tests: features placed where a test wants them, and tile helpers.

The features are made inside the test's transaction on top of whatever the session seed holds, reusing its grid
and component category when there is one, so the tests also run on an empty database.
"""
from __future__ import annotations

import itertools

import mapbox_vector_tile
import pytest
from django.contrib.gis.geos import Point, Polygon

from layers.models import AdminArea, Building, Component, ComponentCategory, Grid
from tiles import encoding
from tiles.grid import TileId, tile_bounds_lonlat

_serials = itertools.count(990001)


def square(lon: float, lat: float, side_deg: float) -> Polygon:
    """A square polygon of ``side_deg`` degrees centred on lon/lat (EPSG:4490)."""
    half = side_deg / 2
    corners = [(lon - half, lat - half), (lon + half, lat - half), (lon + half, lat + half), (lon - half, lat + half)]
    return Polygon(corners + corners[:1], srid=4490)


@pytest.fixture
def grid(db) -> Grid:
    existing = Grid.objects.order_by("code").first()
    if existing is not None:
        return existing
    county = AdminArea.objects.create(
        code="140321", stat_code="140321000000", name="平定县", level="county", geom=_multi(square(113.6, 37.8, 1.0))
    )
    town = AdminArea.objects.create(
        code="140321100", stat_code="140321100000", name="冠山镇", level="town", parent=county,
        geom=_multi(square(113.6, 37.8, 1.0)),
    )
    community = AdminArea.objects.create(
        code="140321100001", stat_code="140321100001", name="测试社区", level="community", parent=town,
        geom=_multi(square(113.6, 37.8, 1.0)),
    )
    return Grid.objects.create(
        code="140321100001001", name="测试网格", town=town, community=community,
        geom=_multi(square(113.6, 37.8, 1.0)),
    )


def _multi(polygon: Polygon):
    from django.contrib.gis.geos import MultiPolygon

    return MultiPolygon(polygon, srid=polygon.srid)


@pytest.fixture
def category(db) -> ComponentCategory:
    found, _ = ComponentCategory.objects.get_or_create(
        code="0101",
        defaults={
            "major_code": "01", "major_name": "公用设施", "name": "上水井盖",
            "owner_department": "县自来水公司",
        },
    )
    return found


@pytest.fixture
def make_component(grid, category, topology_off):
    """``make_component(lon, lat, **fields)``: a point component at lon/lat (EPSG:4490), anywhere (tiles are tested
    at chosen coordinates: the rule that components lie in the county is off)."""
    topology_off("components")

    def make(lon: float, lat: float, **fields) -> Component:
        values = {
            "code": f"140321{category.code}{next(_serials):06d}",
            "category": category,
            "name": "测试井盖",
            "supervising_department": "县住建局",
            "owner_department": "县自来水公司",
            "maintainer_department": "县自来水公司",
            "grid": grid,
            "geom": Point(lon, lat, srid=4490),
        }
        values.update(fields)
        return Component.objects.create(**values)

    return make


@pytest.fixture
def make_building(grid, topology_off):
    """``make_building(polygon, **fields)``: a building with that footprint (overlapping others if it must)."""
    topology_off("buildings")

    def make(polygon: Polygon, **fields) -> Building:
        values = {"code": f"{grid.code}{next(_serials) % 10000:04d}", "use": "residential", "grid": grid, "geom": polygon}
        values.update(fields)
        return Building.objects.create(**values)

    return make


def _decode(body: bytes, *, gzipped: bool = False) -> dict:
    if gzipped:
        body = encoding.decompress(body)
    return mapbox_vector_tile.decode(body, default_options={"y_coord_down": True})


@pytest.fixture
def decode():
    """``decode(body, gzipped=False)``: an MVT decoded with mapbox_vector_tile, ``{layer: {"features": [...]}}``."""
    return _decode


@pytest.fixture
def tile_url():
    """``tile_url(tileset, tile, ext="mvt")``: the path of a tile."""
    return lambda tileset, tile, ext="mvt": f"/tiles/{tileset}/{tile.z}/{tile.x}/{tile.y}.{ext}"


def centre(tile: TileId) -> tuple[float, float]:
    """The lon/lat centre of a tile."""
    west, south, east, north = tile_bounds_lonlat(tile)
    return (west + east) / 2, (south + north) / 2


@pytest.fixture
def tile_centre():
    return centre
