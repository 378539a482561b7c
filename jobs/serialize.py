"""A job as the API answers it."""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

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


def job_list_document(jobs: list[Job], *, matched: int, base: str, query) -> dict[str, Any]:
    """A page of jobs; ``base``: the absolute URL of ``/api/jobs``; ``query``: the page's ``JobListQuery``."""
    def page(offset: int) -> str:
        filters = "".join(f"&{name}={quote(value)}" for name, value in (("state", query.state), ("kind", query.kind))
                          if value is not None)
        return f"{base}?limit={query.limit}&offset={offset}{filters}"

    links = [{"rel": "self", "href": page(query.offset), "type": "application/json"}]
    if query.offset + len(jobs) < matched:
        links.append({"rel": "next", "href": page(query.offset + query.limit), "type": "application/json"})
    if query.offset > 0:
        links.append({"rel": "prev", "href": page(max(query.offset - query.limit, 0)), "type": "application/json"})
    return {"jobs": [job_document(job, base=f"{base}/") for job in jobs], "numberMatched": matched,
            "numberReturned": len(jobs), "links": links}
