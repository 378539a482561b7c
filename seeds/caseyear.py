"""The seeded year of the case loop: the city-management centre's 28,984 cases filed and 27,865 closed (96.13 %)
from 1 June 2022 to 31 May 2023, each through the loop's steps on the working calendar.

Every case is filed (信息采集 -> 案件建立) and dispatched; some are returned by the department and dispatched again
(退回), some have their handling extended (延期), some are reopened after the feedback (返工). Handling runs on the
default time limits (16 working hours, 4 when urgent or an emergency), and some cases run late. Of the cases not
closed by the end of May most are the last days' reports; the others stopped at a step and are overdue.

:func:`plan_year` draws the steps for given report instants and handling limits (pure numpy, no world);
``seeds.caseload`` writes them. Times are whole minutes of local time from ``workclock.ORIGIN``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from cases import conf
from cases.worktime.holidays_cn import TIME_LIMITS

from . import workclock

FIRST_DAY = date(2022, 6, 1)
LAST_DAY = date(2023, 5, 31)
"""The year ends with 31 May 2023: cases closed by its end count as closed."""
FILED = 28_984
CLOSED = 27_865

# (action, from state, to state, role, deadline kind); deadline kinds as cases.loop's, "extend" from the last one
SLOTS: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("report", "", "reported", "grid_member", "file"),
    ("file", "reported", "filed", "operator", "dispatch"),
    ("dispatch", "filed", "dispatched", "dispatcher", "handle"),
    ("return", "dispatched", "filed", "department", "dispatch"),
    ("dispatch", "filed", "dispatched", "dispatcher", "handle"),
    ("accept", "dispatched", "handling", "department", "keep"),
    ("extend", "handling", "handling", "shift_leader", "extend"),
    ("feed_back", "handling", "handled", "department", "verify"),
    ("reopen", "handled", "dispatched", "shift_leader", "handle"),
    ("accept", "dispatched", "handling", "department", "keep"),
    ("feed_back", "handling", "handled", "department", "verify"),
    ("verify", "handled", "verified", "grid_member", "close"),
    ("close", "verified", "closed", "shift_leader", None),
)
RETURNED, EXTENDED, REWORKED = {3, 4}, {6}, {8, 9, 10}
RETURN_SHARE, EXTEND_SHARE, REWORK_SHARE = 0.03, 0.04, 0.05
STUCK_AT = (2, 5, 7, 11)
"""Slots an old open case stopped after: dispatched, handling, handled, verified."""


def handle_limits() -> dict[str, float]:
    """Handling limits (working hours) of the default time limits, by urgency."""
    return {urgency: hours for major, minor, urgency, hours in TIME_LIMITS if not major and not minor}


def year_counts(scale: float) -> tuple[int, int]:
    """(filed, closed) at ``scale``: the closure rate kept at every scale, at least 20 cases."""
    filed = max(20, round(FILED * scale))
    return filed, round(filed * CLOSED / FILED)


@dataclass
class YearPlan:
    """Per case: ``taken[case, slot]`` whether the step of :data:`SLOTS` was taken, its instant ``at`` and the
    deadline it set (``deadline``, -1 for none), in minutes; ``state`` after the last step taken."""

    taken: NDArray[np.bool_]
    at: NDArray[np.int64]
    deadline: NDArray[np.int64]
    state: NDArray[np.str_]

    @property
    def closed(self) -> NDArray[np.bool_]:
        return self.state == "closed"


def _delays(rng: np.random.Generator, n: int, handle_wm: NDArray[np.int64]) -> NDArray[np.int64]:
    """Working minutes from the step before to each slot's step (>= 1)."""
    exp = lambda mean: rng.exponential(mean, n)  # noqa: E731
    handling = handle_wm * rng.lognormal(np.log(0.3), 0.75, n)   # about 5 % past the limit
    columns = [np.zeros(n), exp(25), exp(20), exp(60), exp(30), exp(45), 0.4 * handling, handling,
               exp(120), exp(30), 0.5 * handling, exp(90), exp(60)]
    return np.maximum(1, np.column_stack(columns).round()).astype(np.int64)


