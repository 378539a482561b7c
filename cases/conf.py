"""Settings of the case loop (``PINGDING_CASES_*``), read through :func:`get` so ``override_settings`` works in tests.

``PINGDING_CASES_VERIFY_DISTANCE_M``   a verification counts only with a location within this many metres of the case.
Limits are working hours on the default working calendar (``cases.deadlines``).
``PINGDING_CASES_FILE_HOURS``          working hours from a report to filing or rejecting it.
``PINGDING_CASES_DISPATCH_HOURS``      working hours from filing to dispatch.
``PINGDING_CASES_HANDLE_HOURS``        working hours to handle a dispatched ``normal`` case when no time limit
                                       (``cases.worktime.TimeLimit``) matches its class.
``PINGDING_CASES_URGENT_HANDLE_HOURS`` the same for an ``urgent`` case.
``PINGDING_CASES_VERIFY_HOURS``        working hours from the feedback to the grid member's verification.
``PINGDING_CASES_CLOSE_HOURS``         working hours from verification to closing.
``PINGDING_CASES_EXTEND_HOURS``        working hours an ``extend`` step adds to the deadline when it names none.
``PINGDING_CASES_ESCALATE_MINUTES``    every job worker sweeps the escalation this often (``cases.jobs``).
``PINGDING_CASES_DUPLICATE_M``        a report of the same class this near an open case is linked to it, metres.
``PINGDING_CASES_DUPLICATE_HOURS``    ... and reported at most this many hours after it.
``PINGDING_CASES_PAGE_SIZE``           cases per page of ``GET /api/cases`` without ``limit``.
``PINGDING_CASES_MAX_PAGE_SIZE``       largest ``limit``.
"""
from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "PINGDING_CASES_VERIFY_DISTANCE_M": 50.0,
    "PINGDING_CASES_FILE_HOURS": 1.0,
    "PINGDING_CASES_DISPATCH_HOURS": 1.0,
    "PINGDING_CASES_HANDLE_HOURS": 48.0,
    "PINGDING_CASES_URGENT_HANDLE_HOURS": 4.0,
    "PINGDING_CASES_VERIFY_HOURS": 8.0,
    "PINGDING_CASES_CLOSE_HOURS": 8.0,
    "PINGDING_CASES_EXTEND_HOURS": 24.0,
    "PINGDING_CASES_ESCALATE_MINUTES": 5,
    "PINGDING_CASES_DUPLICATE_M": 30.0,
    "PINGDING_CASES_DUPLICATE_HOURS": 24.0,
    "PINGDING_CASES_PAGE_SIZE": 50,
    "PINGDING_CASES_MAX_PAGE_SIZE": 500,
}


def get(name: str) -> Any:
    """The value of the app setting ``name`` (one of :data:`DEFAULTS`)."""
    return getattr(settings, name, DEFAULTS[name])


def verify_distance_m() -> float:
    return float(get("PINGDING_CASES_VERIFY_DISTANCE_M"))
