"""The stored patrol coverage follows the grids with no ``patrols_coverage`` run: after the commit of a re-division
(service or API) the tracks are tagged with the grids they touch now and the coverage rows are those of the new
grids, equal to the reference measure; rows of retired codes are gone. Edits that change no grid's geometry or code,
and re-divisions rolled back, send nothing."""
from __future__ import annotations

import json

import pytest
from django.db import connection, transaction
from django.test import override_settings

from cases.patrols.jobs import COVERAGE_JOB
from cases.patrols.models import Coverage, GridRoads, Track
from jobs.models import Job
from jobs.tasks import run_job_now
from layers.editing.database import TopologyViolation
from layers.grids.changes import grids_changed
from layers.grids.services import grids_merge, grids_split
from layers.history.context import history_context
from layers.models import Building, Grid
from seeds.patrols import LAST_DAY
from tests.layers.grids.conftest import EDITOR, cut_line, pair  # noqa: F401  (fixture)

from .conftest import DAY
from .reference import reference_coverage
from .test_coverage_stored import _same, _stored, _upload, road_points

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent():
    """The ``grids_changed`` signals sent while the test runs, as (old codes, new codes)."""
    signals = []

    def receive(sender, *, old_codes, new_codes, **kwargs):
        signals.append((old_codes, new_codes))

    grids_changed.connect(receive, dispatch_uid="test_regrid")
    yield signals
    grids_changed.disconnect(dispatch_uid="test_regrid")


def _roads_as_measured(codes):
    for code in codes:
        if GridRoads.objects.filter(grid_code=code).exists():
            reference = reference_coverage(day=DAY.date(), grid=code)[0].road_m
            assert GridRoads.objects.get(grid_code=code).road_m == pytest.approx(reference, rel=1e-9, abs=1e-6)


def test_a_split_of_the_grid_a_track_crosses_moves_its_coverage_to_the_new_grids(
        member, street_grid, django_capture_on_commit_callbacks, sent):
    track = _upload(street_grid, road_points(street_grid), 8, member[0].pk)
    assert Coverage.objects.filter(grid_code=street_grid, day=DAY.date(), tracks=1).exists()
    with django_capture_on_commit_callbacks() as callbacks:
        report = grids_split(principal=EDITOR, code=street_grid, by=cut_line(street_grid))
    new_codes = {grid.code for grid in report.created}
    assert Coverage.objects.filter(grid_code=street_grid).exists()  # stale until the commit's callbacks run
    for callback in callbacks:
        callback()
    assert sent == [(frozenset({street_grid}), frozenset(new_codes))]
    track.refresh_from_db()
    assert street_grid not in track.grids and new_codes <= set(track.grids)
    assert not Coverage.objects.filter(grid_code=street_grid).exists()
    assert not GridRoads.objects.filter(grid_code=street_grid).exists()
    rows = Coverage.objects.filter(day=DAY.date())
    assert sorted(rows.values_list("grid_code", flat=True)) == sorted(track.grids)
    assert all(row.tracks == 1 for row in rows.filter(grid_code__in=new_codes))
    _same(_stored(DAY.date()), reference_coverage(day=DAY.date()))
    _same(_stored(LAST_DAY), reference_coverage(day=LAST_DAY))
    _roads_as_measured(new_codes)


def _merge_over_api(client, account, pair, capture) -> tuple[object, str]:
    """Merge ``pair`` through ``POST /api/grids/merge`` as a new GIS editor, running what the commit sends; the
    editor and the new grid's code."""
    user, token = account("gis_editor")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    etags = ", ".join(client.get(f"/ogc/collections/grids/items/{Grid.objects.get(code=code).pk}", **headers)["ETag"]
                      for code in pair)
    with capture(execute=True):
        answer = client.post("/api/grids/merge", data=json.dumps({"codes": list(pair)}),
                             content_type="application/json", HTTP_IF_MATCH=etags, **headers)
    assert answer.status_code == 200, answer.content
    (created,) = answer.json()["created"]
    return user, created["code"]


def _followed(pair, code) -> None:
    assert not Coverage.objects.filter(grid_code__in=pair).exists()
    assert not Track.objects.filter(grids__overlap=list(pair)).exists()
    assert Track.objects.filter(grids__contains=[code], day=LAST_DAY).exists()
    assert Coverage.objects.filter(grid_code=code, day=LAST_DAY, tracks__gt=0).exists()
    _same(_stored(LAST_DAY), reference_coverage(day=LAST_DAY))


def test_a_merge_over_the_api_moves_the_seeded_coverage(client, account, pair, django_capture_on_commit_callbacks):
    assert Coverage.objects.filter(grid_code__in=pair, day=LAST_DAY).exists()
    _, code = _merge_over_api(client, account, pair, django_capture_on_commit_callbacks)
    _followed(pair, code)
    assert not Job.objects.filter(kind=COVERAGE_JOB).exists()


@override_settings(PINGDING_PATROLS_REGRID_INLINE=2)
def test_more_grid_days_than_inline_go_to_a_job_of_the_editor(client, account, pair,
                                                              django_capture_on_commit_callbacks):
    user, code = _merge_over_api(client, account, pair, django_capture_on_commit_callbacks)
    job = Job.objects.get(kind=COVERAGE_JOB)
    assert job.owner == user and job.state == "queued" and len(job.params["pairs"]) > 2
    assert [code, LAST_DAY.isoformat()] in job.params["pairs"]
    assert not Coverage.objects.filter(grid_code__in=[*pair, code]).exists()  # re-tagged, not stored yet
    assert run_job_now(str(job.pk)) == "succeeded"
    job.refresh_from_db()
    assert job.result["stored"] == len(job.params["pairs"])
    _followed(pair, code)


def test_a_refused_split_sends_nothing_and_changes_no_coverage(street_grid, django_capture_on_commit_callbacks, sent):
    before = list(Coverage.objects.filter(grid_code=street_grid).values_list("day", "covered_m"))
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TopologyViolation):
        grids_split(principal=EDITOR, code=street_grid, by=[cut_line(street_grid).buffer(0.0001)] * 2)
    assert sent == []
    assert list(Coverage.objects.filter(grid_code=street_grid).values_list("day", "covered_m")) == before


def test_edits_that_move_no_grid_send_nothing(street_grid, django_capture_on_commit_callbacks, sent):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic(), history_context(principal=EDITOR, path="api"):
            Grid.objects.filter(code=street_grid).update(households=123)
            Building.objects.filter(grid_id=street_grid).update(name="改名")
    assert sent == []


def test_a_grid_geometry_rewritten_in_any_edit_is_sent(street_grid, django_capture_on_commit_callbacks, sent):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic(), history_context(principal=EDITOR, path="wfs"), connection.cursor() as cursor:
            cursor.execute("UPDATE layers_grid SET geom = ST_Reverse(geom) WHERE code = %s", [street_grid])
    assert sent == [(frozenset({street_grid}), frozenset({street_grid}))]
