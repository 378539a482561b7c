"""Escalation (一级指挥、三级调度、五级联动): a case whose current deadline has passed goes up one level, grid (1) ->
community (2) -> town (3) -> county department (4) -> county leader (5).

:func:`cases_escalate` is ONE set-based statement: every open case past its deadline, below level 5 and not yet
escalated for THIS deadline (no ``escalate`` step carrying it), gets ``level + 1``, a new version and one step
(action ``escalate``, no actor, role ``system``). A case escalated once waits for its next deadline (a later state's
or an extension's) to pass before it goes up again, so the sweep is safe to run as often as one likes.
"""
from __future__ import annotations

from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from . import loop
from .models import Case, CaseStep

TOP_LEVEL = 5
LEVEL_LABELS = {1: "网格", 2: "社区", 3: "乡镇", 4: "县直部门", 5: "县领导"}
"""The five levels of 五级联动."""
SYSTEM_ROLE = "system"
ESCALATE_LOCK = 140321_12
"""Advisory lock key of a sweep."""

_ESCALATE = """
WITH due AS (
    UPDATE {case} AS c SET level = c.level + 1, version = c.version + 1, updated_at = %(now)s
    WHERE c.state = ANY(%(open)s) AND c.deadline_at < %(now)s AND c.level < %(top)s
      AND NOT EXISTS (SELECT 1 FROM {step} AS s
                      WHERE s.case_id = c.incident_id AND s.action = 'escalate' AND s.deadline_at = c.deadline_at)
    RETURNING c.incident_id, c.state, c.level, c.deadline_at
)
INSERT INTO {step} (case_id, action, from_state, to_state, actor_id, role, at, note, reason, deadline_at, photos)
SELECT d.incident_id, 'escalate', d.state, d.state, NULL, %(role)s, %(now)s,
       '超时升级至' || (%(labels)s::text[])[d.level], 'overdue', d.deadline_at, '[]'::jsonb
FROM due AS d
RETURNING case_id
"""


@transaction.atomic
def cases_escalate(*, now: datetime | None = None) -> list[int]:
    """Escalate every case whose deadline passed before ``now`` (default: the clock) and that was not escalated
    for that deadline yet; the ids of the cases escalated."""
    now = now or timezone.now()
    sql = _ESCALATE.format(case=Case._meta.db_table, step=CaseStep._meta.db_table)
    labels = [LEVEL_LABELS[level] for level in sorted(LEVEL_LABELS)]
    with connection.cursor() as cursor:
        # one sweep at a time (every worker runs it): a second one waits, then finds the step of the first
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ESCALATE_LOCK])
        cursor.execute(sql, {"now": now, "open": sorted(loop.OPEN_STATES), "top": TOP_LEVEL, "role": SYSTEM_ROLE,
                             "labels": labels})
        return sorted(row[0] for row in cursor.fetchall())
