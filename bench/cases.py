"""Case-loop benchmark (issue 12): one case transition over HTTP against its SQL floor.

Ours: ``POST /api/cases/{id}/actions`` with ``If-Match`` (the ETag of the last answer), a shift leader's token,
``{"action": "suspend"}`` then ``{"action": "resume"}`` in turn, through the nginx front and uWSGI (1 worker) as
``make run`` serves, timed to the answer's last byte (the case document with its steps). Floor: psycopg2 on the same
database, the same step in its own transaction: ``BEGIN``, the history context, the ``UPDATE`` of the case (state,
version, time) and the ``INSERT`` of its step row, ``COMMIT``. Each side moves cases of its own, made for the run
(state ``dispatched``, in place of the cases the seed opened for recent incidents) and deleted after it, those
opened again, so a run leaves the county as it found it. Target: ours p95 no more than the floor's p95 + 5 ms.
"""
from __future__ import annotations

import json
import time
from datetime import datetime
from datetime import timezone as dt_timezone

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from accounts.services import create_account, new_token
from cases.backfill import cases_open_missing
from cases.models import Case

from .httpclient import LeanClient
from .server import app_server
from .stats import percentile

TARGET_MS = 5.0
"""Target of ours p95 over the floor's p95, in milliseconds."""
CASES = 20
"""Cases each side moves per round (two steps a case a round)."""
USERNAME = "bench.shift_leader"
RECENT = datetime(2023, 6, 1, tzinfo=dt_timezone.utc)
"""Incidents after the seeded case year: their cases are the ones the seed opened as reported."""
STEPS = (("suspend", "dispatched", "suspended"), ("resume", "suspended", "dispatched"))
FLOOR_CONTEXT = ("SELECT set_config('pingding.actor_id', %s, true), set_config('pingding.actor_name', %s, true),"
                 " set_config('pingding.path', 'case', true)")
FLOOR_UPDATE = ("UPDATE cases_case SET state = %s, suspended_from = %s, version = version + 1, updated_at = now()"
                " WHERE incident_id = %s AND state = %s")
FLOOR_STEP = ("INSERT INTO cases_casestep (case_id, action, from_state, to_state, actor_id, role, at, note, reason,"
              " photos) VALUES (%s, %s, %s, %s, %s, 'shift_leader', now(), '', '', '[]'::jsonb)")


def summary(times: list[float]) -> dict:
    return {"p50_ms": percentile(times, 50) * 1000, "p95_ms": percentile(times, 95) * 1000, "n": len(times)}


def bench_cases(count: int) -> list[int]:
    """``count`` cases in state ``dispatched`` made for the run (their ids), on recent incidents whose cases the seed
    opened as reported (:func:`cases.backfill.open_missing`); :func:`restore_cases` opens them again as they were."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.incident_id FROM cases_case AS c JOIN layers_incident AS i ON i.id = c.incident_id"
                       " WHERE i.reported_at >= %s AND (SELECT count(*) FROM cases_casestep AS s"
                       " WHERE s.case_id = c.incident_id) = 1 ORDER BY c.incident_id LIMIT %s", [RECENT, count])
        ids = [row[0] for row in cursor.fetchall()]
    if len(ids) != count:
        raise RuntimeError(f"only {len(ids)} recent incidents with a case just opened, {count} needed (seed first)")
    Case.objects.filter(pk__in=ids).delete()
    now = timezone.now()
    Case.objects.bulk_create(Case(incident_id=i, state="dispatched", department="bench", updated_at=now)
                             for i in ids)
    return ids


def restore_cases(ids: list[int]) -> None:
    """The run's cases deleted, and the incidents' cases opened again as the seed opened them."""
    Case.objects.filter(pk__in=ids).delete()
    cases_open_missing()


def leader_token() -> tuple[int, str]:
    get_user_model().objects.filter(username=USERNAME).delete()
    user = create_account(USERNAME, "shift_leader")
    return user.pk, new_token(USERNAME, name="bench")[1]


class Leader:
    """Ours: steps on one kept-alive connection, each with the ETag of the case's last answer."""

    def __init__(self, base: str, token: str):
        self.client = LeanClient(base)
        self.auth = {"Authorization": f"Bearer {token}"}
        self.etags: dict[int, str] = {}

    def fetch_etag(self, case_id: int) -> None:
        path = f"/api/cases/{case_id}"
        status, headers, body = self.client.get(path, headers=self.auth)
        if status != 200 or "etag" not in headers:
            raise RuntimeError(f"GET {path} answered {status}: {body[:300]!r}")
        self.etags[case_id] = headers["etag"]

    def step(self, case_id: int, action: str) -> float:
        path = f"/api/cases/{case_id}/actions"
        headers = {**self.auth, "Content-Type": "application/json", "If-Match": self.etags[case_id]}
        started = time.perf_counter()
        status, answer_headers, body = self.client.request("POST", path, headers=headers,
                                                           body=json.dumps({"action": action}).encode())
        elapsed = time.perf_counter() - started
        if status != 200 or "etag" not in answer_headers:
            raise RuntimeError(f"POST {path} {action} answered {status}: {body[:300]!r}")
        self.etags[case_id] = answer_headers["etag"]
        return elapsed

    def close(self) -> None:
        self.client.close()


