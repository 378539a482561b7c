"""App settings of the patrols, namespaced ``PINGDING_PATROLS_*`` and read lazily so ``override_settings`` works.

``PINGDING_PATROLS_MAX_BYTES``        largest track file accepted, in bytes (5 MB); a larger one is a 413.
``PINGDING_PATROLS_MAX_POINTS``       most points of one track (50,000: 14 hours at one point a second).
``PINGDING_PATROLS_MAX_SPEED_MS``     fastest plausible speed between two points, m/s (30: a car on a county road);
                                      faster is a GPS jump or a made-up track, refused.
``PINGDING_PATROLS_IN_COUNTY_SHARE``  least share of a track's length inside the county (0.5: "mostly").
``PINGDING_PATROLS_BUFFER_M``         a road is covered where it lies within this many metres of a track (20).
``PINGDING_PATROLS_NOON``             local time (Asia/Shanghai) that divides the morning patrol from the afternoon
                                      one: a grid is patrolled twice (两巡) on a day when a track touching it starts
                                      before this time and another at or after it ("12:00").
``PINGDING_PATROLS_REGRID_INLINE``    after a change of the grids, at most this many grid-days of coverage are stored
                                      again right after the commit (50); more go to a ``patrols_coverage`` job owned
                                      by the user who changed the grids (``cases.patrols.regrid``).
"""
from __future__ import annotations

from datetime import time
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "PINGDING_PATROLS_MAX_BYTES": 5 * 1024 * 1024,
    "PINGDING_PATROLS_MAX_POINTS": 50_000,
    "PINGDING_PATROLS_MAX_SPEED_MS": 30.0,
    "PINGDING_PATROLS_IN_COUNTY_SHARE": 0.5,
    "PINGDING_PATROLS_BUFFER_M": 20.0,
    "PINGDING_PATROLS_NOON": "12:00",
    "PINGDING_PATROLS_REGRID_INLINE": 50,
}


def get(name: str) -> Any:
    """The value of the app setting ``name`` (one of :data:`DEFAULTS`)."""
    return getattr(settings, name, DEFAULTS[name])


def max_bytes() -> int:
    return int(get("PINGDING_PATROLS_MAX_BYTES"))


def max_points() -> int:
    return int(get("PINGDING_PATROLS_MAX_POINTS"))


def max_speed_ms() -> float:
    return float(get("PINGDING_PATROLS_MAX_SPEED_MS"))


def in_county_share() -> float:
    return float(get("PINGDING_PATROLS_IN_COUNTY_SHARE"))


def buffer_m() -> float:
    return float(get("PINGDING_PATROLS_BUFFER_M"))


def regrid_inline() -> int:
    return int(get("PINGDING_PATROLS_REGRID_INLINE"))


def noon() -> time:
    return time.fromisoformat(str(get("PINGDING_PATROLS_NOON")))
