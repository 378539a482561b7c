"""App settings of the reports, namespaced ``PINGDING_REPORTS_*`` and read lazily so ``override_settings`` works.

Every value has a default in :data:`DEFAULTS`; a project setting of the same name overrides it, and
the environment sets that setting (typed by the default: ``geoserver_app/settings/app_settings.py``).

``PINGDING_REPORTS_MAX_PHOTO_BYTES``        largest photo accepted, in bytes (5 MB); a larger one is a 413.
``PINGDING_REPORTS_MAX_PHOTOS``             most photos in one report (6).
``PINGDING_REPORTS_MAX_PHOTO_PIXELS``       most pixels (width x height) of a photo (50 million: a 50-MP camera);
                                            checked from the header before decoding, a larger one is a 413.
``PINGDING_REPORTS_IDEMPOTENCY_TTL_HOURS``  hours an ``Idempotency-Key`` is remembered (24); after that the key is
                                            free again, and ``manage.py purge_idempotency_keys`` deletes it.
``PINGDING_REPORTS_SNAP_RADIUS_M``          radius in metres within which components are listed in the answer (50).
``PINGDING_REPORTS_COMPONENTS_LIMIT``       most nearby components listed in the answer (10).
``PINGDING_REPORTS_STAGING_MAX_AGE_HOURS``  photo files staged longer than this without being published belong to
                                            no committed report; ``purge_idempotency_keys`` sweeps them (1).
``PINGDING_REPORTS_OPEN311_DEFAULT_DAYS``   Open311 ``GET requests.json`` without dates covers these last days (90).
``PINGDING_REPORTS_OPEN311_MAX_REQUESTS``   most requests one Open311 list answers (1000, as the spec suggests).
``PINGDING_REPORTS_OPEN311_JURISDICTION``   the Open311 ``jurisdiction_id`` this server answers for.
``PINGDING_REPORTS_RATE_PER_MINUTE``        reports (``POST /api/reports`` and Open311 ``POST requests.json``
                                            together) one client address may post per minute (20); more get 429
                                            with ``Retry-After``; 0 turns the limit off.
``PINGDING_REPORTS_RATE_PER_DAY``           the same per day, from 00:00 UTC (1000). Generous on purpose: many
                                            phones share one address behind a carrier's NAT.

Photos are kept under ``settings.PINGDING_DATA_DIR / "photos"`` (see :func:`photos_dir`).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

from web.throttle import Limit

DEFAULTS: dict[str, Any] = {
    "PINGDING_REPORTS_MAX_PHOTO_BYTES": 5 * 1024 * 1024,
    "PINGDING_REPORTS_MAX_PHOTOS": 6,
    "PINGDING_REPORTS_MAX_PHOTO_PIXELS": 50_000_000,
    "PINGDING_REPORTS_IDEMPOTENCY_TTL_HOURS": 24,
    "PINGDING_REPORTS_SNAP_RADIUS_M": 50.0,
    "PINGDING_REPORTS_COMPONENTS_LIMIT": 10,
    "PINGDING_REPORTS_STAGING_MAX_AGE_HOURS": 1,
    "PINGDING_REPORTS_OPEN311_DEFAULT_DAYS": 90,
    "PINGDING_REPORTS_OPEN311_MAX_REQUESTS": 1000,
    "PINGDING_REPORTS_OPEN311_JURISDICTION": "pingding.gov.cn",
    "PINGDING_REPORTS_RATE_PER_MINUTE": 20,
    "PINGDING_REPORTS_RATE_PER_DAY": 1000,
}


def get(name: str) -> Any:
    """The value of the app setting ``name`` (one of :data:`DEFAULTS`)."""
    return getattr(settings, name, DEFAULTS[name])


def max_photo_bytes() -> int:
    return int(get("PINGDING_REPORTS_MAX_PHOTO_BYTES"))


def max_photos() -> int:
    return int(get("PINGDING_REPORTS_MAX_PHOTOS"))


def max_photo_pixels() -> int:
    return int(get("PINGDING_REPORTS_MAX_PHOTO_PIXELS"))


def idempotency_ttl_hours() -> float:
    return float(get("PINGDING_REPORTS_IDEMPOTENCY_TTL_HOURS"))


def rate_limits() -> tuple[Limit, Limit]:
    """The per-client limits of posted reports (a count of 0 is no limit)."""
    return (
        Limit(int(get("PINGDING_REPORTS_RATE_PER_MINUTE")), 60, "minute"),
        Limit(int(get("PINGDING_REPORTS_RATE_PER_DAY")), 86_400, "day"),
    )


def photos_dir() -> Path:
    """Where photo files live: ``PINGDING_DATA_DIR / "photos"`` (read on every call, so tests can override it)."""
    return Path(settings.PINGDING_DATA_DIR) / "photos"
