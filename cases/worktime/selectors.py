"""Calendars from the database, as :class:`cases.worktime.hours.Calendar` values."""
from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from .hours import Calendar
from .models import DayKind, TimeLimit, WorkCalendar


class NoCalendar(LookupError):
    """No working calendar is marked default (the worktime migrations create one)."""


def calendar_value(calendar: WorkCalendar) -> Calendar:
    """The :class:`Calendar` of a stored calendar: its periods, holiday dates and adjusted working days."""
    periods: dict[int, list] = defaultdict(list)
    for period in calendar.periods.order_by("weekday", "start"):
        periods[period.weekday].append((period.start, period.end))
    days: dict[str, set] = {DayKind.HOLIDAY: set(), DayKind.WORKDAY: set()}
    for holiday in calendar.holidays.all():
        span = (holiday.date_to - holiday.date_from).days
        days[holiday.kind].update(holiday.date_from + timedelta(days=n) for n in range(span + 1))
    return Calendar(periods={day: tuple(p) for day, p in periods.items()}, holidays=frozenset(days[DayKind.HOLIDAY]),
                    workdays=frozenset(days[DayKind.WORKDAY]), zone=ZoneInfo(settings.TIME_ZONE))


def default_calendar() -> Calendar:
    calendar = WorkCalendar.objects.filter(is_default=True).first()
    if calendar is None:
        raise NoCalendar("No working calendar is marked default; mark one in the admin (Working hours).")
    return calendar_value(calendar)


def time_limit_hours(*, major_code: str, minor_code: str, urgency: str) -> float | None:
    """Working hours of the most specific time limit for a class and urgency (major+minor, major, any)."""
    rows = TimeLimit.objects.filter(urgency=urgency, major_code__in=[major_code, ""], minor_code__in=[minor_code, ""])
    best = max(rows, key=lambda r: (r.major_code != "", r.minor_code != ""), default=None)
    return best.working_hours if best else None
