"""Changing the default calendar: its working periods, holiday ranges and the time limits, replaced together."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from django.db import transaction

from .models import Holiday, TimeLimit, WorkCalendar, WorkPeriod
from .validation import DayRange, check_ranges


@dataclass(frozen=True)
class PeriodRow:
    weekday: int
    start: time
    end: time


@dataclass(frozen=True)
class HolidayRow:
    name: str
    kind: str
    date_from: date
    date_to: date


@dataclass(frozen=True)
class LimitRow:
    major_code: str
    minor_code: str
    urgency: str
    working_hours: float


@transaction.atomic
def calendar_replace(*, periods: list[PeriodRow], holidays: list[HolidayRow],
                     time_limits: list[LimitRow] | None = None) -> WorkCalendar:
    """Replace the default calendar's periods and holidays (and the time limits when given), all or nothing.
    Raises ``ValidationError`` naming both ranges when two holiday ranges overlap."""
    check_ranges(DayRange(h.name, h.date_from, h.date_to) for h in holidays)
    calendar = WorkCalendar.objects.select_for_update().get(is_default=True)
    calendar.periods.all().delete()
    calendar.holidays.all().delete()
    WorkPeriod.objects.bulk_create(WorkPeriod(calendar=calendar, weekday=p.weekday, start=p.start, end=p.end)
                                   for p in periods)
    Holiday.objects.bulk_create(Holiday(calendar=calendar, name=h.name, kind=h.kind, date_from=h.date_from,
                                        date_to=h.date_to) for h in holidays)
    if time_limits is not None:
        TimeLimit.objects.all().delete()
        TimeLimit.objects.bulk_create(TimeLimit(major_code=t.major_code, minor_code=t.minor_code, urgency=t.urgency,
                                                working_hours=t.working_hours) for t in time_limits)
    return calendar
