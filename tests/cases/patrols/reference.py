"""The reference measure of patrol coverage: the on-the-fly SQL the server ran before coverage was stored
(``reference_coverage.sql``, one grid-day per row, roads clipped and tracks buffered at read time). The stored rows
must equal it."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from django.db import connection

from cases.patrols import conf
from cases.patrols.selectors import GridCoverage
from cases.patrols.sql import _tables

SQL = Path(__file__).resolve().parent / "reference_coverage.sql"


def reference_coverage(*, day: date, grid: str | None = None, town: str | None = None) -> list[GridCoverage]:
    params = {"day": day, "grid": grid, "town": town, "buffer_m": conf.buffer_m(), "noon": conf.noon()}
    with connection.cursor() as cursor:
        cursor.execute(SQL.read_text().format(**_tables()), params)
        return [GridCoverage(code, name, town_code, float(road), float(covered), tracks, morning, afternoon)
                for code, name, town_code, road, covered, tracks, morning, afternoon in cursor.fetchall()]
