"""The ``datetime`` parameter of the feature API: RFC 3339 instants, dates and intervals, to aware datetimes.

Instants are read by ``web.temporal.parse_instant`` (a date-time without an offset is in the server time zone,
Asia/Shanghai); a bare date means that whole local day. Both ends of an interval are inclusive.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from layers.errors import InvalidParameter
from layers.registry import Layer
from web.temporal import Instant, parse_instant

__all__ = ["DATETIME", "TimeInterval", "parse_datetime", "parse_instant"]

DATETIME = Instant(
    "datetime",
    "Temporal collections only: an RFC 3339 instant or date, or an interval start/end with .. for an open end.",
)


@dataclass(frozen=True)
class TimeInterval:
    """Aware datetimes; ``None`` is an open end. ``end_inclusive`` is false for a date end (the next midnight)."""

    start: datetime | None
    end: datetime | None
    end_inclusive: bool = True


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
