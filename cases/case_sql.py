"""The read of a step: one case in the caller's scope, with its incident, the report's e-mail and its steps, by ONE
bound SQL statement, made into model instances with :meth:`Model.from_db` (a column not read is deferred: it loads
on access instead of taking a default). On the path the loop's benchmark times, the ORM query it replaces cost more
to compile and build than the database took to answer it.

The scope is :func:`cases.scope.case_scope` spelt in SQL (:func:`scope_sql`); the tests of both paths (GET reads
through the ORM, a step through this) hold them to the same answers.
"""
from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point
from django.db import connection, models

from accounts.principal import Principal
from layers.models import Incident
from spatial.crs import STORAGE_SRID

from .models import Case, CaseStep, ReportDetail
from .scope import READS_EVERY_CASE
from .selectors import STEPS_SQL

CASE_FIELDS = [f for f in Case._meta.concrete_fields]
INCIDENT_FIELDS = [f for f in Incident._meta.concrete_fields if f.name != "geom"]
"""Every column of the case and of its incident (the point is read as ST_X, ST_Y), in the models' field order."""


def scope_sql(principal: Principal) -> tuple[str, list]:
    """``(condition, params)`` on ``c`` (the case) and ``i`` (its incident): the rows ``principal`` may read."""
    if principal.roles & READS_EVERY_CASE:
        return "TRUE", []
    terms, params = ["FALSE"], []
    if "grid_member" in principal.roles and principal.grids:
        terms.append("i.grid_code = ANY(%s)")
        params.append(sorted(principal.grids))
    if "department" in principal.roles and principal.department:
        terms.append("c.department = %s")
        params.append(principal.department)
    return f"({' OR '.join(terms)})", params


def _statement(scope: str) -> str:
    steps = STEPS_SQL.format(step=CaseStep._meta.db_table, user=get_user_model()._meta.db_table, case="c")
    columns = [f"c.{f.column}" for f in CASE_FIELDS] + [f"i.{f.column}" for f in INCIDENT_FIELDS]
    return (
        f"SELECT {', '.join(columns)}, ST_X(i.geom), ST_Y(i.geom), r.incident_id, r.reporter_email, {steps}"
        f" FROM {Case._meta.db_table} AS c JOIN {Incident._meta.db_table} AS i ON i.id = c.incident_id"
        f" LEFT JOIN {ReportDetail._meta.db_table} AS r ON r.incident_id = c.incident_id"
        f" WHERE c.incident_id = %s AND {scope}"
    )


def _instance(model: type[models.Model], fields: list, values) -> models.Model:
    return model.from_db("default", [f.attname for f in fields], list(values))


def case_row(*, case_id: int, principal: Principal) -> Case | None:
    """Case ``case_id`` if ``principal`` may read it, else None: its incident (``geom`` a point in EPSG:4490) and
    the report's detail (``reporter_email`` only) loaded, its steps in ``step_rows`` (as
    ``cases.selectors.with_steps`` gives them)."""
    scope, params = scope_sql(principal)
    with connection.cursor() as cursor:
        cursor.execute(_statement(scope), [case_id, *params])
        row = cursor.fetchone()
    if row is None:
        return None
    cases, incidents = len(CASE_FIELDS), len(INCIDENT_FIELDS)
    lon, lat, report_id, reporter_email, steps = row[cases + incidents:]
    incident = _instance(Incident, [*INCIDENT_FIELDS, Incident._meta.get_field("geom")],
                         [*row[cases:cases + incidents], Point(lon, lat, srid=STORAGE_SRID)])
    report = None if report_id is None else _instance(
        ReportDetail, [ReportDetail._meta.get_field("incident"), ReportDetail._meta.get_field("reporter_email")],
        [report_id, reporter_email])
    # cached even when there is none: assigning None to a reverse one-to-one caches nothing, and the case document
    # would ask the database again
    Incident.report.related.set_cached_value(incident, report)
    case = _instance(Case, CASE_FIELDS, row[:cases])
    case.incident = incident
    case.step_rows = json.loads(steps) if isinstance(steps, str) else steps
    return case
