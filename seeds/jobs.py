"""The job kind ``seed``: seeding on the queue. Generation reports a step per phase (cancellable between phases);
the load is one transaction, checked for cancellation between its tables (a cancelled load rolls back whole).
``manage.py seed_pingding --job`` enqueues it."""
from __future__ import annotations

import time

import jobs
from jobs.registry import job_kind
from jobs.reporting import job_check

from .county import generate_county
from .load import AlreadySeeded, is_seeded, layer_row_counts, load_county

GENERATION_STEPS = 6
"""Lines ``generate_county`` reports (areas, buildings, components, people, records, rows)."""


@job_kind("seed")
def seed_job(job, *, scale: float = 1.0, seed: int = 1, replace: bool = False, if_empty: bool = False) -> dict:
    """Seed the county as ``manage.py seed_pingding`` does; the result gives the rows per table and the time."""
    if scale <= 0:
        raise ValueError(f"scale must be positive, got {scale}")
    if not replace and is_seeded():
        if if_empty:
            jobs.progress(job, 1.0, "already seeded; nothing done")
            return {"seeded": False, "rows": layer_row_counts()}
        raise AlreadySeeded("the layer tables already hold data; use replace or if_empty")
    started = time.perf_counter()
    steps = iter(range(1, 100))

    def generated(line: str) -> None:
        jobs.progress(job, 0.5 * min(next(steps) / GENERATION_STEPS, 1.0), line.strip())

    county = generate_county(scale=scale, seed=seed, progress=generated)
    jobs.progress(job, 0.5, f"loading {len(county.tables)} tables in one transaction")
    load_county(county, replace=replace, progress=lambda line: job_check(job))
    return {"seeded": True, "rows": layer_row_counts(), "seconds": round(time.perf_counter() - started, 1)}
