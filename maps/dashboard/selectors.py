"""The dashboard's figures: :func:`dashboard_figures`, the JSON document of ``sql/figures.sql`` as the database
wrote it (one statement; no Python pass over the rows)."""
from __future__ import annotations

from functools import cache
from pathlib import Path

from django.db import connection

from cases import loop

SQL = Path(__file__).resolve().parent / "sql" / "figures.sql"
DEFAULT_DAYS = 30
MAX_DAYS = 366


@cache
def statement() -> str:
    from cases.models import Case
    from layers.models import Incident

    return SQL.read_text().format(case=Case._meta.db_table, incident=Incident._meta.db_table)


def statement_params(days: int) -> dict:
    return {"days": days, "open": sorted(loop.OPEN_STATES), "states": list(loop.STATES)}


def dashboard_figures(*, days: int = DEFAULT_DAYS) -> str:
    """The figures over a window of ``days`` local days, as JSON text: ``from``, ``to``, ``days``, ``totals``
    (cases, open, overdue, filed and closed in the window), ``states`` (cases and overdue per state, in the loop's
    order), ``trend`` (filed and closed per day), ``grids`` (per grid code: filed, closed, open, closure_rate),
    ``departments`` (open, overdue, filed, closed, closure_rate) and ``heat`` ([lon, lat] of the open cases and of
    those reported in the window, EPSG:4490)."""
    with connection.cursor() as cursor:
        cursor.execute(statement(), statement_params(days))
        return cursor.fetchone()[0]
