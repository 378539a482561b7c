"""The generator as pure Python (no database): determinism, counts, codes, shapes."""
from __future__ import annotations

import re

import numpy as np
import pytest
import shapely

from layers import models as m
from seeds.codes import id_check_chars
from seeds.counts import AS_OF, PUBLISHED, expected_counts
from seeds.county import County, generate_county
from seeds.frame import SEAT_LAT, SEAT_LON, LocalFrame, geodesic_area_m2
from seeds.outline import county_outline
from seeds.partition import phase_rng
from seeds.world import build_world
from spatial.codes import (
    id_number_check_char,
    parse_admin_code,
    parse_component_code,
    parse_grid_code,
    validate_credit_code,
    validate_id_number,
)

from ..conftest import TEST_SCALE, TEST_SEED


@pytest.fixture(scope="module")
def county() -> County:
    return generate_county(scale=TEST_SCALE, seed=TEST_SEED)


def test_same_seed_gives_identical_rows(county: County) -> None:
    again = generate_county(scale=TEST_SCALE, seed=TEST_SEED)
    assert [t.db_table for t in again.tables] == [t.db_table for t in county.tables]
    for first, second in zip(county.tables, again.tables):
        assert first.copy_text() == second.copy_text(), first.db_table


def test_another_seed_gives_other_rows(county: County) -> None:
    other = generate_county(scale=TEST_SCALE, seed=TEST_SEED + 1)
    for model in (m.AdminArea, m.Grid, m.Building, m.Component, m.Resident):
        assert other.table(model).copy_text() != county.table(model).copy_text(), model.__name__


def test_counts_follow_the_scaling_rules(county: County) -> None:
    counts = expected_counts(TEST_SCALE)
    expected = {
        m.AdminArea: counts.admin_areas, m.Grid: counts.grids, m.Building: counts.buildings,
        m.Component: counts.components, m.HousingUnit: counts.housing_units, m.Resident: counts.residents,
        m.Organisation: counts.organisations, m.Facility: counts.facilities, m.Incident: counts.incidents,
        m.ComponentCategory: counts.component_categories, m.EventClass: counts.event_classes,
    }
    for model, n in expected.items():
        assert len(county.table(model)) == n, model.__name__
    levels = county.table(m.Address).values["level"]
    assert int(np.sum(np.asarray(levels) != "unit")) == counts.buildings


def test_published_counts_at_scale_one() -> None:
    counts = expected_counts(1.0)
    assert (counts.towns, counts.communities, counts.grids) == (10, PUBLISHED["communities"], 452)
    assert counts.components == 74_173
    assert (counts.housing_units, counts.residents) == (150_000, 303_600)


@pytest.mark.parametrize("scale", [0.0001, 0.001, 0.02])
def test_small_scales_keep_a_usable_county(scale: float) -> None:
    counts = expected_counts(scale)
    assert counts.towns == 10
    assert counts.communities >= 2 * counts.towns
    assert counts.grids >= max(20, counts.communities)
    assert counts.components == round(74_173 * scale)


@pytest.mark.parametrize("scale", [0, -1.0])
def test_scale_must_be_positive(scale: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        expected_counts(scale)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_county_outline_is_1394_km2(seed: int) -> None:
    frame = LocalFrame.at()
    outline = frame.geom_to_lonlat(county_outline(phase_rng(seed, "outline"), frame))
    assert geodesic_area_m2(outline) / 1e6 == pytest.approx(1394, rel=0.02)
    assert outline.contains(shapely.Point(SEAT_LON, SEAT_LAT))
    minx, miny, maxx, maxy = outline.bounds
    assert 45 < (maxx - minx) * frame.m_per_deg_lon / 1000 < 75
    assert 25 < (maxy - miny) * frame.m_per_deg_lat / 1000 < 45


@pytest.mark.parametrize("seed", [1, 2])
def test_built_up_area_is_15_km2_around_the_seat_inside_guanshan(seed: int) -> None:
    world = build_world(seed, expected_counts(1.0))
    assert geodesic_area_m2(world.built_up_ll) / 1e6 == pytest.approx(15, rel=0.03)
    assert world.built_up_ll.contains(shapely.Point(SEAT_LON, SEAT_LAT))
    assert world.towns[0].name == "冠山镇"
    assert world.town_ll[0].contains(world.built_up_ll)
    assert geodesic_area_m2(world.county_ll) / 1e6 == pytest.approx(1394, rel=0.02)


def test_components_lie_in_the_built_up_area(county: County) -> None:
    world = build_world(TEST_SEED, expected_counts(TEST_SCALE))
    geoms = shapely.from_wkb(np.asarray(county.table(m.Component).values["geom"], dtype=object))
    assert shapely.contains(world.built_up_ll, geoms).all()


def test_admin_grid_and_component_codes_are_valid(county: County) -> None:
    areas = county.table(m.AdminArea).values
    for code, level, parent in zip(areas["code"], areas["level"], areas["parent"]):
        assert parse_admin_code(code).level == level
        assert parent is None or code.startswith(parent)
    towns = {c for c, lvl in zip(areas["code"], areas["level"]) if lvl == "town"}
    assert towns == {f"140321{s}" for s in ("100", "101", "102", "103", "104", "105", "106", "107", "200", "201")}
    grids = county.table(m.Grid).values
    for code, community, town in zip(grids["code"], grids["community"], grids["town"]):
        parse_grid_code(code)
        assert code.startswith(community) and community.startswith(town)
    components = county.table(m.Component).values
    serials: dict[str, list[int]] = {}
    for code, klass in zip(components["code"], components["category"]):
        parsed = parse_component_code(code)
        assert parsed.county == "140321" and parsed.major + parsed.minor == klass
        serials.setdefault(klass, []).append(int(parsed.serial))
    for klass, numbers in serials.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), klass


def test_building_address_and_unit_codes_nest(county: County) -> None:
    buildings = county.table(m.Building).values
    assert all(re.fullmatch(r"\d{19}", c) and c[:15] == g for c, g in zip(buildings["code"], buildings["grid"]))
    addresses = county.table(m.Address).values
    assert len(set(addresses["code"])) == len(addresses["code"])
    pairs = zip(addresses["code"], addresses["building"])
    assert all(re.fullmatch(r"\d{12,30}", c) and c.startswith(b) for c, b in pairs)
    units = county.table(m.HousingUnit).values
    assert len(set(units["code"])) == len(units["code"])
    assert all(c.startswith(b) for c, b in zip(units["code"], units["building"]))
    assert set(units["address"]) <= set(addresses["code"])


def test_credit_codes_and_id_numbers_are_valid(county: County) -> None:
    for code in county.table(m.Organisation).values["credit_code"]:
        assert validate_credit_code(code)[2:8] == "140321"
    residents = county.table(m.Resident).values
    ids = residents["id_number"]
    assert len(set(ids)) == len(ids)
    for id_number, gender in zip(ids, residents["gender"]):
        validate_id_number(id_number, today=AS_OF)
        assert id_number.startswith("140321")
        assert int(id_number[16]) % 2 == (1 if gender == "M" else 0)
    assert all(residents["synthetic"])


def test_vectorised_id_check_matches_spatial_codes() -> None:
    rng = np.random.default_rng(5)
    bodies = np.array([f"140321{rng.integers(10**10, 10**11)}" for _ in range(2000)])
    assert list(id_check_chars(bodies)) == [id_number_check_char(b) for b in bodies]
