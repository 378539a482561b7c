"""The job kind ``export``: a selection too big to answer at once (``PINGDING_EXPORT_SYNC_MAX_FEATURES``), written
by the worker to ``PINGDING_DATA_DIR/jobs/<job id>/`` under the name the synchronous answer would have had.

The job keeps the request's query string and reads the collection as its owner sees it when it runs (the same
parse, the same ``export_selection`` as the items URL), so a field the owner may not read is never written.
"""
from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.http import QueryDict

import jobs
from accounts.roles import user_principal
from jobs.registry import job_kind
from layers.access import readable_layer

from .params import parse_export_query
from .service import export_selection

RESULTS = "jobs"
"""The folder of job results under ``PINGDING_DATA_DIR``."""


@job_kind("export")
def export_job(job, *, collection: str, query: str, count: int | None = None) -> dict:
    """Export ``collection`` with the items URL's ``query`` (url-encoded); ``count``: the features counted when it
    was asked for (for the progress message)."""
    started = time.perf_counter()
    view = readable_layer(collection, user_principal(job.owner))
    items, fmt, options = parse_export_query(view, QueryDict(query))
    what = f"{count:,} features of {collection}" if count is not None else collection
    jobs.progress(job, 0.05, f"reading {what}")
    work = Path(tempfile.mkdtemp(prefix="pingding-export-job-"))
    try:
        written = export_selection(view, items, fmt, options, work,
                                   on_step=lambda fraction, message: jobs.progress(job, fraction, message))
        jobs.progress(job, 0.95, f"keeping {written.name}")
        relative = Path(RESULTS) / str(job.pk) / written.name
        target = Path(settings.PINGDING_DATA_DIR) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(written, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"file": str(relative), "collection": collection, "format": fmt.key, "crs": items.crs.key,
            "features": count, "bytes": target.stat().st_size, "seconds": round(time.perf_counter() - started, 3)}
