"""Settings of the exports (read on each call, so ``override_settings`` works).

``PINGDING_EXPORT_SYNC_MAX_FEATURES``  features an export may hold to be answered at once; a bigger selection runs
                                       as a job (202, ``Location: /api/jobs/{id}``).
"""
from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "PINGDING_EXPORT_SYNC_MAX_FEATURES": 100_000,
}


def get(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])
