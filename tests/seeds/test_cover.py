"""``check_grid_cover``: passes on the seeded county, fails when a grid shrinks or is duplicated."""
from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from seeds.cover import grid_cover_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cover_rule_off(topology_off):
    """These tests break the cover on purpose to see it measured: the rule that refuses such edits is off."""
    topology_off("grids")


def execute(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


def scalar(sql: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return float(cursor.fetchone()[0])


def test_seeded_grids_tile_the_county(county_counts) -> None:
    report = grid_cover_report()
    assert report.ok, report.lines()
    assert report.grids == county_counts.grids
    assert report.error_m2 < 0.01
    assert report.county_m2 / 1e6 == pytest.approx(1394, rel=0.02)


def test_command_prints_the_figures_and_passes() -> None:
    out = io.StringIO()
    call_command("check_grid_cover", stdout=out)
    text = out.getvalue()
    for word in ("grids:", "gap:", "overlap:", "overhang:", "ok"):
        assert word in text


def test_a_shrunken_grid_leaves_a_gap() -> None:
    execute("""UPDATE layers_grid SET geom = ST_Multi(ST_Buffer(geom, -0.0005))
               WHERE code = (SELECT min(code) FROM layers_grid)""")
    report = grid_cover_report()
    assert not report.ok
    assert report.gap_m2 > 1000 and report.overlap_m2 < 1
    with pytest.raises(CommandError, match="do not tile"):
        call_command("check_grid_cover", stdout=io.StringIO())


def test_a_duplicated_grid_overlaps() -> None:
    execute("""INSERT INTO layers_grid (code, name, kind, town_code, community_code, grid_leader, grid_member,
                                        grid_assistant, member_phone, households, data_source, updated_at, geom)
               SELECT left(code, 12) || '999', name, kind, town_code, community_code, '', '', '', '', 0,
                      'test', now(), geom
               FROM layers_grid WHERE code = (SELECT min(code) FROM layers_grid)""")
    area = grid_cover_report().overlap_m2
    duplicated = scalar(
        "SELECT ST_Area(geom::geography) FROM layers_grid WHERE code = (SELECT min(code) FROM layers_grid)"
    )
    assert area == pytest.approx(duplicated, rel=1e-3)
    with pytest.raises(CommandError):
        call_command("check_grid_cover", stdout=io.StringIO())


def test_tolerance_is_an_option() -> None:
    execute("""UPDATE layers_grid SET geom = ST_Multi(ST_Buffer(geom, -0.0005))
               WHERE code = (SELECT min(code) FROM layers_grid)""")
    gap = grid_cover_report().gap_m2
    call_command("check_grid_cover", tolerance_m2=gap * 2, stdout=io.StringIO())
