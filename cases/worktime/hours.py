"""Working hours between two instants and the deadline a number of working hours after one, on a :class:`Calendar`.

Pure functions on a calendar value; ``calendar=None`` loads the default calendar from the database
(:func:`cases.worktime.selectors.default_calendar`). The same rules run in SQL (``worktime_hours_between`` and
``worktime_deadline_after`` of migration 0002) for the evaluation figures; a test holds the two to agree.

A day's working periods: none on a holiday; Monday's periods on an adjusted working day (调休); else its weekday's.
Instants are aware datetimes; periods are local times of the calendar's zone (Asia/Shanghai).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MAX_DAYS = 3660
"""Most days a deadline is searched for (ten years): a calendar with no working period at all never ends."""


@dataclass(frozen=True)
class Calendar:
    """``periods[weekday]`` (0 Monday .. 6 Sunday): the (start, end) local times of that day's working periods, in
    order; ``holidays``: dates without working hours; ``workdays``: adjusted working days (Monday's periods)."""

    periods: dict[int, tuple[tuple[time, time], ...]]
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))

    def day_periods(self, day: date) -> tuple[tuple[time, time], ...]:
        if day in self.holidays:
            return ()
        if day in self.workdays:
            return self.periods.get(0, ())
        return self.periods.get(day.weekday(), ())

    def intervals(self, first: date) -> Iterator[tuple[datetime, datetime]]:
        """The working intervals (aware) from local day ``first`` on, in order, for at most :data:`MAX_DAYS`."""
        for offset in range(MAX_DAYS):
            day = first + timedelta(days=offset)
            for start, end in self.day_periods(day):
                yield (datetime.combine(day, start, self.zone), datetime.combine(day, end, self.zone))


def _calendar(calendar: Calendar | None) -> Calendar:
    if calendar is not None:
        return calendar
    from .selectors import default_calendar

    return default_calendar()


def working_hours_between(a: datetime, b: datetime, calendar: Calendar | None = None) -> float:
    """Working hours from ``a`` to ``b`` (aware datetimes); negative when ``b`` is before ``a``."""
    calendar = _calendar(calendar)
    if b < a:
        return -working_hours_between(b, a, calendar)
    seconds = 0.0
    for start, end in calendar.intervals(a.astimezone(calendar.zone).date()):
        if start >= b:
            break
        seconds += max(0.0, (min(end, b) - max(start, a)).total_seconds())
    return seconds / 3600


def deadline_after(start: datetime, working_hours: float, calendar: Calendar | None = None) -> datetime:
    """The instant ``working_hours`` (>= 0) working hours after ``start`` (aware; the answer is in the calendar's
    zone). Zero hours is ``start`` itself. Raises ``ValueError`` when the calendar has no working hours for
    :data:`MAX_DAYS` days."""
    if working_hours < 0:
        raise ValueError(f"working_hours must be >= 0, got {working_hours}")
    calendar = _calendar(calendar)
    left = timedelta(hours=working_hours)
    if not left:
        return start.astimezone(calendar.zone)
    for begin, end in calendar.intervals(start.astimezone(calendar.zone).date()):
        begin = max(begin, start)
        if end <= begin:
            continue
        if end - begin >= left:
            return begin + left
        left -= end - begin
    raise ValueError(f"the calendar has fewer than {working_hours} working hours in {MAX_DAYS} days")
