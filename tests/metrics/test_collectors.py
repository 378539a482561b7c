"""The gauges read at scrape time (``metrics.collectors``): they follow the rows (the test's own, inside its
transaction: the scrape reads on the same connection), and PgBouncer's pools when its console is configured."""
from __future__ import annotations

import socket
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from cases.models import Case
from geoserver_app.pgbouncer import Upstream, pooling
from jobs.models import Job
from tests.accounts.conftest import account  # noqa: F401  (fixture)
from tests.cases.conftest import event_body, phone_case  # noqa: F401  (fixture)
from tests.metrics.scraped import scrape, value


def test_job_gauges_follow_the_rows(client, account):
    user, _ = account("gis_editor")
    before = scrape(client)
    for state in ("queued", "queued", "running", "failed", "succeeded"):
        Job.objects.create(kind="metrics-test", owner=user, state=state)
    after = scrape(client)
    assert value(before, "pingding_jobs", kind="metrics-test") == 0
    assert value(after, "pingding_jobs", kind="metrics-test", state="queued") == 2
    assert value(after, "pingding_jobs", kind="metrics-test", state="running") == 1
    assert value(after, "pingding_jobs", kind="metrics-test", state="failed") == 1
    assert value(after, "pingding_jobs", kind="metrics-test", state="succeeded") == 0  # not a state of the queue


def test_every_declared_kind_has_its_series_even_at_zero(client, db):
    from jobs.registry import job_kinds

    text = scrape(client)
    for kind in job_kinds():
        assert f'pingding_jobs{{kind="{kind}",state="failed"}}' in text


def test_overdue_gauge_counts_open_cases_past_their_deadline(client, phone_case):
    late, on_time, closed = phone_case(), phone_case(), phone_case()
    before = scrape(client)
    past = timezone.now() - timedelta(minutes=5)
    Case.objects.filter(pk__in=[late.pk, closed.pk]).update(deadline_at=past)
    Case.objects.filter(pk=on_time.pk).update(deadline_at=timezone.now() + timedelta(hours=1))
    Case.objects.filter(pk=closed.pk).update(state="closed")
    after = scrape(client)
    state = Case.objects.get(pk=late.pk).state
    overdue = "pingding_cases_overdue"
    assert value(after, overdue, state=state) - value(before, overdue, state=state) == 1
    assert value(after, "pingding_cases_overdue") - value(before, "pingding_cases_overdue") == 1


def test_database_connections_include_this_session(client, db):
    text = scrape(client)
    assert value(text, "pingding_db_connections", state="active") >= 1  # the scrape's own query
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        assert value(text, "pingding_db_max_connections") == int(cursor.fetchone()[0])


def test_no_pgbouncer_metrics_unless_configured(client, db):
    assert "pingding_pgbouncer" not in scrape(client)


@override_settings(PINGDING_PGBOUNCER_ADMIN_URL="postgres://pgbouncer@127.0.0.1:1/pgbouncer")
def test_an_unreachable_pgbouncer_is_reported_down_not_a_500(client, db):
    text = scrape(client)
    assert value(text, "pingding_pgbouncer_up") == 0
    assert "pingding_pgbouncer_cl_active" not in text


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def pgbouncer(tmp_path: Path, db):
    """The project's PgBouncer (``geoserver_app.pgbouncer``: its ini, the application role in ``stats_users``) in
    front of the test database's server; yields ``(admin console URL, URL of the test database through it)``."""
    settings = connection.settings_dict
    upstream = Upstream(settings.get("HOST") or "127.0.0.1", int(settings.get("PORT") or 5432), settings["USER"],
                        settings.get("PASSWORD") or "")
    port = _free_port()
    login = f"{quote(upstream.user, safe='')}:{quote(upstream.password, safe='')}@127.0.0.1:{port}"
    with pooling(run_dir=tmp_path / "pgbouncer", listen=f"127.0.0.1:{port}", upstream=upstream, pool_size=4):
        yield f"postgres://{login}/pgbouncer", f"postgres://{login}/{settings['NAME']}"


def test_pools_of_a_real_pgbouncer(client, pgbouncer):
    console, through = pgbouncer
    app = psycopg2.connect(through)
    try:
        with app.cursor() as cursor:
            cursor.execute("SELECT 1")  # a transaction left open: its server connection is held (pool_mode transaction)
        with override_settings(PINGDING_PGBOUNCER_ADMIN_URL=console):
            text = scrape(client)
    finally:
        app.close()
    name = connection.settings_dict["NAME"]
    assert value(text, "pingding_pgbouncer_up") == 1
    assert value(text, "pingding_pgbouncer_cl_active", database=name) == 1
    assert value(text, "pingding_pgbouncer_sv_active", database=name) == 1
    assert value(text, "pingding_pgbouncer_cl_waiting", database=name) == 0


def test_a_failing_collector_is_left_out_not_a_500(client, db, monkeypatch):
    monkeypatch.setattr("metrics.collectors.CONNECTIONS_SQL", "SELECT state FROM no_such_table")
    text = scrape(client)
    assert value(text, "pingding_scrape_collector_up", collector="database_connections") == 0
    assert value(text, "pingding_scrape_collector_up", collector="job_queue") == 1
    assert "pingding_db_connections" not in text and "pingding_cases_overdue" in text
