"""One step of the loop written by ONE SQL statement: the case's UPDATE (only from the version the step was checked
against), its step row, and, when its status changes, the incident's UPDATE with the history context of the path
``case`` set first (the incidents layer's history and tile triggers are statement-level, so they read it).

One statement is one transaction on its own (autocommit) and one round trip; inside a longer transaction (a test's)
it is part of it. A version that moved since the check updates no row, so no step row is written either.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection

from layers.models import Incident
from spatial.crs import STORAGE_SRID

from .models import Case, CaseStep

_MOVE = """
WITH moved AS (
    UPDATE {case} SET state = %(state)s, department = %(department)s, urgency = %(urgency)s,
        suspended_from = %(suspended_from)s, reject_reason_id = %(reject_reason)s, deadline_at = %(deadline_at)s,
        updated_at = %(at)s, version = version + 1
    WHERE incident_id = %(case_id)s AND version = %(version)s
    RETURNING incident_id
), step AS (
    INSERT INTO {step} (case_id, action, from_state, to_state, actor_id, role, at, location, distance_m, note,
                        reason, deadline_at, photos)
    SELECT incident_id, %(action)s, %(from_state)s, %(state)s, %(actor_id)s, %(role)s, %(at)s,
           ST_GeomFromEWKT(%(location)s), %(distance_m)s, %(note)s, %(reason)s, %(deadline_at)s, %(photos)s::jsonb
    FROM moved
    RETURNING id
){follow}
SELECT step.id, (SELECT username FROM {user} WHERE id = %(actor_id)s) FROM step
"""
_FOLLOW = """, context AS (
    SELECT set_config('pingding.actor_id', %(actor)s, true), set_config('pingding.actor_name', '', true),
           set_config('pingding.path', 'case', true)
), followed AS (
    UPDATE {incident} AS i SET status = %(status)s, accepted_at = coalesce(i.accepted_at, %(accepted_at)s),
        closed_at = %(closed_at)s
    FROM moved, context WHERE i.id = moved.incident_id
)"""


@dataclass(frozen=True)
class Written:
    """The step row written: its id and its actor's username (None: no actor)."""

    step_id: int
    actor_name: str | None


def statement(*, follow: bool) -> str:
    """The step's statement; ``follow``: the incident's status changes with it."""
    tables = {"case": Case._meta.db_table, "step": CaseStep._meta.db_table, "incident": Incident._meta.db_table,
              "user": get_user_model()._meta.db_table}
    return _MOVE.format(follow=_FOLLOW.format(**tables) if follow else "", **tables)


def step_write(*, case: Case, version: int, step: CaseStep, incident_changes: dict | None) -> Written | None:
    """Write ``case`` (as changed in memory) over ``version``, and ``step``; None when the case is no longer at
    ``version`` (nothing written). ``incident_changes``: ``status``, ``accepted_at``, ``closed_at`` of the incident,
    or None when its status stays."""
    location = None if step.location is None else f"SRID={STORAGE_SRID};POINT({step.location.x!r} {step.location.y!r})"
    values = {
        "case_id": case.pk, "version": version, "state": case.state, "department": case.department,
        "urgency": case.urgency, "suspended_from": case.suspended_from, "reject_reason": case.reject_reason_id,
        "deadline_at": case.deadline_at, "at": step.at, "action": step.action, "from_state": step.from_state,
        "actor_id": step.actor_id, "role": step.role, "location": location, "distance_m": step.distance_m,
        "note": step.note, "reason": step.reason, "photos": json.dumps(step.photos),
    }
    if incident_changes is not None:
        values.update(incident_changes, actor="" if step.actor_id is None else str(step.actor_id))
    with connection.cursor() as cursor:
        cursor.execute(statement(follow=incident_changes is not None), values)
        row = cursor.fetchone()
    return None if row is None else Written(step_id=row[0], actor_name=row[1])


def current_version(case_id: int) -> int:
    return Case.objects.filter(pk=case_id).values_list("version", flat=True).first() or 0

