"""The README's patrol tour: its GPX file lies on a street of grid 140321100011001 of the county ``make run`` seeds
(scale 1, seed 1) and passes every check; its curl lines, run as written with the real curl against the test county
(the file and grid swapped for one of the test county's, whose geometry is smaller), upload and read coverage."""
import json
import os
from pathlib import Path

import numpy as np
import pytest
import shapely

from cases.patrols.checks import check_speed, check_times
from cases.patrols.reading import read_track
from seeds.counts import expected_counts
from seeds.world import build_world
from tests.inprocess import run_against_the_application

from .conftest import DAY, gpx, road_points, timed

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "docs" / "examples" / "patrol-140321100011001.gpx"


def tour() -> list[str]:
    text = (ROOT / "README.md").read_text()
    start = text.index("curl -s -X POST http://127.0.0.1:8000/api/patrols/tracks")
    return [line for line in text[start:text.index("```", start)].strip().splitlines()]


def test_the_example_track_lies_in_its_grid_of_the_default_seed():
    track = read_track(EXAMPLE.read_bytes())
    check_times(track.times)
    check_speed(np.array(track.xs), np.array(track.ys), track.times)
    world = build_world(1, expected_counts(1.0))
    grid = world.grid_ll[list(world.grid_codes).index("140321100011001")]
    line = shapely.LineString(np.column_stack([track.xs, track.ys]))
    assert grid.buffer(1e-6).contains(line)


@pytest.mark.django_db
def test_the_tour_runs_as_written(account, street_grid, tmp_path):
    _, token = account("grid_member", grids=[street_grid])
    points = road_points(street_grid, pieces=slice(0, 1))
    (tmp_path / "track.gpx").write_bytes(gpx(points, timed(points, DAY.replace(hour=8, minute=10))))
    script = "\n".join(line for line in tour() if not line.startswith("#"))
    script = (script.replace("docs/examples/patrol-140321100011001.gpx", str(tmp_path / "track.gpx"))
              .replace("140321100011001", street_grid).replace("2023-06-01", DAY.date().isoformat()))
    status, output = run_against_the_application(script, env={**os.environ, "TOKEN": token})
    assert status == 0, output
    uploaded = json.loads(output.splitlines()[0])
    assert street_grid in uploaded["grids"] and uploaded["started_at"] == "2024-03-01T08:10:00+08:00"
    lines = output.splitlines()
    end = lines.index("}")
    coverage = json.loads("\n".join(lines[1:end + 1]))
    assert coverage["grids"][0]["tracks"] == 1 and coverage["grids"][0]["coverage"] > 0
    tracks = json.loads("\n".join(lines[end + 1:]))
    assert tracks["type"] == "FeatureCollection"
