"""``manage.py jobs_cleanup``: once, what every worker's housekeeping does periodically (``jobs.housekeeping``):
queue again (or fail) the jobs whose worker was lost, and delete result files older than
``PINGDING_JOBS_RESULT_DAYS``. For a cron job where no worker runs."""
from __future__ import annotations

from django.core.management.base import BaseCommand

from jobs.housekeeping import sweep


class Command(BaseCommand):
    help = "Queue again the jobs of lost workers and delete expired job result files; print what was done."

    def handle(self, *args, **options) -> None:
        done = sweep()
        self.stdout.write(f"requeued {done['requeued']}, failed {done['failed']}, "
                          f"expired result files {done['expired']}")
