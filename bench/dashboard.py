"""Dashboard benchmark (issue 12): the dashboard's figures and the evaluation by town over HTTP against their raw SQL.

Ours: ``GET /api/dashboard`` (a 30-day window ending on the latest report) and ``GET /api/evaluation?by=town`` over
the month that ends on the latest case's report, with a leader's token, through the nginx front and uWSGI (1 worker) as
``make run`` serves, timed to the answer's last byte (no ``If-None-Match``: every answer is computed). Floor: the same
SQL statement with the same parameters through psycopg2 on the same database, every row fetched. Each call is paired
with its floor, back to back, the order alternating; the first pair warms the worker, the plans and the pages.
Target: ours median no more than 1.5x the floor's median, for each of the two.
"""
from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Max

from accounts.services import create_account, new_token
from cases.evaluation.selectors import LOCAL, Period, Scope, statement as evaluation_statement, statement_params
from layers.models import Incident
from maps.dashboard import selectors as dashboard

from .httpclient import LeanClient
from .server import app_server
from .stats import median

TARGET_RATIO = 1.5
USERNAME = "bench.dashboard.leader"
DAYS = 30
EVALUATION_DAYS = 31


def last_month() -> Period:
    latest = Incident.objects.filter(case__isnull=False).aggregate(latest=Max("reported_at"))["latest"]
    if latest is None:
        raise RuntimeError("no cases: seed the county and its year of cases first")
    last = latest.astimezone(LOCAL).date()
    return Period(last - timedelta(days=EVALUATION_DAYS - 1), last)


def cases() -> list[tuple[str, str, str, object]]:
    """(name, path, statement, params) of each figure set timed."""
    period = last_month()
    query = urlencode({"from": period.first.isoformat(), "to": period.last.isoformat(), "by": "town"})
    return [
        ("dashboard", f"/api/dashboard?days={DAYS}", dashboard.statement(), dashboard.statement_params(DAYS)),
        ("evaluation by town", f"/api/evaluation?{query}", evaluation_statement("town"),
         statement_params(by="town", period=period, scope=Scope())),
    ]


def ours_once(client: LeanClient, path: str, auth: dict) -> float:
    started = time.perf_counter()
    status, _, body = client.get(path, headers=auth)
    elapsed = time.perf_counter() - started
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}: {body[:300]!r}")
    return elapsed


def floor_once(raw, sql: str, params: dict) -> float:
    with raw.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(sql, params)
        cursor.fetchall()
        return time.perf_counter() - started


def run(*, repeat: int = 5) -> dict:
    rounds = max(3, repeat)
    get_user_model().objects.filter(username=USERNAME).delete()
    create_account(USERNAME, "leader")
    auth = {"Authorization": f"Bearer {new_token(USERNAME, name='bench')[1]}"}
    results = {"cases": Incident.objects.filter(case__isnull=False).count(), "rounds": rounds, "figures": {}}
    try:
        with app_server() as (base, _):
            client = LeanClient(base)
            raw = connection.cursor().connection
            try:
                for name, path, sql, params in cases():
                    ours, floor = [], []
                    for round_ in range(rounds + 1):
                        if round_ % 2:
                            took_floor = floor_once(raw, sql, params)
                            took_ours = ours_once(client, path, auth)
                        else:
                            took_ours = ours_once(client, path, auth)
                            took_floor = floor_once(raw, sql, params)
                        if round_:  # the first pair warms the worker, the plans and the pages
                            floor.append(took_floor)
                            ours.append(took_ours)
                    results["figures"][name] = {"path": path, "ours_ms": median(ours) * 1000,
                                                "floor_ms": median(floor) * 1000,
                                                "ratio": median(ours) / median(floor)}
            finally:
                client.close()
    finally:
        get_user_model().objects.filter(username=USERNAME).delete()
    return results


def report(results: dict) -> list[str]:
    lines = [f"dashboard: figures over {results['cases']} cases, {results['rounds']} rounds, medians"]
    for name, figures in results["figures"].items():
        lines.append(f"  {name:<20} floor (SQL, psycopg2) {figures['floor_ms']:8.1f} ms   ours (HTTP) "
                     f"{figures['ours_ms']:8.1f} ms   {figures['ratio']:.2f}x (target <= {TARGET_RATIO}x)")
    return lines
