"""A repeated report: a new report of the same class within ``PINGDING_CASES_DUPLICATE_M`` metres (30) and
``PINGDING_CASES_DUPLICATE_HOURS`` hours (24) of an open case is linked to that case, not counted as a second one.

"The same class": the same event class for an event, the same component class (digits 7-10 of the code, CJ/T 214)
for a component's problem. Distances on the spheroid (``geography``)."""
from __future__ import annotations

from django.db import connection

from layers.models import Incident

from . import conf, loop
from .models import Case

_NEAREST_OPEN = """
SELECT o.id, o.code, ST_Distance(o.geom::geography, i.geom::geography)
FROM {incident} AS i
JOIN {incident} AS o
  ON o.id <> i.id
 AND o.reported_at >= i.reported_at - make_interval(secs => %(hours)s * 3600)
 AND ST_DWithin(o.geom::geography, i.geom::geography, %(metres)s)
 AND (CASE WHEN i.event_class_code IS NOT NULL THEN o.event_class_code = i.event_class_code
           ELSE substr(o.component_code, 7, 4) = substr(i.component_code, 7, 4) END)
JOIN {case} AS c ON c.incident_id = o.id AND c.state = ANY(%(open)s) AND c.duplicate_of_id IS NULL
WHERE i.id = %(id)s
ORDER BY 3, o.reported_at
LIMIT 1
"""


def open_case_repeated(*, incident: Incident) -> tuple[int, str, float] | None:
    """``(id, code, metres)`` of the open case ``incident`` repeats, nearest first; None when it repeats none."""
    sql = _NEAREST_OPEN.format(incident=Incident._meta.db_table, case=Case._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"hours": float(conf.get("PINGDING_CASES_DUPLICATE_HOURS")),
                             "metres": float(conf.get("PINGDING_CASES_DUPLICATE_M")),
                             "open": sorted(loop.OPEN_STATES), "id": incident.pk})
        row = cursor.fetchone()
    return None if row is None else (row[0], row[1], float(row[2]))
