"""The pre-reform division of the seeded test county and its replay: as many old grids as the published 574 scale
to, cut from today's exactly, and ``replay_redivision`` turning them back into today's grids with the cover
intact, in one transaction rolled back unless committed."""
from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from layers.models import Building, Grid
from seeds.cover import grid_cover_report
from seeds.models import PriorGrid
from seeds.reform import chord_pieces, prior_count
from seeds.replay import replay_redivision


def test_the_prior_division_has_the_scaled_count_and_covers_what_today_covers(db, county_counts):
    assert prior_count(452) == 574
    assert PriorGrid.objects.count() == prior_count(county_counts.grids)
    reforms = Counter(PriorGrid.objects.values_list("reform", flat=True))
    assert reforms["merged"] >= 2 and reforms["split"] >= 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_Area(ST_SymDifference((SELECT ST_Union(geom) FROM seeds_priorgrid),"
                       " (SELECT ST_Union(geom) FROM layers_grid))::geography)")
        assert cursor.fetchone()[0] < 1.0
    today = set(Grid.objects.values_list("code", flat=True))
    successors = {c for s in PriorGrid.objects.values_list("successors", flat=True) for c in s}
    assert successors == today
    old = PriorGrid.objects.exclude(reform="kept").values_list("code", flat=True)
    assert not set(old) & today and all(int(code[12:]) >= 501 for code in old)


def test_a_chord_cut_keeps_every_vertex_and_adds_none():
    from shapely.geometry import MultiPolygon, Polygon

    square = MultiPolygon([Polygon([(0, 0), (2, 0), (2, 1), (2, 2), (0, 2)])])
    first, second = chord_pieces(square)
    assert first.area + second.area == pytest.approx(square.area)
    vertices = {c for p in (first, second) for g in p.geoms for c in g.exterior.coords}
    assert vertices == set(square.geoms[0].exterior.coords)


def test_the_replay_turns_the_old_division_into_todays_and_rolls_back(db):
    before = dict(Grid.objects.values_list("code", "id"))
    report = replay_redivision(commit=False)
    assert report.grids_before == PriorGrid.objects.count() and report.grids_after == len(before)
    assert report.count("merge") == len({s[0] for s in PriorGrid.objects.filter(reform="merged")
                                         .values_list("successors", flat=True)})
    assert report.count("split") == PriorGrid.objects.filter(reform="split").count()
    assert sum(report.moved().values()) > 0 and report.moved()["buildings"] == report.setup_moved["buildings"]
    assert report.cover.ok and report.cover.gap_m2 + report.cover.overlap_m2 < 1.0
    assert dict(Grid.objects.values_list("code", "id")) == before  # rolled back
    assert grid_cover_report().ok


def test_the_committed_replay_ends_with_todays_codes_every_feature_in_its_grid_and_the_history(db):
    buildings = dict(Building.objects.values_list("code", "grid_id"))
    report = replay_redivision(commit=True)  # inside the test's transaction, rolled back with it
    assert sorted(Grid.objects.values_list("code", flat=True)) == sorted({c for s in PriorGrid.objects
                                                                         .values_list("successors", flat=True) for c in s})
    assert dict(Building.objects.values_list("code", "grid_id")) == buildings
    assert grid_cover_report().ok
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT path, actor_name FROM layers_history WHERE changed_at = now()")
        assert cursor.fetchall() == [("redivision", "replay_redivision")]
    assert len(report.steps) == report.count("merge") + report.count("split")


def test_the_command_prints_the_report_and_ends_with_the_cover(db):
    out = io.StringIO()
    call_command("replay_redivision", stdout=out)
    text = out.getvalue()
    assert "merges" in text and "splits" in text and "buildings" in text and "result:   ok" in text
    assert "Rolled back: nothing changed." in text


def test_the_command_refuses_grids_edited_since_the_seed(db):
    PriorGrid.objects.filter(reform="split").delete()  # as if its two grids had been drawn since
    with pytest.raises(CommandError, match="not the seeded division"):
        call_command("replay_redivision", stdout=io.StringIO())
