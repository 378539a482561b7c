"""The evaluation of a period: :func:`evaluation_rows`, one SQL statement (``sql/evaluation.sql``) per call."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import connection

from cases.patrols import conf as patrols_conf

from .grouping import GROUPINGS

LOCAL = ZoneInfo("Asia/Shanghai")
SQL = Path(__file__).resolve().parent / "sql" / "evaluation.sql"


@dataclass(frozen=True)
class Period:
    """Local days ``first`` to ``last`` (Asia/Shanghai), both included."""

    first: date
    last: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), LOCAL)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(), LOCAL)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class Scope:
    """The cases an evaluation counts: those of ``grids`` and of ``department`` (None: no restriction)."""

    grids: tuple[str, ...] | None = None
    department: str | None = None


@dataclass(frozen=True)
class Evaluation:
    """One group's figures. Rates are shares 0..1 (None when their denominator is 0); hours are working hours."""

    code: str
    name: str
    filed: int
    closed: int
    fed_back: int
    on_time: int
    reworked: int
    mean_handling_hours: float | None
    patrol_coverage: float | None

    @property
    def closure_rate(self) -> float | None:
        return self.closed / self.filed if self.filed else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.fed_back if self.fed_back else None

    @property
    def rework_rate(self) -> float | None:
        return self.reworked / self.filed if self.filed else None


def _tables() -> dict[str, str]:
    from layers.models import AdminArea, Grid, Incident

    from cases.models import Case, CaseStep
    from cases.patrols.models import Road, Track

    return {"admin": AdminArea._meta.db_table, "grid": Grid._meta.db_table, "incident": Incident._meta.db_table,
            "case": Case._meta.db_table, "step": CaseStep._meta.db_table, "road": Road._meta.db_table,
            "track": Track._meta.db_table}


@cache
def statement(by: str) -> str:
    """The statement of grouping ``by`` with its table names and fixed fragments filled in."""
    grouping, tables = GROUPINGS[by], _tables()
    return SQL.read_text().format(
        case_key=grouping.case_key.format(**tables), grid_key=grouping.grid_key.format(**tables),
        groups=grouping.groups.format(**tables), **tables)


def statement_params(*, by: str, period: Period, scope: Scope) -> dict:
    return {"start": period.start, "end": period.end, "first": period.first, "last": period.last,
            "days": period.days, "buffer_m": float(patrols_conf.get("PINGDING_PATROLS_BUFFER_M")),
            "coverage": GROUPINGS[by].grid_key != "NULL::text",
            "grids": list(scope.grids) if scope.grids is not None else None, "department": scope.department}


def evaluation_rows(*, by: str, period: Period, scope: Scope = Scope()) -> list[Evaluation]:
    """The figures of every group of ``by`` (county, town, grid, department) over ``period``, counting the cases of
    ``scope``; in group code order."""
    with connection.cursor() as cursor:
        cursor.execute(statement(by), statement_params(by=by, period=period, scope=scope))
        return [Evaluation(code, name, filed, closed, fed_back, on_time, reworked,
                           None if hours is None else float(hours), None if cover is None else float(cover))
                for code, name, filed, closed, fed_back, on_time, reworked, hours, cover in cursor.fetchall()]
