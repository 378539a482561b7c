"""App settings of forward geocoding, namespaced ``PINGDING_GEOCODE_*`` and read lazily so ``override_settings``
works. Every value has a default in :data:`DEFAULTS`; a project setting of the same name overrides it, and
the environment sets that setting (typed by the default: ``geoserver_app/settings/app_settings.py``).

``PINGDING_GEOCODE_DEFAULT_LIMIT``     candidates returned when the request gives no ``limit``.
``PINGDING_GEOCODE_MAX_LIMIT``         largest ``limit`` a client may ask for; above it is a 400.
``PINGDING_GEOCODE_MAX_QUERY_LENGTH``  longest ``q`` in characters; longer is a 400.
``PINGDING_GEOCODE_ROAD_MIN``          least trigram similarity (0-1) for a road to stand in for a misspelt one.
``PINGDING_GEOCODE_FUZZY_ROADS``       most roads taken for a misspelt road, the most similar first.
``PINGDING_GEOCODE_TEXT_MIN``          least word similarity (0-1) of the typed text within an address's full text,
                                       for input where no road was read.
``PINGDING_GEOCODE_TEXT_ROWS``         most addresses taken by that full-text match, the most similar first.
"""
from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "PINGDING_GEOCODE_DEFAULT_LIMIT": 10,
    "PINGDING_GEOCODE_MAX_LIMIT": 50,
    "PINGDING_GEOCODE_MAX_QUERY_LENGTH": 200,
    "PINGDING_GEOCODE_ROAD_MIN": 0.3,
    "PINGDING_GEOCODE_FUZZY_ROADS": 5,
    "PINGDING_GEOCODE_TEXT_MIN": 0.6,
    "PINGDING_GEOCODE_TEXT_ROWS": 200,
}


def get(name: str) -> Any:
    """The value of the app setting ``name`` (one of :data:`DEFAULTS`)."""
    return getattr(settings, name, DEFAULTS[name])


def default_limit() -> int:
    return int(get("PINGDING_GEOCODE_DEFAULT_LIMIT"))


def max_limit() -> int:
    return int(get("PINGDING_GEOCODE_MAX_LIMIT"))


def max_query_length() -> int:
    return int(get("PINGDING_GEOCODE_MAX_QUERY_LENGTH"))
