"""Fixtures of the evaluation tests: a month of cases made row by row (their steps at chosen instants) in two grids of
two towns, and two patrol tracks, far from the seeded county's dates so that only these count."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.gis.geos import LineString

from cases.models import Case, CaseStep
from cases.patrols.models import Road, Track
from layers.models import Grid, Incident
from tests.accounts.conftest import account, bearer  # noqa: F401  (fixtures)

LOCAL = ZoneInfo("Asia/Shanghai")
FIRST, LAST = date(2030, 3, 1), date(2030, 3, 31)
PATROL_DAY = date(2030, 3, 4)


def at(day: int, hour: float, month: int = 3) -> datetime:
    return datetime(2030, month, day, tzinfo=LOCAL) + timedelta(hours=hour)


@dataclass
class Made:
    """What the month holds: the two grids, their towns, and each case with its steps ``(action, at, deadline_at)``."""

    grids: tuple[str, str]
    towns: tuple[str, str]
    cases: list[tuple[Case, list[tuple[str, datetime, datetime | None]]]] = field(default_factory=list)


def _incident(template: Incident, grid: str, serial: int, reported: datetime, accepted: datetime | None) -> Incident:
    return Incident.objects.create(
        code=f"14032120300301{serial:06d}", status="accepted", source="test", description="evaluation",
        reporter="", reporter_phone="", routed_to="", reported_at=reported, accepted_at=accepted,
        geom=Grid.objects.get(code=grid).geom.point_on_surface, event_class_id=template.event_class_id,
        component_id=None, grid_id=grid)


@pytest.fixture
def month(db) -> Made:
    """Seven cases in March 2030 (one filed before it, one closed after it, one rejected, one without steps) and two
    tracks on the 4th along a road of the first grid."""
    grids = list(Grid.objects.order_by("code"))
    g1 = next(g for g in grids if Road.objects.filter(geom__intersects=g.geom).exists())
    g2 = next(g for g in grids if g.town_id != g1.town_id)
    template = Incident.objects.filter(event_class__isnull=False).first()
    made = Made(grids=(g1.code, g2.code), towns=(g1.town_id, g2.town_id))
    rows = [
        # grid, department, state, steps, incident accepted_at (for a case without steps)
        (g1, "县城管局", "closed", [("report", at(2, 8), None), ("file", at(2, 9), at(2, 11)),
                                     ("dispatch", at(2, 10), at(3, 10)), ("accept", at(2, 11), at(3, 10)),
                                     ("feed_back", at(2, 15), at(3, 15)), ("verify", at(2, 16), at(3, 16)),
                                     ("close", at(3, 9), None)], None),
        (g1, "县城管局", "handled", [("report", at(5, 8), None), ("file", at(5, 9), at(5, 11)),
                                      ("dispatch", at(5, 10), at(6, 10)), ("feed_back", at(7, 9), at(7, 15)),
                                      ("reopen", at(8, 9), at(9, 9)), ("feed_back", at(8, 16), at(9, 16))], None),
        (g2, "县住建局", "dispatched", [("report", at(10, 8), None), ("file", at(10, 9), at(10, 11)),
                                        ("dispatch", at(10, 10), at(11, 10))], None),
        (g2, "县住建局", "closed", [("report", at(27, 8, 2), None), ("file", at(27, 9, 2), None),
                                     ("dispatch", at(27, 10, 2), at(28, 10, 2)),
                                     ("feed_back", at(28, 9, 2), at(28, 12, 2)), ("close", at(2, 9), None)], None),
        (g2, "县城管局", "closed", [("report", at(31, 22), None), ("file", at(31, 23.5), None),
                                     ("dispatch", at(31, 23.6), at(1, 12, 4)), ("feed_back", at(31, 23.8), None),
                                     ("close", at(1, 1, 4), None)], None),
        (g1, "", "rejected", [("report", at(3, 8), None), ("reject", at(3, 9), None)], None),
        (g1, "", "filed", [], at(20, 9)),
    ]
    for serial, (grid, department, state, steps, accepted) in enumerate(rows, start=1):
        reported = steps[0][1] if steps else at(20, 8)
        incident = _incident(template, grid.code, serial, reported, accepted)
        case = Case.objects.create(incident=incident, state=state, department=department, updated_at=reported)
        for action, when, deadline in steps:
            CaseStep.objects.create(case=case, action=action, to_state="", at=when, deadline_at=deadline)
        made.cases.append((case, steps))
    road = Road.objects.filter(geom__intersects=g1.geom).first()
    line = LineString(list(road.geom.coords), srid=road.geom.srid)
    for hour in (8, 15):
        started = datetime.combine(PATROL_DAY, datetime.min.time(), LOCAL) + timedelta(hours=hour)
        Track.objects.create(member_name="测试", grids=[g1.code], day=PATROL_DAY, started_at=started,
                             ended_at=started + timedelta(hours=1), times=[started, started + timedelta(hours=1)],
                             length_m=1.0, points=len(line.coords), source_format="geojson", geom=line)
    return made
