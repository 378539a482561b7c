"""``manage.py cases_escalate``: one sweep of the escalation (``cases.escalation``): every case past its deadline goes
up one level, once per deadline. ``--every N`` sweeps every N minutes until stopped (run it beside
``manage.py jobs_worker``); ``--job`` enqueues one sweep for the worker instead."""
from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections

from cases import conf
from cases.escalation import cases_escalate
from jobs.command import add_job_arguments, enqueue_from_command


class Command(BaseCommand):
    help = "Escalate every open case whose deadline has passed (one level, once per deadline)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=float, metavar="MINUTES", nargs="?",
                            const=float(conf.get("PINGDING_CASES_ESCALATE_MINUTES")),
                            help="sweep again every MINUTES (default PINGDING_CASES_ESCALATE_MINUTES) until stopped")
        add_job_arguments(parser)

    def handle(self, *args: Any, every: float | None = None, job: bool = False, owner: str | None = None,
               **options: Any) -> None:
        if every is not None and every <= 0:
            raise CommandError(f"--every must be a positive number of minutes, got {every}.")
        if job:
            self.stdout.write(enqueue_from_command(kind="escalate", owner=owner, params={}))
            return
        while True:
            started = time.perf_counter()
            escalated = cases_escalate()
            self.stdout.write(f"escalated {len(escalated)} case(s) in {time.perf_counter() - started:.2f} s")
            if every is None:
                return
            close_old_connections()
            time.sleep(every * 60)
