"""The default working calendar, kept in this process between steps and read again only when it changed.

A step that sets a deadline asks the database ONE question (:func:`default_calendar_and_limit`): a fingerprint of the
default calendar (its id, periods and holiday ranges, md5 of their text) and the working hours of the time limit the
step needs. The calendar value is rebuilt only when the fingerprint moved, so an edit in the admin or at
``PUT /api/worktime`` counts from the next step in every process, without loading two tables on every step.
"""
from __future__ import annotations

import threading

from django.db import connection

from .worktime.hours import Calendar
from .worktime.models import Holiday, TimeLimit, WorkCalendar, WorkPeriod
from .worktime.selectors import NoCalendar, calendar_value

_QUERY = """
SELECT c.id,
       md5(c.id || '|' || coalesce((SELECT string_agg(p.weekday || p.start::text || p."end"::text, ',' ORDER BY p.id)
                                    FROM {period} p WHERE p.calendar_id = c.id), '')
           || '|' || coalesce((SELECT string_agg(h.kind || h.date_from || h.date_to, ',' ORDER BY h.id)
                               FROM {holiday} h WHERE h.calendar_id = c.id), '')),
       (SELECT t.working_hours FROM {limit} t
        WHERE t.urgency = %(urgency)s AND t.major_code IN (%(major)s, '') AND t.minor_code IN (%(minor)s, '')
        ORDER BY t.major_code <> '' DESC, t.minor_code <> '' DESC LIMIT 1)
FROM {calendar} c WHERE c.is_default
"""
_lock = threading.Lock()
_cached: dict[str, object] = {}


def _sql() -> str:
    return _QUERY.format(period=WorkPeriod._meta.db_table, holiday=Holiday._meta.db_table,
                         limit=TimeLimit._meta.db_table, calendar=WorkCalendar._meta.db_table)


def default_calendar_and_limit(*, major: str = "", minor: str = "",
                               urgency: str = "normal") -> tuple[Calendar, float | None]:
    """The default calendar and the working hours of the most specific time limit of (``major``, ``minor``,
    ``urgency``) (None: no row), in one round trip. Raises :class:`NoCalendar` when no calendar is default."""
    with connection.cursor() as cursor:
        cursor.execute(_sql(), {"urgency": urgency, "major": major, "minor": minor})
        row = cursor.fetchone()
    if row is None:
        raise NoCalendar("No working calendar is marked default; mark one in the admin (Working hours).")
    calendar_id, fingerprint, hours = row
    with _lock:
        if _cached.get("fingerprint") != fingerprint:
            _cached["calendar"] = calendar_value(WorkCalendar.objects.get(pk=calendar_id))
            _cached["fingerprint"] = fingerprint
        return _cached["calendar"], hours
