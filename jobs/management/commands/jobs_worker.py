"""``manage.py jobs_worker``: take queued jobs from PostgreSQL and run them, one at a time, until SIGTERM/SIGINT
(the job under way finishes first). django-tasks' ``db_worker`` with our defaults: no autoreload, no start-up
delay, a poll every second. ``make run`` starts one beside uWSGI (``geoserver_app.server``)."""
from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DbWorker


class Command(DbWorker):
    help = ("Run queued jobs (bulk re-snapping, seeding, exports, imports) until stopped; "
            "--batch: until the queue is empty.")

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False, startup_delay=False)
