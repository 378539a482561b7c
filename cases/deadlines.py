"""Time limits of the loop: how many hours a state may last, and the instant a limit ends.

:func:`deadline_after` is the one place a limit becomes an instant; it counts plain hours today and is the seam a
working-hours calendar (``cases.worktime``) replaces.
"""
from __future__ import annotations

from datetime import datetime, timedelta

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
    """The instant ``hours`` after ``start`` (plain hours; the working-hours calendar replaces this function)."""
    return start + timedelta(hours=hours)


def limit_hours(kind: str, *, urgency: str = "normal", event_class: str | None = None) -> float:
    """Hours of limit ``kind`` (``file``, ``dispatch``, ``handle``, ``verify``, ``close``, ``extend``); handling an
    urgent case, or an emergency (major class 05), runs on ``PINGDING_CASES_URGENT_HANDLE_HOURS``."""
    if kind == "handle" and (urgency == "urgent" or (event_class or "").startswith(URGENT_MAJOR)):
        return float(conf.get("PINGDING_CASES_URGENT_HANDLE_HOURS"))
    return float(conf.get(_SETTING[kind]))
