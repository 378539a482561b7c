"""The JSON of an evaluation: rates rounded to 4 places, hours and coverage to 2 and 4."""
from __future__ import annotations

from .selectors import Evaluation, Period


def _round(value: float | None, places: int) -> float | None:
    return None if value is None else round(value, places)


def row_document(row: Evaluation) -> dict:
    return {
        "code": row.code, "name": row.name, "filed": row.filed, "closed": row.closed,
        "closure_rate": _round(row.closure_rate, 4), "on_time_rate": _round(row.on_time_rate, 4),
        "rework_rate": _round(row.rework_rate, 4), "mean_handling_hours": _round(row.mean_handling_hours, 2),
        "patrol_coverage": _round(row.patrol_coverage, 4),
    }


def evaluation_document(rows: list[Evaluation], *, period: Period, by: str) -> dict:
    return {"from": period.first.isoformat(), "to": period.last.isoformat(), "by": by,
            "handling_hours": "working", "rows": [row_document(row) for row in rows]}
