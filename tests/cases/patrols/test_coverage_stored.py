"""Patrol coverage as a stored fact (``patrols_coverage`` rows): equal to the on-the-fly reference measure for the
seeded week and after uploads, written in the upload's own transaction (nothing stored when the upload fails), and
recomputed by ``manage.py patrols_coverage`` after a re-division of the grids."""
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.principal import Principal
from cases.patrols import services
from cases.patrols.models import Coverage, GridRoads, Track
from cases.patrols.reading import read_track
from layers.grids.services import grids_merge
from seeds.patrols import DAYS, LAST_DAY
from spatial.crs import resolve_crs
from tests.layers.grids.conftest import EDITOR, pair  # noqa: F401  (fixture)

from .conftest import DAY, gpx, road_points, timed
from .reference import reference_coverage

pytestmark = pytest.mark.django_db
SEEDED = [LAST_DAY - timedelta(days=n) for n in range(DAYS)]


def _stored(day, grid=None):
    from cases.patrols.selectors import grid_coverage

    return grid_coverage(day=day, grid=grid)


def _same(stored, reference):
    assert [r.code for r in stored] == [r.code for r in reference]
    for got, want in zip(stored, reference):
        assert (got.tracks, got.morning, got.afternoon) == (want.tracks, want.morning, want.afternoon), got.code
        assert got.road_m == pytest.approx(want.road_m, rel=1e-9, abs=1e-6), got.code
        assert got.covered_m == pytest.approx(want.covered_m, rel=1e-9, abs=1e-6), got.code


def _upload(grid, points, hour, user_id):
    raw = read_track(gpx(points, timed(points, DAY.replace(hour=hour))))
    principal = Principal(user_id=user_id, roles={"grid_member"}, grids={grid})
    return services.track_upload(principal=principal, raw=raw, crs=resolve_crs("EPSG:4490"))


@pytest.mark.parametrize("day", [SEEDED[0], SEEDED[-1]])
def test_the_seeded_days_are_stored_as_the_reference_measures_them(day):
    stored = _stored(day)
    assert Coverage.objects.filter(day=day).count() == len(stored) and all(r.tracks > 0 for r in stored)
    _same(stored, reference_coverage(day=day))


def test_every_seeded_grid_day_is_stored_and_none_outside():
    days = set(Coverage.objects.values_list("day", flat=True).distinct())
    assert days == set(SEEDED)
    assert GridRoads.objects.count() >= len(_stored(LAST_DAY))


def test_an_upload_stores_its_grids_day_in_its_transaction(member, street_grid):
    user = member[0]
    assert not Coverage.objects.filter(day=DAY.date()).exists()
    track = _upload(street_grid, road_points(street_grid, pieces=slice(0, 2)), 8, user.pk)
    rows = Coverage.objects.filter(day=DAY.date())
    assert sorted(r.grid_code for r in rows) == sorted(track.grids)
    row = rows.get(grid_code=street_grid)
    assert row.tracks == 1 and row.twice is False and 0 < row.share < 1
    assert row.share == pytest.approx(row.covered_m / row.road_m)
    _same(_stored(DAY.date()), reference_coverage(day=DAY.date()))


def test_a_second_upload_adds_to_the_stored_day(member, street_grid):
    user = member[0]
    _upload(street_grid, road_points(street_grid, pieces=slice(0, 1)), 8, user.pk)
    _upload(street_grid, road_points(street_grid), 15, user.pk)
    row = Coverage.objects.get(grid_code=street_grid, day=DAY.date())
    assert row.tracks == 2 and row.morning == 1 and row.afternoon == 1 and row.twice is True
    assert row.share == pytest.approx(1.0, abs=0.002)
    _same(_stored(DAY.date(), street_grid), reference_coverage(day=DAY.date(), grid=street_grid))


def test_a_failing_coverage_leaves_no_track(monkeypatch, member, street_grid):
    real = services.coverage_fill

    def fill_then_fail(**kwargs):
        real(**kwargs)
        raise RuntimeError("the coverage statement failed")

    monkeypatch.setattr(services, "coverage_fill", fill_then_fail)
    with pytest.raises(RuntimeError):
        _upload(street_grid, road_points(street_grid), 8, member[0].pk)
    assert not Track.objects.filter(day=DAY.date()).exists()
    assert not Coverage.objects.filter(day=DAY.date()).exists()


def test_a_refused_upload_stores_nothing(member, street_grid):
    from cases.patrols.errors import NotYourGrids

    points = road_points(street_grid)
    raw = read_track(gpx(points, timed(points, DAY.replace(hour=8))))
    elsewhere = Principal(user_id=member[0].pk, roles={"grid_member"}, grids={"140321999999999"})
    with pytest.raises(NotYourGrids):
        services.track_upload(principal=elsewhere, raw=raw, crs=resolve_crs("EPSG:4490"))
    assert not Coverage.objects.filter(day=DAY.date()).exists()


def test_the_command_repairs_the_stored_rows_after_a_merge(pair):
    a, b = pair
    day = LAST_DAY
    grids_merge(principal=EDITOR, codes=[a, b], new_code=a)
    Coverage.objects.filter(day=day).exclude(grid_code=a).update(covered_m=0, share=0)
    out = io.StringIO()
    call_command("patrols_coverage", "--from", SEEDED[-1].isoformat(), "--to", LAST_DAY.isoformat(), stdout=out)
    assert "grid-day(s)" in out.getvalue()
    _same(_stored(day), reference_coverage(day=day))
    assert GridRoads.objects.get(grid_code=a).road_m == pytest.approx(reference_coverage(day=day, grid=a)[0].road_m)


def test_a_grid_not_measured_yet_reads_its_roads_on_the_fly(street_grid):
    GridRoads.objects.filter(grid_code=street_grid).delete()
    _same(_stored(DAY.date(), street_grid), reference_coverage(day=DAY.date(), grid=street_grid))


@pytest.mark.parametrize("args", [["--from", "2023-05-31", "--to", "2023-05-01"],
                                  ["--from", "yesterday", "--to", "2023-05-01"]])
def test_the_command_refuses_bad_ranges(args):
    with pytest.raises(CommandError):
        call_command("patrols_coverage", *args, stdout=io.StringIO())
