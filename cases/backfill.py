"""Cases for incidents that have none: those seeded or loaded after the loop's migration (or by SQL). Each gets a
case whose state follows the incident's status (``accepted`` -> ``filed``, ``resolved`` -> ``handled``, the others
by name) and one ``report`` step at its report time; an incident that has a case is left as it is, so it is safe to
run again."""
from __future__ import annotations

from django.db import connection, transaction

from layers.models import Incident

from .models import Case, CaseStep

_CASES = """
INSERT INTO {case} (incident_id, state, department, urgency, level, suspended_from, updated_at, version)
SELECT i.id, CASE i.status WHEN 'accepted' THEN 'filed' WHEN 'resolved' THEN 'handled' ELSE i.status END,
       '', 'normal', 1, '', coalesce(i.closed_at, i.accepted_at, i.reported_at), 1
FROM {incident} AS i
WHERE NOT EXISTS (SELECT 1 FROM {case} AS c WHERE c.incident_id = i.id)
RETURNING incident_id
"""
_STEPS = """
INSERT INTO {step} (case_id, action, from_state, to_state, role, at, note, reason, photos)
SELECT i.id, 'report', '', 'reported', '', i.reported_at, '', '', '[]'::jsonb
FROM {incident} AS i WHERE i.id = ANY(%s)
"""


def open_missing(cursor) -> int:
    """Open the missing cases through ``cursor`` (in the caller's transaction: the seed's, or the command's); how
    many were opened."""
    tables = {"case": Case._meta.db_table, "step": CaseStep._meta.db_table, "incident": Incident._meta.db_table}
    cursor.execute(_CASES.format(**tables))
    opened = [row[0] for row in cursor.fetchall()]
    if opened:
        cursor.execute(_STEPS.format(**tables), [opened])
    return len(opened)


@transaction.atomic
def cases_open_missing() -> int:
    """Open the missing cases (one transaction); how many were opened."""
    with connection.cursor() as cursor:
        return open_missing(cursor)
