"""The small county seeded into the test database (``tests/conftest.py``), checked in PostGIS."""
from __future__ import annotations

import pytest
from django.db import connection

from layers import models as m
from seeds.counts import AS_OF, CountyCounts
from spatial.codes import parse_grid_code, validate_id_number

pytestmark = pytest.mark.django_db


def scalar(sql: str, params: list | None = None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchone()[0]


def test_row_counts_match_the_scaling_rules(county_counts: CountyCounts) -> None:
    assert m.AdminArea.objects.count() == county_counts.admin_areas
    assert m.AdminArea.objects.filter(level="town").count() == 10
    assert m.AdminArea.objects.filter(level="community").count() == county_counts.communities
    assert m.Grid.objects.count() == county_counts.grids
    assert m.Building.objects.count() == county_counts.buildings
    assert m.Component.objects.count() == county_counts.components
    assert m.HousingUnit.objects.count() == county_counts.housing_units
    assert m.Resident.objects.count() == county_counts.residents
    assert m.Organisation.objects.count() == county_counts.organisations
    assert m.Facility.objects.count() == county_counts.facilities
    assert m.Incident.objects.count() == county_counts.incidents
    assert m.ComponentCategory.objects.count() == county_counts.component_categories
    assert m.EventClass.objects.count() == county_counts.event_classes
    assert m.Address.objects.exclude(level="unit").count() == county_counts.buildings


def test_every_town_has_two_or_more_communities() -> None:
    for town in m.AdminArea.objects.filter(level="town"):
        assert town.children.count() >= 2, town.name


def test_geometries_are_valid_and_in_epsg_4490() -> None:
    for model in (m.AdminArea, m.Grid, m.Building, m.Address, m.Component, m.Incident, m.Organisation, m.Facility):
        table = model._meta.db_table
        assert scalar(f"SELECT count(*) FROM {table} WHERE NOT ST_IsValid(geom) OR ST_SRID(geom) <> 4490") == 0, table


def test_county_area_is_1394_km2_on_geography() -> None:
    area = scalar("SELECT ST_Area(geom::geography) / 1e6 FROM layers_adminarea WHERE level = 'county'")
    assert area == pytest.approx(1394, rel=0.02)
    assert m.AdminArea.objects.get(level="county").area_km2 == pytest.approx(area)


def test_every_grid_lies_within_its_community_and_town() -> None:
    for column in ("community_code", "town_code"):
        outside = scalar(f"""
            SELECT count(*) FROM layers_grid g JOIN layers_adminarea a ON a.code = g.{column}
            WHERE NOT ST_CoveredBy(g.geom, ST_Buffer(a.geom, 1e-9))""")
        assert outside == 0, column


def test_grid_codes_start_with_their_community_code() -> None:
    for grid in m.Grid.objects.all():
        parse_grid_code(grid.code)
        assert grid.code.startswith(grid.community_id)
        assert grid.community_id.startswith(grid.town_id)
        assert grid.name.startswith(grid.community.name) and "网格" in grid.name


@pytest.mark.parametrize(
    "table, kinds",
    [
        ("layers_component", "AND GeometryType(t.geom) = 'POINT'"),
        ("layers_address", ""),
        ("layers_incident", ""),
        ("layers_organisation", ""),
        ("layers_facility", ""),
    ],
)
def test_points_lie_in_the_grid_they_name(table: str, kinds: str) -> None:
    total = scalar(f"SELECT count(*) FROM {table} t WHERE true {kinds}")
    inside = scalar(f"""
        SELECT count(*) FROM {table} t JOIN layers_grid g ON g.code = t.grid_code
        WHERE ST_Contains(g.geom, t.geom) {kinds}""")
    assert total > 0 and inside == total


def test_buildings_lie_within_their_grid_and_do_not_overlap() -> None:
    assert scalar("""SELECT count(*) FROM layers_building b JOIN layers_grid g ON g.code = b.grid_code
                     WHERE NOT ST_Within(b.geom, g.geom)""") == 0
    assert scalar("""SELECT count(*) FROM layers_building a JOIN layers_building b
                     ON a.id < b.id AND a.geom && b.geom AND ST_Intersects(a.geom, b.geom)""") == 0


def test_component_lines_and_polygons_are_rare() -> None:
    total = m.Component.objects.count()
    other = scalar("SELECT count(*) FROM layers_component WHERE GeometryType(geom) <> 'POINT'")
    assert 0 < other <= 0.03 * total + 1


def test_component_states_are_mostly_intact() -> None:
    intact = m.Component.objects.filter(state="intact").count() / m.Component.objects.count()
    assert 0.88 < intact < 0.97


def test_residents_are_synthetic_with_valid_id_numbers(county_counts: CountyCounts) -> None:
    assert not m.Resident.objects.filter(synthetic=False).exists()
    assert not m.Resident.objects.filter(housing_unit__isnull=True).exists()
    for id_number, birth_year in m.Resident.objects.values_list("id_number", "birth_year"):
        validate_id_number(id_number, today=AS_OF)
        assert id_number.startswith("140321") and int(id_number[6:10]) == birth_year
    registered = m.Resident.objects.filter(residence_type="registered").count() / county_counts.residents
    assert 0.8 < registered < 0.95


def test_derived_figures_add_up(county_counts: CountyCounts) -> None:
    county = m.AdminArea.objects.get(level="county")
    assert county.population == county_counts.residents
    assert sum(t.population for t in m.AdminArea.objects.filter(level="town")) == county_counts.residents
    occupied = m.HousingUnit.objects.filter(use="residential").exclude(tenure="vacant").count()
    assert sum(m.Grid.objects.values_list("households", flat=True)) == occupied
    assert not m.Grid.objects.filter(area_m2__isnull=True).exists()
    grid_km2 = sum(m.Grid.objects.values_list("area_m2", flat=True)) / 1e6
    assert grid_km2 == pytest.approx(county.area_km2, rel=1e-4)


def test_incidents_are_routed_by_the_standard_rule() -> None:
    for incident in m.Incident.objects.select_related("component"):
        if incident.component_id:
            assert incident.routed_to == incident.component.owner_department
            assert incident.grid_id == incident.component.grid_id
        else:
            assert incident.event_class_id and incident.routed_to == f"网格 {incident.grid_id}"


def test_seeded_grid_codes_agree_with_the_resnapping_rule() -> None:
    from layers.locate.bulk import resnap_layers

    moved = {layer: report.moves for layer, report in resnap_layers(dry_run=True).items()}
    assert all(report.examined > 0 for report in resnap_layers(dry_run=True).values())
    assert moved == {layer: () for layer in moved}
