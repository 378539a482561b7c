"""The default working calendar (``cases.worktime``: 08:30-12:00 and 14:30-17:30 Monday to Friday, the 2022-2023
holidays and adjusted working days) as a minute grid, so that the seeded year adds working hours to tens of
thousands of instants at once.

Instants are whole minutes of Asia/Shanghai local time counted from :data:`ORIGIN`. :func:`add` gives the same instant
as ``cases.worktime.hours.deadline_after`` on the default calendar (a test holds them to agree).
"""
from __future__ import annotations

from datetime import date

import numpy as np
from numpy.typing import NDArray

from cases.worktime.holidays_cn import HOLIDAYS_2022_2023, WORKING_PERIODS

ORIGIN = np.datetime64("2022-05-01T00:00", "m")
DAYS = 500
"""From 1 May 2022 into September 2023: the seeded year and the deadlines of its last cases."""


def _minute(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _working() -> NDArray[np.bool_]:
    days = ORIGIN.astype("datetime64[D]") + np.arange(DAYS)
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday; 0 is Monday
    works = weekday < 5
    for _, kind, first, last in HOLIDAYS_2022_2023:
        span = (days >= np.datetime64(first)) & (days <= np.datetime64(last))
        works = np.where(span, kind == "workday", works)
    of_day = np.arange(24 * 60)
    in_period = np.zeros(24 * 60, dtype=bool)
    for start, end in WORKING_PERIODS:
        in_period |= (of_day >= _minute(start)) & (of_day < _minute(end))
    return (works[:, None] & in_period[None, :]).ravel()


_BEFORE = np.concatenate([[0], np.cumsum(_working(), dtype=np.int64)])
"""``_BEFORE[m]``: working minutes in [ORIGIN, ORIGIN + m minutes)."""


def add(minute: NDArray[np.int64], working_minutes: NDArray[np.int64]) -> NDArray[np.int64]:
    """The instants ``working_minutes`` (>= 1) working minutes after ``minute`` (minutes from :data:`ORIGIN`)."""
    return np.searchsorted(_BEFORE, _BEFORE[minute] + working_minutes, side="left")


def minutes_of(day: date) -> int:
    """Minutes from :data:`ORIGIN` to local midnight of ``day``."""
    return int((np.datetime64(day, "m") - ORIGIN).astype(np.int64))


def stamps(minute: NDArray[np.int64]) -> NDArray[np.str_]:
    """COPY text of local instants: ``YYYY-MM-DD HH:MM:00+08:00``."""
    text = (ORIGIN + minute.astype("timedelta64[m]")).astype("datetime64[s]").astype(str)
    return np.char.add(np.char.replace(text, "T", " "), "+08:00")
