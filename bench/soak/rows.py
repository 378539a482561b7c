"""What the soak adds to the database, and how it takes it all away again.

The run makes three accounts (``manage.py account_create --token``: a dispatcher, an operator, a leader) named
``<tag>.<role>``; its reports and Open311 requests make incidents (with their cases, steps, report details,
history rows and idempotency keys) whose descriptions start with the tag. The job worker's escalation sweep, which
runs at its start as under ``make run``, raises the level of overdue cases: their level, version and time are taken
before the run and put back after it, with the sweep's steps. :func:`cleanup` deletes or restores all of it, and
:func:`leftovers` compares every table's count with the count before the run. The tile cache is a cache: tiles
rendered during the run stay, and the incidents layer's tile version moves on (older tiles are never served again).
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction

from cases.models import IdempotencyKey
from layers.models import Incident, IncidentCodeCounter

ROLES = ("dispatcher", "operator", "leader")
NOT_COUNTED = frozenset({"tiles_tilecache", "web_throttle", "django_session", "spatial_ref_sys"})
"""Tables whose counts may change in any run: caches, the rate limits' windows, sessions."""
ESCALATION_MARGIN = timedelta(minutes=10)


def accounts_create(tag: str) -> dict[str, str]:
    """role -> API token of the run's accounts, made as an operator makes them (``manage.py account_create``)."""
    tokens = {}
    for role in ROLES:
        out = io.StringIO()
        call_command("account_create", f"{tag}.{role}", role=role, token=True, stdout=out)
        tokens[role] = out.getvalue().strip().splitlines()[-1]
    return tokens


def table_counts() -> dict[str, int]:
    """Every counted table of the public schema -> its rows."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall() if row[0] not in NOT_COUNTED]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


@dataclass(frozen=True)
class Snapshot:
    """What the run may change in rows it did not make: counts, the incident code counters, the overdue cases."""

    started_at: datetime
    counts: dict[str, int]
    counters: dict[str, int]
    escalation: dict[int, tuple[int, int, datetime]]


def snapshot(*, started_at: datetime, duration_s: float) -> Snapshot:
    """Taken before the run: the open cases whose deadline passes before the run ends (with a margin) may be
    escalated by the worker's sweep."""
    until = started_at + timedelta(seconds=duration_s) + ESCALATION_MARGIN
    with connection.cursor() as cursor:
        cursor.execute("SELECT incident_id, level, version, updated_at FROM cases_case"
                       " WHERE state NOT IN ('rejected', 'closed') AND deadline_at < %s", [until])
        escalation = {row[0]: (row[1], row[2], row[3]) for row in cursor.fetchall()}
    return Snapshot(started_at=started_at, counts=table_counts(),
                    counters=dict(IncidentCodeCounter.objects.values_list("prefix", "last")),
                    escalation=escalation)


@transaction.atomic
def cleanup(*, tag: str, before: Snapshot) -> dict[str, int]:
    """Delete what the run made and restore what it changed; what was done (counts)."""
    ids = list(Incident.objects.filter(description__startswith=f"{tag} ", reported_at__gte=before.started_at)
               .values_list("pk", flat=True))
    Incident.objects.filter(pk__in=ids).delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM layers_history WHERE layer = 'incidents' AND feature_id = ANY(%s)", [ids])
        history = cursor.rowcount
        cursor.execute("DELETE FROM cases_casestep WHERE action = 'escalate' AND at >= %s AND case_id = ANY(%s)",
                       [before.started_at, list(before.escalation)])
        escalations = cursor.rowcount
        for case_id, (level, version, updated_at) in before.escalation.items():
            cursor.execute("UPDATE cases_case SET level = %s, version = %s, updated_at = %s"
                           " WHERE incident_id = %s AND version <> %s", [level, version, updated_at, case_id, version])
    keys, _ = IdempotencyKey.objects.filter(key__startswith=f"{tag}-").delete()
    counters = _counters_restore(before.counters)
    users, _ = get_user_model().objects.filter(username__startswith=f"{tag}.").delete()
    return {"incidents": len(ids), "history_rows": history, "escalation_steps": escalations,
            "idempotency_keys": keys, "counters_restored": counters, "account_rows": users}


def _counters_restore(counters: dict[str, int]) -> int:
    changed = 0
    for prefix, last in IncidentCodeCounter.objects.values_list("prefix", "last"):
        if prefix not in counters:
            changed += IncidentCodeCounter.objects.filter(prefix=prefix).delete()[0]
        elif counters[prefix] != last:
            changed += IncidentCodeCounter.objects.filter(prefix=prefix).update(last=counters[prefix])
    return changed


def leftovers(before: Snapshot) -> dict[str, int]:
    """table -> rows more (or fewer) than before the run; empty when the run left the database as it found it."""
    after = table_counts()
    return {table: after.get(table, 0) - count for table, count in before.counts.items()
            if after.get(table, 0) != count}
