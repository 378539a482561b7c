"""Replay the grid reform: put the pre-reform division (:mod:`seeds.reform`, the ``seeds.PriorGrid`` store) in place
of today's grids, then merge and split it back into today's grids with the re-division services
(``layers.grids``), all in ONE transaction, rolled back unless committed; each step recorded in the history with
the path ``redivision``. Ends with the cover measured (``seeds.cover``) inside the same transaction.
"""
from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.gis.geos import GEOSGeometry
from django.db import connection, transaction

from accounts.principal import Principal
from layers.grids.assignments import reassign_accounts
from layers.grids.report import Redivision
from layers.grids.services import grids_merge, grids_split
from layers.history.context import history_context
from layers.locate.bulk import resnap_within
from layers.models import Grid

from .cover import CoverReport, grid_cover_report
from .models import PriorGrid

REPLAYER = Principal(user_id=None, roles={"admin"})
ACTOR = "replay_redivision"
PATH = "redivision"


class NotTheSeededDivision(ValueError):
    """Today's grids are not those the pre-reform division leads to (edited since the seed, or never seeded)."""


@dataclass
class ReplayReport:
    prior_grids: int = 0
    grids_before: int = 0
    grids_after: int = 0
    setup_moved: Counter = field(default_factory=Counter)
    steps: list[Redivision] = field(default_factory=list)
    cover: CoverReport | None = None
    seconds: float = 0.0
    setup_seconds: float = 0.0

    def moved(self) -> Counter:
        total: Counter = Counter()
        for step in self.steps:
            total.update({layer: report.moved for layer, report in step.moved.items()})
        return total

    def count(self, operation: str) -> int:
        return sum(step.operation == operation for step in self.steps)


SETUP_INSERT = (
    "INSERT INTO layers_grid (code, name, kind, town_code, community_code, grid_leader, grid_member, grid_assistant,"
    " member_phone, households, area_m2, data_source, updated_at, geom)"
    " SELECT code, name, kind, town_code, community_code, grid_leader, grid_member, grid_assistant, member_phone, 0,"
    " ST_Area(geom::geography), 'synthetic', now(), geom FROM seeds_priorgrid WHERE reform <> 'kept'"
)
SETUP_DELETE = "DELETE FROM layers_grid WHERE code = ANY(%(codes)s::text[])"
SETUP_AREA = ("SELECT ST_AsEWKB(ST_Multi(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(geom)), 3))) FROM layers_grid"
              " WHERE code = ANY(%(codes)s::text[])")


def _check_today(prior: list[PriorGrid]) -> None:
    today = set(Grid.objects.values_list("code", flat=True))
    expected = {code for grid in prior for code in grid.successors}
    if not prior or today != expected:
        missing, extra = sorted(expected - today), sorted(today - expected)
        raise NotTheSeededDivision(
            "The grids are not the seeded division the pre-reform one leads to"
            + (f" (missing {', '.join(missing[:3])}" if missing else " (")
            + (f"; not in it {', '.join(extra[:3])}" if extra else "") + "); seed again (seed_pingding --replace)."
            if prior else "There is no pre-reform division; seed the county first (seed_pingding)."
        )


def _set_up(prior: list[PriorGrid], report: ReplayReport) -> None:
    """Today's grids that the reform made replaced by the old ones, the features inside re-snapped to them and the
    accounts of today's grids assigned to the old ones."""
    old = [grid for grid in prior if grid.reform != "kept"]
    retiring = sorted({code for grid in old for code in grid.successors})
    backwards: dict[str, list[str]] = defaultdict(list)
    for grid in old:
        for code in grid.successors:
            backwards[code].append(grid.code)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(SETUP_AREA, {"codes": retiring})
        area = bytes(cursor.fetchone()[0])
        cursor.execute(SETUP_INSERT)
        cursor.execute(SETUP_DELETE, {"codes": retiring})
        moved = resnap_within(cursor, area=area, codes=[*retiring, *(grid.code for grid in old)])
        reassign_accounts(backwards)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    report.setup_moved.update({layer: r.moved for layer, r in moved.items()})


def _steps(prior: list[PriorGrid]) -> list[tuple[str, list[PriorGrid]]]:
    """The reform's steps in today's code order: a merge per grid made of several old ones, a split per old grid."""
    merged: dict[str, list[PriorGrid]] = defaultdict(list)
    steps = []
    for grid in prior:
        if grid.reform == "merged":
            merged[grid.successors[0]].append(grid)
        elif grid.reform == "split":
            steps.append((grid.successors[0], "split", [grid]))
    steps += [(code, "merge", grids) for code, grids in merged.items()]
    return [(operation, grids) for _, operation, grids in sorted(steps, key=lambda step: step[0])]


def replay_redivision(*, commit: bool = False, progress: Callable[[str], None] | None = None) -> ReplayReport:
    """The reform replayed on the layers in one transaction (rolled back unless ``commit``)."""
    say = progress or (lambda line: None)
    report = ReplayReport()
    started = time.perf_counter()
    prior = list(PriorGrid.objects.order_by("code"))
    with transaction.atomic():
        _check_today(prior)
        report.prior_grids, report.grids_after = len(prior), Grid.objects.count()
        split_parts = _split_parts(prior)
        with history_context(principal=REPLAYER, path=PATH, actor_name=ACTOR):
            _set_up(prior, report)
        report.grids_before = Grid.objects.count()
        report.setup_seconds = time.perf_counter() - started
        say(f"  pre-reform division in place: {report.grids_before} grids, "
            f"{sum(report.setup_moved.values()):,} features re-snapped to them ({report.setup_seconds:.1f} s)")
        for operation, grids in _steps(prior):
            if operation == "merge":
                step = grids_merge(principal=REPLAYER, codes=[grid.code for grid in grids],
                                   new_code=grids[0].successors[0], path=PATH, actor=ACTOR)
            else:
                (grid,) = grids
                step = grids_split(principal=REPLAYER, code=grid.code, by=split_parts[grid.code],
                                   codes=list(grid.successors), path=PATH, actor=ACTOR)
            report.steps.append(step)
            say("  " + step.lines()[0])
        report.cover = grid_cover_report()
        report.seconds = time.perf_counter() - started
        if not commit:
            transaction.set_rollback(True)
    return report


def _split_parts(prior: list[PriorGrid]) -> dict[str, list[GEOSGeometry]]:
    """For each old grid that was split: today's shapes of its successors (read before the set-up retires them)."""
    wanted = {code for grid in prior if grid.reform == "split" for code in grid.successors}
    shapes = dict(Grid.objects.filter(code__in=wanted).values_list("code", "geom"))
    return {grid.code: [shapes[code] for code in grid.successors] for grid in prior if grid.reform == "split"}
