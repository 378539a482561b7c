"""App settings of the county partitions, namespaced ``PINGDING_PARTITIONS_*`` and read lazily so ``override_settings``
works (a project setting of the same name overrides the default; the environment sets that setting, typed by the
default: ``geoserver_app/settings/app_settings.py``).

``PINGDING_PARTITIONS_PRUNE``           leave out of a read with a box the partitions of counties far from it (True).
``PINGDING_PARTITIONS_BOUNDS_TTL_S``    seconds a process keeps the counties' bounds before reading them again (60):
                                       a redrawn county boundary reaches every process's pruning within this time.
``PINGDING_PARTITIONS_BOUNDS_MARGIN_DEG``  degrees added on every side of a county's envelope (0.001, about 100 m).
"""
from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "PINGDING_PARTITIONS_PRUNE": True,
    "PINGDING_PARTITIONS_BOUNDS_TTL_S": 60.0,
    "PINGDING_PARTITIONS_BOUNDS_MARGIN_DEG": 0.001,
}


def get(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])


def prune() -> bool:
    return bool(get("PINGDING_PARTITIONS_PRUNE"))


def bounds_ttl_s() -> float:
    return float(get("PINGDING_PARTITIONS_BOUNDS_TTL_S"))


def bounds_margin_deg() -> float:
    return float(get("PINGDING_PARTITIONS_BOUNDS_MARGIN_DEG"))
