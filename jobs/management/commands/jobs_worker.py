"""``manage.py jobs_worker``: take queued jobs from PostgreSQL and run them, one at a time, until SIGTERM/SIGINT
(the job under way finishes first). django-tasks' ``db_worker`` with our defaults: no autoreload, no start-up
delay, a poll every second; beside it the housekeeping thread (``jobs.housekeeping``: heartbeats, recovery of jobs
whose worker was lost, which runs before the first job is taken, and expiry of result files).
``make run`` starts one beside uWSGI (``geoserver_app.server``)."""
from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DbWorker

from jobs.housekeeping import Housekeeper, sweep, worker_identity


class Command(DbWorker):
    help = ("Run queued jobs (bulk re-snapping, seeding, exports, imports) until stopped; "
            "--batch: until the queue is empty.")

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False, startup_delay=False)
        parser.add_argument("--no-housekeeping", action="store_false", dest="housekeeping",
                            help="no heartbeat, recovery or expiry thread (tests running in one transaction)")

    def handle(self, *args, housekeeping: bool = True, **options) -> None:
        if not housekeeping:
            return super().handle(*args, **options)
        sweep()  # jobs a killed worker left running are queued again before this worker takes any
        keeper = Housekeeper(worker_identity())
        keeper.start()
        try:
            return super().handle(*args, **options)
        finally:
            keeper.stopped.set()
