"""Time limits of the loop: how many working hours a state may last, and the instant a limit ends.

Limits are counted in working hours on the default working calendar (``cases.worktime``: weekday periods, public
holidays, adjusted working days 调休). Handling runs on the :class:`~cases.worktime.models.TimeLimit` of the case's
event class and urgency (the most specific row; an emergency, major class 05, at least on the urgent one); the
other kinds of the loop table (filing, dispatch, verification, closing, an extension) on ``PINGDING_CASES_*_HOURS``.
:func:`deadline_for` answers both with one round trip (``calendar_cache``).
"""
from __future__ import annotations

from datetime import datetime

from . import conf
from .calendar_cache import default_calendar_and_limit
from .worktime import hours as worktime

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


def handle_urgency(*, urgency: str, event_class: str | None) -> str:
    """The urgency handling runs on: ``urgent`` for an emergency (major class 05) filed as ``normal``."""
    if urgency == "normal" and (event_class or "").startswith(URGENT_MAJOR):
        return "urgent"
    return urgency


def _fallback(kind: str, urgency: str) -> float:
    if kind == "handle" and urgency != "normal":
        return float(conf.get("PINGDING_CASES_URGENT_HANDLE_HOURS"))
    return float(conf.get(_SETTING[kind]))


def deadline_for(kind: str, start: datetime, *, urgency: str = "normal", event_class: str | None = None,
                 hours: float | None = None) -> datetime:
    """The end of limit ``kind`` (``file``, ``dispatch``, ``handle``, ``verify``, ``close``, ``extend``) started at
    ``start``: ``hours`` working hours when given, else :func:`limit_hours`'s, on the default calendar."""
    urgency = handle_urgency(urgency=urgency, event_class=event_class) if kind == "handle" else urgency
    code = (event_class or "") if kind == "handle" else ""
    calendar, limit = default_calendar_and_limit(major=code[:2], minor=code[2:4], urgency=urgency)
    if hours is None:
        hours = limit if kind == "handle" and limit is not None else _fallback(kind, urgency)
    return worktime.deadline_after(start, hours, calendar)


def deadline_after(start: datetime, hours: float) -> datetime:
    """The instant ``hours`` working hours after ``start`` on the default working calendar."""
    calendar, _ = default_calendar_and_limit()
    return worktime.deadline_after(start, hours, calendar)


def limit_hours(kind: str, *, urgency: str = "normal", event_class: str | None = None) -> float:
    """Working hours of limit ``kind``. ``handle``: the time limit of the class (``event_class``, 4 digits, or None
    for a component's problem) and urgency; ``PINGDING_CASES_URGENT_HANDLE_HOURS`` / ``PINGDING_CASES_HANDLE_HOURS``
    when no row matches. The others: ``PINGDING_CASES_<KIND>_HOURS``."""
    if kind != "handle":
        return _fallback(kind, urgency)
    urgency = handle_urgency(urgency=urgency, event_class=event_class)
    code = event_class or ""
    _, hours = default_calendar_and_limit(major=code[:2], minor=code[2:4], urgency=urgency)
    return hours if hours is not None else _fallback(kind, urgency)
