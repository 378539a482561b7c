"""The seeded year's incidents, cases and steps as rows: incidents drawn as :mod:`seeds.incidents` draws them (in
the year of :mod:`seeds.caseyear`), their steps planned by :func:`seeds.caseyear.plan_year`, each incident's status,
acceptance and closing following its case. Cases and steps name their incident by code; ``seeds.caseload`` joins."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

import numpy as np

from cases.deadlines import handle_urgency
from cases.loop import INCIDENT_STATUS

from . import workclock
from .buildings import Buildings
from .caseyear import LAST_DAY, SLOTS, YearPlan, handle_limits, plan_year
from .components import Components
from .incidents import Incidents, incidents
from .world import World

URGENT_SHARE = 0.08
VERIFY_OFFSET_M = 30.0
"""A grid member verifies within this many metres of the case (the loop accepts 50)."""
_M_PER_DEGREE = 111_320.0


@dataclass
class CaseYear:
    incidents: Incidents
    cases: dict[str, np.ndarray]
    steps: dict[str, np.ndarray]
    plan: YearPlan


def _or_null(minutes: np.ndarray) -> np.ndarray:
    return np.where(minutes >= 0, workclock.stamps(np.maximum(minutes, 0)).astype(object), None)


def _departments(world: World, i: Incidents) -> np.ndarray:
    """The dispatch rule of CJ/T 214: a component's owner, an event's town (the territory)."""
    town_name = {t.code: t.name for t in world.towns}
    towns = np.array([town_name[g.town_code] for g in world.grids])[i.grid]
    return np.where(i.component == None, towns, i.routed_to)  # noqa: E711 (elementwise)


def _steps(rng: np.random.Generator, i: Incidents, plan: YearPlan) -> dict[str, np.ndarray]:
    case, slot = np.nonzero(plan.taken)
    actions, froms, tos, roles = (np.array([s[k] for s in SLOTS]) for k in range(4))
    verify = actions[slot] == "verify"
    angle = rng.uniform(0, 2 * np.pi, len(slot))
    metres = rng.uniform(0, VERIFY_OFFSET_M, len(slot))
    lat = i.lat[case] + metres * np.sin(angle) / _M_PER_DEGREE
    lon = i.lon[case] + metres * np.cos(angle) / (_M_PER_DEGREE * np.cos(np.radians(i.lat[case])))
    return {
        "code": i.code[case], "action": actions[slot], "from_state": froms[slot], "to_state": tos[slot],
        "role": roles[slot], "at": workclock.stamps(plan.at[case, slot]),
        "deadline_at": _or_null(plan.deadline[case, slot]),
        "lon": np.where(verify, lon.astype(object), None), "lat": np.where(verify, lat.astype(object), None),
    }


def case_year(rng: np.random.Generator, world: World, b: Buildings, comp: Components, *, filed: int,
              closed: int) -> CaseYear:
    """The year's ``filed`` cases, ``closed`` of them closed by its end."""
    drawn = incidents(rng, world, b, comp, filed, end=LAST_DAY + timedelta(days=1), days=365)
    reported = (np.array([s[:16].replace(" ", "T") for s in drawn.reported_at], dtype="datetime64[m]")
                - workclock.ORIGIN).astype(np.int64)
    urgency = np.where(rng.random(filed) < URGENT_SHARE, "urgent", "normal")
    limits = handle_limits()
    handle = np.array([limits[handle_urgency(urgency=u, event_class=c)] for u, c in zip(urgency, drawn.event_class)])
    plan = plan_year(rng, reported, handle, closed)
    last = len(SLOTS) - 1 - np.argmax(plan.taken[:, ::-1], axis=1)
    rows = np.arange(filed)
    status = np.array([INCIDENT_STATUS[s] for s in plan.state])
    year = replace(
        drawn, status=status, reported_at=workclock.stamps(plan.at[:, 0]),
        accepted_at=np.where(plan.taken[:, 1], workclock.stamps(plan.at[:, 1]).astype(object), None),
        closed_at=np.where(plan.closed, workclock.stamps(plan.at[:, -1]).astype(object), None),
    )
    cases = {
        "code": drawn.code, "state": plan.state, "department": _departments(world, drawn), "urgency": urgency,
        "deadline_at": np.where(plan.closed, None, _or_null(plan.deadline[rows, last])),
        "updated_at": workclock.stamps(plan.at[rows, last]), "version": plan.taken.sum(axis=1),
    }
    return CaseYear(incidents=year, cases=cases, steps=_steps(rng, drawn, plan), plan=plan)
