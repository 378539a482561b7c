"""Merging and splitting grids on the seeded county: new codes by the community's next sequence, the cover kept,
every feature inside re-snapped and recorded, the accounts re-assigned, and each refusal naming its cause."""
from __future__ import annotations

import pytest
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.db import connection

from accounts.models import Account
from accounts.principal import Principal
from layers.editing.database import TopologyViolation
from layers.grids.services import grids_merge, grids_split
from layers.models import Address, Building, Component, Grid
from layers.registry import snapped_layers
from seeds.cover import grid_cover_report
from tests.accounts.conftest import account  # noqa: F401  (fixture)
from web.errors import Conflict, Forbidden, InvalidParameter, NotFound, PreconditionFailed, PreconditionRequired

from .conftest import EDITOR, cut_line


def _next_code(community: str) -> str:
    codes = Grid.objects.filter(community_id=community).values_list("code", flat=True)
    return f"{community}{max(int(c[12:]) for c in codes) + 1:03d}"


def _in_grids(model, codes) -> int:
    return model.objects.filter(grid_id__in=codes).count()


def _history_paths(layer: str) -> list[tuple[str, str]]:
    """(operation, path) of the history rows of ``layer`` written in this test's transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT operation, path FROM layers_history WHERE layer = %s AND changed_at = now() ORDER BY id",
                       [layer])
        return cursor.fetchall()


def _version(feature_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(version), 0) FROM layers_history WHERE layer = 'grids' AND feature_id = %s",
                       [feature_id])
        return cursor.fetchone()[0]


def test_a_merge_makes_one_grid_with_the_next_code_and_moves_everything_inside(pair):
    a, b = pair
    community = Grid.objects.get(code=a).community_id
    expected_code = _next_code(community)
    union = Grid.objects.get(code=a).geom.union(Grid.objects.get(code=b).geom)
    before = {model: _in_grids(model, pair) for model in (Building, Address, Component)}
    assert before[Building] > 0

    report = grids_merge(principal=EDITOR, codes=[a, b])

    assert report.retired == (a, b) and [g.code for g in report.created] == [expected_code]
    assert not Grid.objects.filter(code__in=pair).exists()
    merged = Grid.objects.get(code=expected_code)
    assert merged.community_id == community and merged.name.endswith(f"第{int(expected_code[12:])}网格")
    assert abs(merged.geom.area - union.area) < 1e-9
    for model, count in before.items():
        assert _in_grids(model, [expected_code]) == count
        assert _in_grids(model, pair) == 0
    assert report.moved["buildings"].moved == before[Building]
    body = report.as_dict()
    assert set(body["moved"]) == set(snapped_layers())
    pairs = {(m["from"], m["to"]): m["count"] for m in body["moved"]["buildings"]["fromTo"]}
    assert sum(pairs.values()) == before[Building] and {to for _, to in pairs} == {expected_code}
    assert grid_cover_report().ok


def test_a_merge_is_recorded_in_the_history_with_its_path(pair):
    grids_merge(principal=EDITOR, codes=list(pair), path="admin", actor="editor")
    assert _history_paths("grids") == [("delete", "admin"), ("delete", "admin"), ("insert", "admin")]
    assert set(_history_paths("buildings")) == {("update", "admin")}


def test_a_merge_may_keep_a_chosen_code(pair):
    a, b = pair
    report = grids_merge(principal=EDITOR, codes=[a, b], new_code=a)
    assert [g.code for g in report.created] == [a]
    assert _in_grids(Building, [b]) == 0 and _in_grids(Building, [a]) > 0


def test_a_split_by_a_line_makes_two_grids_and_re_snaps_by_the_boundary_rule(busy_grid):
    community = Grid.objects.get(code=busy_grid).community_id
    first = _next_code(community)
    buildings = _in_grids(Building, [busy_grid])

    report = grids_split(principal=EDITOR, code=busy_grid, by=cut_line(busy_grid))

    codes = [g.code for g in report.created]
    assert len(codes) == 2 and codes[0] == first and codes[1] == f"{first[:12]}{int(first[12:]) + 1:03d}"
    assert not Grid.objects.filter(code=busy_grid).exists()
    assert _in_grids(Building, codes) == buildings and report.moved["buildings"].moved == buildings
    with connection.cursor() as cursor:  # every building is in the grid covering its point on surface
        cursor.execute(
            "SELECT count(*) FROM layers_building b JOIN layers_grid g ON g.code = b.grid_code"
            " WHERE b.grid_code = ANY(%s) AND NOT ST_Covers(g.geom, ST_PointOnSurface(b.geom))", [codes])
        assert cursor.fetchone()[0] == 0
    assert grid_cover_report().ok


def test_a_split_by_polygons_keeps_them_and_takes_the_given_codes(busy_grid):
    grid = Grid.objects.get(code=busy_grid)
    xmin, ymin, xmax, ymax = grid.geom.extent
    middle = (xmin + xmax) / 2
    west = Polygon.from_bbox((xmin - 0.01, ymin - 0.01, middle, ymax + 0.01))
    east = Polygon.from_bbox((middle, ymin - 0.01, xmax + 0.01, ymax + 0.01))
    west.srid = east.srid = 4490
    codes = [f"{grid.community_id}901", f"{grid.community_id}902"]
    report = grids_split(principal=EDITOR, code=busy_grid, by=[west, east], codes=codes)
    assert [g.code for g in report.created] == codes
    assert Grid.objects.get(code=codes[0]).geom.extent[2] == pytest.approx(middle)


def test_the_accounts_of_a_re_divided_grid_take_the_new_codes(pair, busy_grid, account):
    a, b = pair
    other = Grid.objects.exclude(code__in=[a, b]).values_list("code", flat=True).first()
    member, _ = account("grid_member", grids=[a, other])
    report = grids_merge(principal=EDITOR, codes=[a, b])
    new = report.created[0].code
    assert Account.objects.get(user=member).grids == [new, other]
    assert [c.as_dict() for c in report.accounts] == [
        {"username": member.username, "gridsBefore": [a, other], "gridsAfter": [new, other]}]
    split = grids_split(principal=EDITOR, code=new, by=cut_line(new))
    assert Account.objects.get(user=member).grids == [*(g.code for g in split.created), other]


def test_a_split_whose_pieces_leave_a_gap_is_refused_with_the_place_and_nothing_changes(busy_grid):
    grid = Grid.objects.get(code=busy_grid)
    xmin, ymin, xmax, ymax = grid.geom.extent
    middle = (xmin + xmax) / 2
    west = Polygon.from_bbox((xmin - 0.01, ymin - 0.01, middle - 0.001, ymax + 0.01))
    east = Polygon.from_bbox((middle, ymin - 0.01, xmax + 0.01, ymax + 0.01))
    west.srid = east.srid = 4490
    with pytest.raises(TopologyViolation) as raised:
        grids_split(principal=EDITOR, code=busy_grid, by=[west, east])
    assert raised.value.breach["kind"] == "gap" and raised.value.breach["area_m2"] > 1
    assert Grid.objects.filter(code=busy_grid).exists()
    assert _history_paths("grids") == []


@pytest.mark.parametrize("codes, error, parameter", [
    (["140321100001"], InvalidParameter, "codes"),
    (["999999999999999", "140321100001001"], NotFound, "codes"),
])
def test_a_merge_of_too_few_or_unknown_grids_names_codes(db, codes, error, parameter):
    with pytest.raises(error) as raised:
        grids_merge(principal=EDITOR, codes=codes)
    assert raised.value.parameter == parameter


def test_a_merge_across_communities_is_refused(db):
    first = Grid.objects.order_by("code").first()
    other = Grid.objects.exclude(community_id=first.community_id).order_by("code").first()
    with pytest.raises(InvalidParameter, match="one community"):
        grids_merge(principal=EDITOR, codes=[first.code, other.code])


def test_a_chosen_code_that_exists_or_is_of_another_community_is_refused(pair):
    a, b = pair
    taken = Grid.objects.filter(community_id=a[:12]).exclude(code__in=pair).values_list("code", flat=True).first()
    if taken is not None:
        with pytest.raises(Conflict):
            grids_merge(principal=EDITOR, codes=[a, b], new_code=taken)
    with pytest.raises(InvalidParameter) as raised:
        grids_merge(principal=EDITOR, codes=[a, b], new_code="140321999999001")
    assert raised.value.parameter == "newCode"


def test_a_stale_or_missing_version_is_refused(pair):
    a, b = pair
    ids = dict(Grid.objects.filter(code__in=pair).values_list("code", "id"))
    current = {ids[code]: frozenset({_version(ids[code])}) for code in pair}
    with pytest.raises(PreconditionFailed):
        grids_merge(principal=EDITOR, codes=[a, b], expected={**current, ids[b]: frozenset({_version(ids[b]) + 1})})
    with pytest.raises(PreconditionRequired):
        grids_merge(principal=EDITOR, codes=[a, b], expected={ids[a]: current[ids[a]]})
    assert Grid.objects.filter(code__in=pair).count() == 2
    report = grids_merge(principal=EDITOR, codes=[a, b], expected=current)
    assert len(report.created) == 1


@pytest.mark.parametrize("roles", [{"grid_member"}, {"leader"}, {"department"}])
def test_only_editors_and_admins_re_divide(pair, roles):
    principal = Principal(user_id=None, roles=roles, grids=set(pair))
    with pytest.raises(Forbidden):
        grids_merge(principal=principal, codes=list(pair))


def test_a_line_that_misses_the_grid_or_a_point_is_refused(busy_grid):
    line = GEOSGeometry("SRID=4490;LINESTRING(100 10, 100.1 10.1)")
    with pytest.raises(InvalidParameter, match="does not cut"):
        grids_split(principal=EDITOR, code=busy_grid, by=line)
    with pytest.raises(InvalidParameter) as raised:
        grids_split(principal=EDITOR, code=busy_grid, by=GEOSGeometry("SRID=4490;POINT(113 37)"))
    assert raised.value.parameter == "by"
    far = MultiPolygon(Polygon.from_bbox((100, 10, 100.1, 10.1)), srid=4490)
    with pytest.raises(InvalidParameter) as raised:
        grids_split(principal=EDITOR, code=busy_grid, by=[far, far])
    assert raised.value.parameter == "by[0]"
