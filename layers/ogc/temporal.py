"""The ``datetime`` parameter of the feature API: RFC 3339 instants, dates and intervals, to aware datetimes.

A date-time without an offset is read in the server time zone (``TIME_ZONE``, Asia/Shanghai: the county's
clocks); a bare date means that whole local day. Both ends of an interval are inclusive.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from layers.errors import InvalidParameter
from layers.registry import Layer

_DATE_T = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt]")
_SPACED_OFFSET = re.compile(r" ([0-9]{2}:?[0-9]{2})$")  # "+08:00" whose "+" a query string turned into a space


@dataclass(frozen=True)
class TimeInterval:
    """Aware datetimes; ``None`` is an open end. ``end_inclusive`` is false for a date end (the next midnight)."""

    start: datetime | None
    end: datetime | None
    end_inclusive: bool = True


def parse_instant(text: str, name: str) -> tuple[datetime, bool]:
    """An RFC 3339 date-time (aware; a naive one is in the server time zone) or a date.

    Returns the start instant and whether the value was a whole date (the caller extends it to the next midnight).
    """
    text = _SPACED_OFFSET.sub(r"+\1", text.strip())
    zone = ZoneInfo(settings.TIME_ZONE)
    if _DATE_T.fullmatch(text):  # "2024-05-01T", how GDAL writes midnight: an instant, not a whole day
        text = text[:-1] + "T00:00:00"
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time.min, tzinfo=zone), True
        value = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidParameter(
            f"Parameter '{name}' has {text!r}, which is not an RFC 3339 date-time (2024-05-01T08:30:00+08:00) "
            "or date (2024-05-01).",
            parameter=name,
        ) from None
    return (value if value.tzinfo else value.replace(tzinfo=zone)), False


def parse_datetime(value: str | None, layer: Layer) -> TimeInterval | None:
    """``instant``, ``start/end``, ``start/..`` or ``../end`` (``..`` or empty for an open end), both ends inclusive."""
    if value is None:
        return None
    if layer.temporal_field is None:
        raise InvalidParameter(
            f"Collection '{layer.id}' has no temporal property; drop the 'datetime' parameter.", parameter="datetime"
        )
    parts = value.split("/")
    if len(parts) == 1:
        start, whole_day = parse_instant(parts[0], "datetime")
        if whole_day:
            return TimeInterval(start, start + timedelta(days=1), end_inclusive=False)
        return TimeInterval(start, start)
    if len(parts) != 2:
        raise InvalidParameter("Parameter 'datetime' is an instant or one interval 'start/end'.", parameter="datetime")
    start = end = None
    end_inclusive = True
    if parts[0].strip() not in ("", ".."):
        start, _ = parse_instant(parts[0], "datetime")
    if parts[1].strip() not in ("", ".."):
        end, whole_day = parse_instant(parts[1], "datetime")
        if whole_day:
            end, end_inclusive = end + timedelta(days=1), False
    if start is not None and end is not None and (start > end or (start == end and not end_inclusive)):
        raise InvalidParameter("Parameter 'datetime' has its start after its end.", parameter="datetime")
    if start is None and end is None:
        return None
    return TimeInterval(start, end, end_inclusive)
