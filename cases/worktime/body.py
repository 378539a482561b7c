"""The body of ``PUT /api/worktime`` to typed rows; every fault a 400 naming the member (``holidays[2].from``)."""
from __future__ import annotations

import re
from datetime import date, time
from typing import Any

from web.bodies import load_json_object
from web.errors import InvalidParameter
from web.params import finite_number, no_nul

from .models import DayKind, Urgency
from .services import HolidayRow, LimitRow, PeriodRow

_TIME = re.compile(r"[0-2][0-9]:[0-5][0-9]")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CODE = re.compile(r"[0-9]{2}")


def _list(body: dict, name: str, required: bool = True) -> list | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise InvalidParameter(f"'{name}' must be a list of objects.", parameter=name)
    return value


def _text(item: dict, key: str, where: str, pattern: re.Pattern | None = None, choices=None) -> str:
    value = item.get(key)
    if not isinstance(value, str) or (pattern and not pattern.fullmatch(value)) or (choices and value not in choices):
        wanted = f"one of {', '.join(choices)}" if choices else "text" if not pattern else f"like {pattern.pattern}"
        raise InvalidParameter(f"'{where}.{key}' must be {wanted}, got {str(value)[:40]!r}.", parameter=f"{where}.{key}")
    return no_nul(value, parameter=f"{where}.{key}")


def _time(item: dict, key: str, where: str) -> time:
    try:
        return time.fromisoformat(_text(item, key, where, _TIME))
    except ValueError:
        raise InvalidParameter(f"'{where}.{key}' is not a time of day.", parameter=f"{where}.{key}") from None


def _date(item: dict, key: str, where: str) -> date:
    try:
        return date.fromisoformat(_text(item, key, where, _DATE))
    except ValueError:
        raise InvalidParameter(f"'{where}.{key}' is not a date.", parameter=f"{where}.{key}") from None


def _period(item: dict, where: str) -> PeriodRow:
    weekday = item.get("weekday")
    if isinstance(weekday, bool) or weekday not in range(7):
        raise InvalidParameter(f"'{where}.weekday' must be 0 (Monday) to 6 (Sunday).", parameter=f"{where}.weekday")
    row = PeriodRow(weekday, _time(item, "start", where), _time(item, "end", where))
    if row.end <= row.start:
        raise InvalidParameter(f"'{where}' ends before it starts.", parameter=f"{where}.end")
    return row


def _limit(item: dict, where: str) -> LimitRow:
    major = item.get("major_code") or ""
    minor = item.get("minor_code") or ""
    for key, value in (("major_code", major), ("minor_code", minor)):
        if value and not (isinstance(value, str) and _CODE.fullmatch(value)):
            raise InvalidParameter(f"'{where}.{key}' must be 2 digits or null.", parameter=f"{where}.{key}")
    if minor and not major:
        raise InvalidParameter(f"'{where}.minor_code' needs a major_code.", parameter=f"{where}.minor_code")
    hours = finite_number(item.get("working_hours"), parameter=f"{where}.working_hours")
    if hours <= 0:
        raise InvalidParameter(f"'{where}.working_hours' must be positive.", parameter=f"{where}.working_hours")
    return LimitRow(major, minor, _text(item, "urgency", where, choices=Urgency.values), hours)


def parse_calendar_body(raw: bytes) -> dict[str, Any]:
    """Keyword arguments of :func:`cases.worktime.services.calendar_replace`."""
    body = load_json_object(raw)
    periods = [_period(item, f"periods[{i}]") for i, item in enumerate(_list(body, "periods"))]
    holidays = [HolidayRow(_text(item, "name", f"holidays[{i}]")[:40], _text(item, "kind", f"holidays[{i}]",
                                                                              choices=DayKind.values),
                           _date(item, "from", f"holidays[{i}]"), _date(item, "to", f"holidays[{i}]"))
                for i, item in enumerate(_list(body, "holidays"))]
    limits = _list(body, "time_limits", required=False)
    return {"periods": periods, "holidays": holidays,
            "time_limits": None if limits is None else [_limit(item, f"time_limits[{i}]")
                                                        for i, item in enumerate(limits)]}
