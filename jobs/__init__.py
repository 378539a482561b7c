"""Long work as jobs: a queue on PostgreSQL (django-tasks with its database backend), our own :class:`Job` rows
(state, progress, result) beside the queue's table, and a registry of job kinds.

The API other apps use: ``jobs.services.job_enqueue(kind=..., owner=..., params=...)``, ``jobs.progress(job,
fraction, message)`` from inside a running kind, and ``jobs.registry.job_kind(name)`` to declare a kind.
"""
from __future__ import annotations

from typing import Any


def progress(job: Any, fraction: float, message: str = "") -> None:
    """Record ``fraction`` (0..1) and ``message`` of a running ``job``; raises ``JobCancelled`` if it was cancelled."""
    from .reporting import job_progress

    job_progress(job, fraction, message)
