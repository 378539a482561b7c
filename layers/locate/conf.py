"""App settings of the snapping service, namespaced ``PINGDING_LOCATE_*`` and read lazily so ``override_settings``
works. Every value has a default in :data:`DEFAULTS`; a project setting of the same name overrides it, and
the environment sets that setting (typed by the default: ``geoserver_app/settings/app_settings.py``).

``PINGDING_LOCATE_DEFAULT_RADIUS_M``   radius (metres, on the spheroid) of the component search of ``/api/snap``.
``PINGDING_LOCATE_MAX_RADIUS_M``       largest ``radius`` a client may ask for; above it is a 400.
``PINGDING_LOCATE_COMPONENTS_LIMIT``   most components a snap returns (the nearest first).
``PINGDING_LOCATE_MAX_REVERSE_LIMIT``  largest ``limit`` of ``/api/reverse``.
``PINGDING_LOCATE_MAX_BULK_POINTS``    most points of one ``POST /api/addresses/nearest``; more is a 413.
``PINGDING_LOCATE_BULK_RATE_PER_MINUTE``  ``POST /api/addresses/nearest`` requests one client address may send per
                                      minute (30: up to 300,000 points); more get 429 with ``Retry-After``; 0: no limit.
``PINGDING_LOCATE_PRUNE_REACH_M``     metres around a snapped point within which counties keep their partitions in
                                      the statement (``layers.locate.pruning``); a snap whose answer reaches farther
                                      runs again over every county.
"""
from __future__ import annotations

from typing import Any

from django.conf import settings

from web.throttle import Limit

DEFAULTS: dict[str, Any] = {
    "PINGDING_LOCATE_DEFAULT_RADIUS_M": 50.0,
    "PINGDING_LOCATE_MAX_RADIUS_M": 1000.0,
    "PINGDING_LOCATE_COMPONENTS_LIMIT": 10,
    "PINGDING_LOCATE_MAX_REVERSE_LIMIT": 20,
    "PINGDING_LOCATE_MAX_BULK_POINTS": 10_000,
    "PINGDING_LOCATE_BULK_RATE_PER_MINUTE": 30,
    "PINGDING_LOCATE_PRUNE_REACH_M": 2000.0,
}


def get(name: str) -> Any:
    """The value of the app setting ``name`` (one of :data:`DEFAULTS`)."""
    return getattr(settings, name, DEFAULTS[name])


def default_radius_m() -> float:
    return float(get("PINGDING_LOCATE_DEFAULT_RADIUS_M"))


def max_radius_m() -> float:
    return float(get("PINGDING_LOCATE_MAX_RADIUS_M"))


def prune_reach_m() -> float:
    return float(get("PINGDING_LOCATE_PRUNE_REACH_M"))


def components_limit() -> int:
    return int(get("PINGDING_LOCATE_COMPONENTS_LIMIT"))


def max_reverse_limit() -> int:
    return int(get("PINGDING_LOCATE_MAX_REVERSE_LIMIT"))


def max_bulk_points() -> int:
    return int(get("PINGDING_LOCATE_MAX_BULK_POINTS"))


def bulk_rate_limits() -> tuple[Limit]:
    """The per-client limit of bulk nearest-address requests (a count of 0 is no limit)."""
    return (Limit(int(get("PINGDING_LOCATE_BULK_RATE_PER_MINUTE")), 60, "minute"),)
