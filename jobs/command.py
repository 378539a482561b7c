"""What management commands share to offer ``--job``: enqueue the work for the worker instead of running it here."""
from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser

from .services import job_enqueue


def add_job_arguments(parser: CommandParser) -> None:
    parser.add_argument("--job", action="store_true",
                        help="enqueue the work as a job for `manage.py jobs_worker` and print its id (needs --owner)")
    parser.add_argument("--owner", metavar="USERNAME", help="the account that owns the job (sees it at /api/jobs/{id})")


def enqueue_from_command(*, kind: str, owner: str | None, params: dict[str, Any]) -> str:
    """Enqueue ``kind`` for the account ``owner``; the line the command prints."""
    if not owner:
        raise CommandError("--job needs --owner USERNAME: the account that will see the job at /api/jobs/{id}.")
    user = get_user_model().objects.filter(username=owner).first()
    if user is None:
        raise CommandError(f"No account {owner!r}; create it first (manage.py account_create).")
    job = job_enqueue(kind=kind, owner=user, params=params)
    return f"Enqueued {kind} job {job.pk} for {owner}: GET /api/jobs/{job.pk}"
