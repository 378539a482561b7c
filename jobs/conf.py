"""App settings of the jobs, read lazily so ``override_settings`` works (typed from the environment by
``geoserver_app/settings/app_settings.py``).

``PINGDING_JOBS_HEARTBEAT_SECONDS``  a worker stamps the heartbeat of the job it runs this often.
``PINGDING_JOBS_STALE_SECONDS``      a running job whose heartbeat is older than this has lost its worker (a worker
                                     killed hard, a machine gone): it is queued again, or failed after
                                     ``PINGDING_JOBS_MAX_ATTEMPTS`` starts. A worker on the same machine whose
                                     process is gone is known lost at once.
``PINGDING_JOBS_MAX_ATTEMPTS``       starts a job gets before a lost worker fails it instead of queueing it again.
``PINGDING_JOBS_HOUSEKEEPING_SECONDS`` how often a worker looks for lost jobs and expired result files.
``PINGDING_JOBS_RESULT_DAYS``        days a finished job's result file is kept (then deleted; the job stays).
"""
from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "PINGDING_JOBS_HEARTBEAT_SECONDS": 10,
    "PINGDING_JOBS_STALE_SECONDS": 120,
    "PINGDING_JOBS_MAX_ATTEMPTS": 3,
    "PINGDING_JOBS_HOUSEKEEPING_SECONDS": 60,
    "PINGDING_JOBS_RESULT_DAYS": 7,
}


def get(name: str) -> Any:
    """The value of the app setting ``name`` (one of :data:`DEFAULTS`)."""
    return getattr(settings, name, DEFAULTS[name])
