"""App settings of accounts, read lazily so ``override_settings`` works (typed from the environment by
``geoserver_app/settings/app_settings.py``).

``PINGDING_TOKEN_DAYS``          days an API token is valid from its creation unless another expiry is given.
``PINGDING_TOKEN_TOUCH_SECONDS`` a token's ``last_used_at`` is written at most once in this many seconds (one UPDATE
                                 a minute per busy token instead of one per request).
"""
from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "PINGDING_TOKEN_DAYS": 90,
    "PINGDING_TOKEN_TOUCH_SECONDS": 60,
}


def get(name: str) -> Any:
    """The value of the app setting ``name`` (one of :data:`DEFAULTS`)."""
    return getattr(settings, name, DEFAULTS[name])
