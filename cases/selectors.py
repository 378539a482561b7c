"""Reads of the case loop: a page of cases (:func:`cases_page`) and one case with its steps (:func:`case_get`),
each within the caller's scope (``cases.scope``); personal data follows the incidents layer's view of the caller."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.contrib.auth import get_user_model
from django.db.models import JSONField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from accounts.principal import Principal
from layers.access import layer_view
from layers.models import Incident
from layers.registry import get_layer

from . import loop
from .errors import CaseNotFound
from .models import Case, CaseStep
from .scope import case_scope


@dataclass(frozen=True)
class CaseFilters:
    """The filters of a list of cases (see ``cases.params``); ``start``/``end`` bound the report time."""

    states: tuple[str, ...] = ()
    grid: str | None = None
    department: str | None = None
    event_class: str | None = None
    overdue: bool | None = None
    start: datetime | None = None
    end: datetime | None = None
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class CasePage:
    cases: list[Case]
    total: int
    filters: CaseFilters


def sees_personal_data(principal: Principal) -> bool:
    """Whether the caller reads the reporter's name, phone and e-mail: the incidents layer's restricted fields."""
    return "reporter" in layer_view(get_layer("incidents"), principal).fields


def _scoped(principal: Principal) -> QuerySet[Case]:
    rows = Case.objects.select_related("incident", "incident__report")
    scope = case_scope(principal)
    return rows if scope is None else rows.filter(scope)


def overdue(now: datetime) -> Q:
    """The overdue rule: an open case (``loop.OPEN_STATES``) whose deadline passed before ``now``."""
    return Q(deadline_at__lt=now, state__in=loop.OPEN_STATES)


def _filtered(rows: QuerySet[Case], filters: CaseFilters) -> QuerySet[Case]:
    if filters.states:
        rows = rows.filter(state__in=filters.states)
    if filters.grid:
        rows = rows.filter(incident__grid_id=filters.grid)
    if filters.department:
        rows = rows.filter(department=filters.department)
    if filters.event_class:
        rows = rows.filter(incident__event_class__code__startswith=filters.event_class)
    if filters.overdue is not None:
        late = overdue(timezone.now())
        rows = rows.filter(late) if filters.overdue else rows.exclude(late)
    if filters.start:
        rows = rows.filter(incident__reported_at__gte=filters.start)
    if filters.end:
        rows = rows.filter(incident__reported_at__lt=filters.end)
    return rows


def cases_page(*, principal: Principal, filters: CaseFilters) -> CasePage:
    """The page of cases ``principal`` may read that match ``filters``, newest report first."""
    rows = _filtered(_scoped(principal), filters).order_by("-incident__reported_at", "-pk")
    return CasePage(cases=list(rows[filters.offset:filters.offset + filters.limit]), total=rows.count(),
                    filters=filters)


def case_get(*, case_id: int, principal: Principal) -> tuple[Case, list[dict]]:
    """Case ``case_id`` and its steps in order; 404 when it is not among the cases ``principal`` may read."""
    rows = _scoped(principal).select_related("incident__component", "incident__event_class")
    case = with_steps(rows).filter(pk=case_id).first()
    if case is None:
        raise CaseNotFound(f"There is no case {case_id} among the cases you may read.", parameter="id")
    return case, steps_of(case)


STEPS_SQL = """(SELECT coalesce(jsonb_agg(jsonb_build_object(
    'action', s.action, 'from_state', s.from_state, 'to_state', s.to_state, 'role', s.role, 'at', s.at,
    'location', CASE WHEN s.location IS NULL THEN NULL ELSE jsonb_build_array(ST_X(s.location), ST_Y(s.location)) END,
    'distance_m', s.distance_m, 'note', s.note, 'reason', s.reason, 'deadline_at', s.deadline_at,
    'photos', s.photos, 'actor_name', u.username) ORDER BY s.at, s.id), '[]'::jsonb)
 FROM {step} AS s LEFT JOIN {user} AS u ON u.id = s.actor_id WHERE s.case_id = {case}.incident_id)"""
"""A case's steps in order, as one JSON array computed with the case's row (no second query)."""


def with_steps(rows: QuerySet[Case]) -> QuerySet[Case]:
    """``rows`` with ``step_rows``: the steps of each case (read by :func:`steps_of`)."""
    sql = STEPS_SQL.format(step=CaseStep._meta.db_table, user=get_user_model()._meta.db_table,
                        case=Case._meta.db_table)
    return rows.annotate(step_rows=RawSQL(sql, [], output_field=JSONField()))


def steps_of(case: Case) -> list[dict]:
    """The steps of a case read :func:`with_steps`: ``action``, ``from_state``, ``to_state``, ``role``, ``at``,
    ``location`` (EPSG:4490 [lon, lat] or None), ``distance_m``, ``note``, ``reason``, ``deadline_at``, ``photos``,
    ``actor_name``; times as aware datetimes."""
    steps = case.step_rows
    for step in steps:
        step["at"] = datetime.fromisoformat(step["at"])
        step["deadline_at"] = datetime.fromisoformat(step["deadline_at"]) if step["deadline_at"] else None
    return steps


def step_values(step: CaseStep, *, actor: str | None) -> dict:
    """A step just written, as :func:`steps_of` gives it."""
    return {
        "action": step.action, "from_state": step.from_state, "to_state": step.to_state, "role": step.role,
        "at": step.at, "location": [step.location.x, step.location.y] if step.location else None,
        "distance_m": step.distance_m, "note": step.note, "reason": step.reason, "deadline_at": step.deadline_at,
        "photos": step.photos, "actor_name": actor,
    }


def nearby_open_cases(*, case: Case, radius_m: float, limit: int = 10) -> list[dict]:
    """Open cases within ``radius_m`` metres (on the spheroid) of ``case``, nearest first, for the dispatcher."""
    incident, table = Incident._meta.db_table, Case._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT o.id, o.code, c.state, o.event_class_code, ST_Distance(o.geom::geography, i.geom::geography)"
            f" FROM {incident} AS i JOIN {incident} AS o"
            f"   ON o.id <> i.id AND ST_DWithin(o.geom::geography, i.geom::geography, %s)"
            f" JOIN {table} AS c ON c.incident_id = o.id AND c.state = ANY(%s)"
            f" WHERE i.id = %s ORDER BY 5 LIMIT %s",
            [radius_m, sorted(loop.OPEN_STATES), case.pk, limit],
        )
        return [
            {"id": row[0], "code": row[1], "state": row[2], "event_class": row[3], "distance_m": round(row[4], 2)}
            for row in cursor.fetchall()
        ]
