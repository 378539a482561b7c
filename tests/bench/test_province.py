"""The province benchmark's harness: county offsets from the components' corners, the reads spread over the other
counties, and which database it would build."""
from __future__ import annotations

import uuid

import pytest

from bench.province import database_exists, elsewhere, offsets
from bench.reads import Read


def test_offsets_are_from_pingding_to_each_other_county():
    corners = {"140321": (113.5, 37.7), "140322": (114.2, 37.7), "140302": (113.5, 38.2)}
    assert offsets(corners, "140321") == {"140322": (pytest.approx(0.7), 0.0), "140302": (0.0, pytest.approx(0.5))}


@pytest.mark.parametrize(("corners", "message"), [
    ({"140322": (114.2, 37.7)}, "no components of 140321"),
    ({"140321": (113.5, 37.7)}, "holds only 140321: run manage.py seed_province"),
])
def test_a_database_that_is_no_province_stops_the_run(corners, message):
    with pytest.raises(RuntimeError, match=message):
        offsets(corners, "140321")


def read(path: str) -> Read:
    return Read("page", path, lambda raw: None)


def test_as_many_reads_elsewhere_as_at_home_taking_the_counties_in_turn():
    home = [read(f"/home/{i}") for i in range(5)]
    others = {county: [read(f"/{county}/{i}") for i in range(5)] for county in ("140322", "140302")}
    assert [r.path for r in elsewhere(home, others)] == [
        "/140302/0", "/140322/1", "/140302/2", "/140322/3", "/140302/4"]


def test_a_missing_database_is_found_missing(live_env):
    url = live_env["DATABASE_URL"]
    assert database_exists(url)
    assert not database_exists(url.rsplit("/", 1)[0] + f"/no_such_province_{uuid.uuid4().hex[:8]}")


def test_no_province_is_built_without_the_commands_that_build_it(live_env, monkeypatch):
    import bench.province as province

    url = live_env["DATABASE_URL"].rsplit("/", 1)[0] + f"/no_such_province_{uuid.uuid4().hex[:8]}"
    monkeypatch.setattr(province, "BUILD_STEPS", (("migrate", "--noinput"), ("no_such_seed_command",)))
    with pytest.raises(RuntimeError, match="no manage.py no_such_seed_command"):
        province.build_province(url)
    assert not database_exists(url)


def test_a_failed_build_step_leaves_no_database_behind(live_env, monkeypatch):
    import bench.province as province

    url = live_env["DATABASE_URL"].rsplit("/", 1)[0] + f"/no_such_province_{uuid.uuid4().hex[:8]}"
    monkeypatch.setattr(province, "BUILD_STEPS", (("migrate", "no_such_app"),))
    with pytest.raises(RuntimeError, match="manage.py migrate no_such_app failed"):
        province.build_province(url)
    assert not database_exists(url)


def test_reads_elsewhere_must_match_pingdings_kind_for_kind():
    home = [read("/home/0"), read("/home/1")]
    others = {"140322": [read("/140322/0"), Read("tile", "/tiles/components/12/1/1.mvt", lambda raw: None)]}
    with pytest.raises(RuntimeError, match="kind for kind"):
        elsewhere(home, others)
