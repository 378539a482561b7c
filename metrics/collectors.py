"""What ``/metrics`` reads from the database at scrape time, one cheap query each (never counted in the workers:
these are states, the same whichever worker answers the scrape).

- ``pingding_db_connections{state}``: sessions on the app's database (``pg_stat_activity``; ``other``: sessions
  whose state this role may not see, or background ones), and ``pingding_db_max_connections``.
- ``pingding_pgbouncer_*{database, user}``: PgBouncer's ``SHOW POOLS`` when ``PINGDING_PGBOUNCER_ADMIN_URL`` is set,
  and ``pingding_pgbouncer_up`` (0: its console did not answer; the error is logged).
- ``pingding_jobs{kind, state}``: jobs queued, running and failed (``jobs_job``; every declared kind, zeros included).
- ``pingding_cases_overdue{state}``: open cases past their deadline (``cases.selectors.overdue``), by state.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import closing

import psycopg2
from django.db import connection
from django.db.models import Count
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily, Metric

from cases.loop import OPEN_STATES
from cases.models import Case
from cases.selectors import overdue
from jobs.models import Job, JobState
from jobs.registry import job_kinds

from . import conf

log = logging.getLogger("pingding.metrics")

CONNECTIONS_SQL = """
SELECT coalesce(state, 'other'), count(*), current_setting('max_connections')::integer
FROM pg_stat_activity WHERE datname = current_database() GROUP BY 1
"""
JOB_STATES = (JobState.QUEUED.value, JobState.RUNNING.value, JobState.FAILED.value)
POOL_COLUMNS = {
    "cl_active": "client connections linked to a server connection",
    "cl_waiting": "client connections waiting for a server connection",
    "sv_active": "server connections linked to a client",
    "sv_idle": "server connections idle and ready",
    "sv_used": "server connections idle past server_check_delay",
    "sv_login": "server connections logging in",
    "maxwait": "seconds the oldest waiting client has waited",
}


def database_connections() -> Iterator[Metric]:
    sessions = GaugeMetricFamily("pingding_db_connections", "Sessions on the app's database by state.",
                                 labels=("state",))
    with connection.cursor() as cursor:
        cursor.execute(CONNECTIONS_SQL)
        rows = cursor.fetchall()
    for state, count, _ in rows:
        sessions.add_metric((state,), count)
    yield sessions
    yield GaugeMetricFamily("pingding_db_max_connections", "The server's max_connections.", value=rows[0][2])


def pgbouncer_pools() -> Iterator[Metric]:
    url = conf.get("PINGDING_PGBOUNCER_ADMIN_URL")
    if not url:
        return
    try:
        rows = _show_pools(url)
    except psycopg2.Error as error:
        log.error("metrics: PgBouncer's console did not answer SHOW POOLS: %s", str(error).strip())
        yield GaugeMetricFamily("pingding_pgbouncer_up", "Whether PgBouncer's console answered.", value=0)
        return
    yield GaugeMetricFamily("pingding_pgbouncer_up", "Whether PgBouncer's console answered.", value=1)
    for column, text in POOL_COLUMNS.items():
        family = GaugeMetricFamily(f"pingding_pgbouncer_{column}", f"PgBouncer pools: {text}.",
                                   labels=("database", "user"))
        for row in rows:
            if column in row:
                family.add_metric((row["database"], row["user"]), float(row[column]))
        yield family


def _show_pools(url: str) -> list[dict]:
    """``SHOW POOLS`` on PgBouncer's admin console (simple protocol, autocommit: the console takes no BEGIN)."""
    with closing(psycopg2.connect(url, connect_timeout=3)) as console:
        console.autocommit = True
        with console.cursor() as cursor:
            cursor.execute("SHOW POOLS")
            names = [column.name for column in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]


def job_queue() -> Iterator[Metric]:
    family = GaugeMetricFamily("pingding_jobs", "Jobs queued, running and failed, by kind.", labels=("kind", "state"))
    counts = {(kind, state): 0 for kind in job_kinds() for state in JOB_STATES}
    rows = Job.objects.filter(state__in=JOB_STATES).values_list("kind", "state").annotate(n=Count("id")).order_by()
    counts.update({(kind, state): n for kind, state, n in rows})
    for (kind, state), n in sorted(counts.items()):
        family.add_metric((kind, state), n)
    yield family


def cases_overdue() -> Iterator[Metric]:
    family = GaugeMetricFamily("pingding_cases_overdue", "Open cases past their deadline, by state.",
                               labels=("state",))
    counts = dict.fromkeys(sorted(OPEN_STATES), 0)
    rows = Case.objects.filter(overdue(timezone.now())).values_list("state").annotate(n=Count("pk")).order_by()
    counts.update(dict(rows))
    for state, n in counts.items():
        family.add_metric((state,), n)
    yield family


COLLECTORS = (database_connections, pgbouncer_pools, job_queue, cases_overdue)
