"""Settings of the imports (read on each call, so ``override_settings`` works).

``PINGDING_IMPORT_SYNC_MAX_FEATURES``  features a file may hold for its dry run (and its commit) to be answered at
                                       once; a bigger one runs as a job (202 + ``Location: /api/jobs/{id}``).
``PINGDING_IMPORT_MAX_UNZIPPED_BYTES`` total uncompressed size a zipped Shapefile may unpack to.
``PINGDING_IMPORT_MAX_ZIP_RATIO``      largest uncompressed/compressed ratio of a zip (a bomb is refused unread).
``PINGDING_IMPORT_TTL_HOURS``          how long a dry run may wait for its commit.
``PINGDING_IMPORT_REPORT_LIST_MAX``    rows listed per kind (adds, updates, deletions, invalid) in a report; the
                                       counts are always whole, and ``GET /api/imports/{id}/rows`` pages through
                                       every row of a kind.
"""
from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "PINGDING_IMPORT_SYNC_MAX_FEATURES": 20_000,
    "PINGDING_IMPORT_MAX_UNZIPPED_BYTES": 1_000_000_000,
    "PINGDING_IMPORT_MAX_ZIP_RATIO": 100,
    "PINGDING_IMPORT_TTL_HOURS": 24,
    "PINGDING_IMPORT_REPORT_LIST_MAX": 1_000,
}


def get(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])
