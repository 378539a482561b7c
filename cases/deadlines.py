"""Time limits of the loop: how many working hours a state may last, and the instant a limit ends.

Limits are counted in working hours on the default working calendar (``cases.worktime``: weekday periods, public
holidays, adjusted working days 调休). Handling runs on the :class:`~cases.worktime.models.TimeLimit` of the case's
event class and urgency (the most specific row; an emergency, major class 05, at least on the urgent one); the
other kinds of the loop table (filing, dispatch, verification, closing, an extension) on ``PINGDING_CASES_*_HOURS``.
"""
from __future__ import annotations

from datetime import datetime

from .worktime import hours as worktime
from .worktime.selectors import time_limit_hours

from . import conf

_SETTING = {
    "file": "PINGDING_CASES_FILE_HOURS",
    "dispatch": "PINGDING_CASES_DISPATCH_HOURS",
    "handle": "PINGDING_CASES_HANDLE_HOURS",
    "verify": "PINGDING_CASES_VERIFY_HOURS",
    "close": "PINGDING_CASES_CLOSE_HOURS",
    "extend": "PINGDING_CASES_EXTEND_HOURS",
}
URGENT_MAJOR = "05"
"""Event major class 突发事件 (emergencies): handled on the urgent limit whatever the case's urgency."""


def deadline_after(start: datetime, hours: float) -> datetime:
    """The instant ``hours`` working hours after ``start`` on the default working calendar."""
    return worktime.deadline_after(start, hours)


def handle_urgency(*, urgency: str, event_class: str | None) -> str:
    """The urgency handling runs on: ``urgent`` for an emergency (major class 05) filed as ``normal``."""
    if urgency == "normal" and (event_class or "").startswith(URGENT_MAJOR):
        return "urgent"
    return urgency


def limit_hours(kind: str, *, urgency: str = "normal", event_class: str | None = None) -> float:
    """Working hours of limit ``kind`` (``file``, ``dispatch``, ``handle``, ``verify``, ``close``, ``extend``).
    ``handle``: the time limit of the class (``event_class``, 4 digits, or None for a component's problem) and
    urgency; ``PINGDING_CASES_URGENT_HANDLE_HOURS`` / ``PINGDING_CASES_HANDLE_HOURS`` when no row matches."""
    if kind != "handle":
        return float(conf.get(_SETTING[kind]))
    urgency = handle_urgency(urgency=urgency, event_class=event_class)
    code = event_class or ""
    hours = time_limit_hours(major_code=code[:2], minor_code=code[2:4], urgency=urgency)
    if hours is not None:
        return hours
    return float(conf.get("PINGDING_CASES_URGENT_HANDLE_HOURS" if urgency != "normal" else _SETTING["handle"]))