def _timeline(reported: NDArray[np.int64], taken: NDArray[np.bool_], delays: NDArray[np.int64],
              handle_wm: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Instants of every slot's step and the deadline it leaves (-1: none), in minutes; a slot not taken repeats
    the step before."""
    n, slots = taken.shape
    limits = {kind: round(float(conf.DEFAULTS[f"PINGDING_CASES_{kind.upper()}_HOURS"]) * 60)
              for kind in ("file", "dispatch", "verify", "close", "extend")}
    at = np.zeros((n, slots), dtype=np.int64)
    deadline = np.full((n, slots), -1, dtype=np.int64)
    now, current = reported.astype(np.int64), np.full(n, -1, dtype=np.int64)
    for slot, (_, _, _, _, kind) in enumerate(SLOTS):
        step = now if slot == 0 else workclock.add(now, delays[:, slot])
        now = np.where(taken[:, slot], step, now)
        if kind == "keep":
            due = current
        elif kind == "extend":
            due = workclock.add(np.maximum(current, now), np.full(n, limits["extend"]))
        elif kind is None:
            due = np.full(n, -1)
        else:
            due = workclock.add(now, handle_wm if kind == "handle" else np.full(n, limits[kind]))
        current = np.where(taken[:, slot], due, current)
        at[:, slot], deadline[:, slot] = now, current
    return at, deadline


def plan_year(rng: np.random.Generator, reported: NDArray[np.int64], handle_hours: NDArray[np.float64],
              closed: int) -> YearPlan:
    """Steps of the cases reported at ``reported`` (minutes, each before the year's end) handled on
    ``handle_hours``; exactly ``closed`` of them closed by the end of :data:`LAST_DAY`, and every one filed by then
    (a report the operators would file after the end is taken as reported an hour earlier, until it is not)."""
    n, slots = len(reported), len(SLOTS)
    end = workclock.minutes_of(LAST_DAY) + 24 * 60
    taken = np.ones((n, slots), dtype=bool)
    for optional, share in ((RETURNED, RETURN_SHARE), (EXTENDED, EXTEND_SHARE), (REWORKED, REWORK_SHARE)):
        taken[:, sorted(optional)] = (rng.random(n) < share)[:, None]
    handle_wm = np.round(handle_hours * 60).astype(np.int64)
    delays = _delays(rng, n, handle_wm)
    reported = reported.astype(np.int64).copy()
    at, deadline = _timeline(reported, taken, delays, handle_wm)
    while (unfiled := at[:, 1] >= end).any():
        reported[unfiled] -= 60
        at, deadline = _timeline(reported, taken, delays, handle_wm)
    _keep_open(rng, taken, at, end=end, open_count=n - closed)
    last = slots - 1 - np.argmax(taken[:, ::-1], axis=1)
    state = np.array([s[2] for s in SLOTS])[last]
    return YearPlan(taken=taken, at=at, deadline=deadline, state=state)


def _keep_open(rng: np.random.Generator, taken: NDArray[np.bool_], at: NDArray[np.int64], *, end: int,
               open_count: int) -> None:
    """Leave ``open_count`` cases open: every case whose closing falls after ``end``, and older ones drawn with a
    weight that falls by e every 30 days back, stopped after a step of :data:`STUCK_AT`. Drops their later steps."""
    late = at[:, -1] >= end
    if late.sum() > open_count:
        raise ValueError(f"{late.sum()} cases cannot close by the year's end, more than the {open_count} left open")
    weight = np.where(late, 0.0, np.exp((at[:, 0] - end) / (30 * 24 * 60)))
    stuck = rng.choice(len(at), open_count - int(late.sum()), replace=False, p=weight / weight.sum())
    cut = np.full(len(at), len(SLOTS), dtype=np.int64)
    cut[stuck] = np.array(STUCK_AT)[rng.integers(0, len(STUCK_AT), len(stuck))] + 1
    keep = (np.arange(len(SLOTS))[None, :] < cut[:, None]) & (at < end)
    taken &= keep
