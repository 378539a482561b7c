"""``manage.py build_standard_map`` and the PostGIS sources it reads: county, towns, built-up area, streets."""
from __future__ import annotations

import io
import math

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.management import CommandError, call_command
from django.db import connection
from shapely.geometry import Point

from layers.models import AdminArea, Component
from layers.registry import get_layer
from tiles.grid import lonlat_to_mercator, pixel_size
from tiles.raster.layout import ground_scale
from tiles.raster.reader import describe
from tiles.raster.sources import BUILT_UP_AREA_KM2, county_features, seat_circle
from tiles.raster.standard_map import DEFAULT_RESOLUTION_M

from .conftest import SEAT


def _square(lon: float, lat: float, half: float) -> MultiPolygon:
    ring = ((lon - half, lat - half), (lon + half, lat - half), (lon + half, lat + half), (lon - half, lat + half),
            (lon - half, lat - half))
    return MultiPolygon(Polygon(ring, srid=4490), srid=4490)


@pytest.fixture
def county_in_db(db) -> AdminArea:
    """The seeded county when the test database has one, else a square county of 0.3° with two towns."""
    existing = AdminArea.objects.filter(level="county").first()
    if existing is not None:
        return existing
    county = AdminArea.objects.create(code="140321", stat_code="140321000000", name="平定县", level="county",
                                      geom=_square(*SEAT, 0.15))
    for k, lon in enumerate((SEAT[0] - 0.075, SEAT[0] + 0.075)):
        AdminArea.objects.create(code=f"14032110{k}", stat_code=f"14032110{k}000", name=f"镇{k}", level="town",
                                 parent=county, geom=_square(lon, SEAT[1], 0.075))
    return county


def test_the_sources_are_read_in_web_mercator(county_in_db):
    features = county_features()
    assert features.county.contains(Point(lonlat_to_mercator(*SEAT)))
    assert len(features.towns) == AdminArea.objects.filter(level="town").count() >= 2
    assert all(features.county.buffer(1.0).contains(town.centre) for town in features.towns)
    assert features.built_up.geom_type == "Polygon"


def test_the_built_up_area_is_the_hull_of_the_components(county_in_db):
    built_up = county_features().built_up
    if Component.objects.exists():
        sample = Component.objects.order_by("code").first().geom
        assert built_up.buffer(1.0).contains(Point(lonlat_to_mercator(sample.centroid.x, sample.centroid.y)))
    area_km2 = built_up.area * ground_scale(SEAT[1]) ** 2 / 1e6
    assert 1.0 < area_km2 < 2 * BUILT_UP_AREA_KM2


def test_without_components_the_built_up_area_is_15_km2_around_the_seat(county_in_db):
    built_up = seat_circle(county_features().county)
    area_km2 = built_up.area * ground_scale(SEAT[1]) ** 2 / 1e6
    assert area_km2 == pytest.approx(BUILT_UP_AREA_KM2, rel=0.01)
    assert built_up.centroid.distance(Point(lonlat_to_mercator(*SEAT))) < 1.0


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("build_standard_map", *args, "--resolution", str(pixel_size(9)), stdout=out)
    return out.getvalue()


def test_the_command_builds_once_then_only_with_force(county_in_db, settings, tmp_path):
    settings.PINGDING_DATA_DIR = tmp_path
    first = _run("--seed", "1")
    assert "Standard map built" in first and "overviews 2, 4" in first and " MB" in first
    path = tmp_path / "standard_map.tif"
    info = describe(path)
    assert (info.layout, info.crs) == ("COG", "EPSG:3857")
    assert info.grid.resolution == pytest.approx(pixel_size(9))
    built_at = path.stat().st_mtime_ns
    assert "already built" in _run()
    assert path.stat().st_mtime_ns == built_at
    assert "Standard map built" in _run("--force")
    assert path.stat().st_mtime_ns != built_at


def test_without_a_county_the_command_says_to_seed_first(db, settings, tmp_path):
    with connection.cursor() as cursor:  # rolled back with the test's transaction
        cursor.execute(f"TRUNCATE {connection.ops.quote_name(get_layer('admin-areas').table)} CASCADE")
    settings.PINGDING_DATA_DIR = tmp_path
    with pytest.raises(CommandError, match="seed_pingding"):
        _run()
    assert not (tmp_path / "standard_map.tif").exists()


def test_the_default_resolution_is_about_15_m_on_the_ground():
    assert DEFAULT_RESOLUTION_M * math.cos(math.radians(SEAT[1])) == pytest.approx(15.1, abs=0.1)