def floor_step(raw, case_id: int, step: tuple[str, str, str], user_id: int) -> float:
    """Seconds of the step's UPDATE and step row in a transaction of their own through psycopg2."""
    action, before, after = step
    with raw.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute("BEGIN")
        try:
            cursor.execute(FLOOR_CONTEXT, [str(user_id), USERNAME])
            cursor.execute(FLOOR_UPDATE, [after, before if after == "suspended" else "", case_id, before])
            if cursor.rowcount != 1:
                raise RuntimeError(f"the floor's UPDATE changed {cursor.rowcount} rows of case {case_id}, not one")
            cursor.execute(FLOOR_STEP, [case_id, action, before, after, user_id])
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        cursor.execute("COMMIT")
        return time.perf_counter() - started


def paired_steps(leader: Leader, raw, user_id: int, ours_ids: list[int], floor_ids: list[int]) -> tuple[
        list[float], list[float]]:
    """One round: every case suspended, then resumed, ours and the floor back to back, the order alternating."""
    ours, floor = [], []
    for step in STEPS:
        for i, (ours_id, floor_id) in enumerate(zip(ours_ids, floor_ids)):
            if i % 2:
                floor.append(floor_step(raw, floor_id, step, user_id))
            ours.append(leader.step(ours_id, step[0]))
            if not i % 2:
                floor.append(floor_step(raw, floor_id, step, user_id))
    return ours, floor


def run(*, repeat: int = 5) -> dict:
    rounds = max(2, min(repeat, 5))
    user_id, token = leader_token()
    ids = bench_cases(2 * CASES)
    ours_ids, floor_ids = ids[0::2], ids[1::2]
    ours, floor = [], []
    try:
        with app_server() as (base, _):
            leader = Leader(base, token)
            raw = connection.cursor().connection
            try:
                for case_id in ours_ids:
                    leader.fetch_etag(case_id)
                for round_ in range(rounds + 1):
                    round_ours, round_floor = paired_steps(leader, raw, user_id, ours_ids, floor_ids)
                    if round_:  # the first round warms the worker, the plans and the rows' pages
                        ours += round_ours
                        floor += round_floor
            finally:
                leader.close()
    finally:
        restore_cases(ids)
        get_user_model().objects.filter(username=USERNAME).delete()
    result = {"cases": CASES, "rounds": rounds, "ours": summary(ours), "floor": summary(floor)}
    result["p95_difference_ms"] = result["ours"]["p95_ms"] - result["floor"]["p95_ms"]
    return result


def report(results: dict) -> list[str]:
    ours, floor = results["ours"], results["floor"]
    return [
        f"cases: one step of the loop (suspend, resume), {results['cases']} cases a side, {results['rounds']} rounds",
        f"  floor (UPDATE + step row, psycopg2)        p50 {floor['p50_ms']:.2f} ms  p95 {floor['p95_ms']:.2f} ms",
        f"  ours  (POST actions, nginx + uWSGI)        p50 {ours['p50_ms']:.2f} ms  p95 {ours['p95_ms']:.2f} ms",
        f"  p95 ours - floor {results['p95_difference_ms']:.2f} ms (target <= {TARGET_MS:.0f} ms)",
    ]
