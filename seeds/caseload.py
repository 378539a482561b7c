"""Write the seeded year's cases and steps (``seeds.caserows``) after the incidents: COPY into two temporary
tables keyed by incident code, then one INSERT ... SELECT each, joined to the incidents' ids (whatever identities
they were given). In the caller's transaction; the verification's distance is measured here, on the spheroid."""
from __future__ import annotations

import io
import time

from cases.models import Case, CaseStep
from layers.models import Incident

from .caserows import CaseYear
from .tables import copy_fields

_STAGE = """
CREATE TEMP TABLE seed_case (code text, state text, department text, urgency text, deadline_at timestamptz,
                             updated_at timestamptz, version int) ON COMMIT DROP;
CREATE TEMP TABLE seed_step (code text, action text, from_state text, to_state text, role text, at timestamptz,
                             deadline_at timestamptz, lon float8, lat float8) ON COMMIT DROP;
"""
_CASES = """
INSERT INTO {case} (incident_id, state, department, urgency, level, deadline_at, suspended_from, updated_at, version)
SELECT i.id, s.state, s.department, s.urgency, 1, s.deadline_at, '', s.updated_at, s.version
FROM seed_case AS s JOIN {incident} AS i ON i.code = s.code
"""
_STEPS = """
INSERT INTO {step} (case_id, action, from_state, to_state, actor_id, role, at, location, distance_m, note, reason,
                    deadline_at, photos)
SELECT i.id, s.action, s.from_state, s.to_state, NULL, s.role, s.at, p.geom,
       ST_Distance(p.geom::geography, i.geom::geography), '', '', s.deadline_at, '[]'::jsonb
FROM seed_step AS s JOIN {incident} AS i ON i.code = s.code
CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4490) AS geom) AS p
"""


def _copy(raw, table: str, columns: dict) -> None:
    text = "\n".join(map("\t".join, zip(*(copy_fields(v) for v in columns.values()))))
    raw.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", io.StringIO(text + "\n" if text else ""))


def load_case_year(cursor, year: CaseYear) -> dict[str, float]:
    """Insert the year's cases and steps (their incidents are loaded); seconds per step."""
    tables = {"case": Case._meta.db_table, "step": CaseStep._meta.db_table, "incident": Incident._meta.db_table}
    timings: dict[str, float] = {}
    start = time.perf_counter()
    cursor.execute(_STAGE)
    _copy(cursor.cursor, "seed_case", year.cases)
    _copy(cursor.cursor, "seed_step", year.steps)
    timings["copy case year"] = time.perf_counter() - start
    for label, sql in (("cases", _CASES), ("case steps", _STEPS)):
        start = time.perf_counter()
        cursor.execute(sql.format(**tables))
        timings[label] = time.perf_counter() - start
    cursor.execute(f"ANALYZE {tables['case']}; ANALYZE {tables['step']}")
    return timings
