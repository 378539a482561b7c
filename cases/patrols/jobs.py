"""The job kind ``patrols_coverage``: store the patrol coverage of a list of (grid, local day) pairs, the part of a
change of the grids too big to store right after its commit (``cases.patrols.regrid``)."""
from __future__ import annotations

from datetime import date

from jobs.registry import job_kind

from .coverage import coverage_fill

COVERAGE_JOB = "patrols_coverage"


@job_kind(COVERAGE_JOB)
def coverage_job(job, *, pairs: list[list[str]]) -> dict:
    """``pairs``: ``[grid code, "YYYY-MM-DD"]``; the result counts the grid-days stored."""
    stored = coverage_fill(pairs=[(code, date.fromisoformat(day)) for code, day in pairs])
    return {"stored": stored, "pairs": len(pairs)}
