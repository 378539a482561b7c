"""A job as the API answers it."""
from __future__ import annotations

from typing import Any

from .models import Job


def _time(value) -> str | None:
    return value.isoformat() if value is not None else None


def job_document(job: Job, *, base: str) -> dict[str, Any]:
    """``base``: the absolute URL of ``/api/jobs/`` (links are built on it)."""
    href = f"{base}{job.pk}"
    links = [{"rel": "self", "href": href, "type": "application/json"}]
    if job.result_file:
        links.append({"rel": "enclosure", "href": f"{href}/result", "title": job.result_file.rsplit("/", 1)[-1]})
    return {
        "id": str(job.pk), "kind": job.kind, "state": job.state, "progress": round(job.progress, 4),
        "message": job.message, "params": job.params, "result": job.result, "error": job.error or None,
        "created": _time(job.created), "started": _time(job.started), "finished": _time(job.finished),
        "links": links,
    }
