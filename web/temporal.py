"""RFC 3339 date-times and dates from a request, to aware datetimes every later step can compute with.

A date-time without an offset is read in the server time zone (``TIME_ZONE``, Asia/Shanghai: the county's
clocks). Offsets are refused beyond ±15:59 (PostgreSQL's limit) and years outside ``MIN_YEAR``..``MAX_YEAR``, so
that adding a day or a query window, or converting to UTC, never overflows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from .errors import InvalidParameter
from .params import Param, no_nul

MIN_YEAR = 1900
MAX_YEAR = 2999
MAX_OFFSET = timedelta(hours=15, minutes=59)
_DATE_T = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt]")
_SPACED_OFFSET = re.compile(r" ([0-9]{2}:?[0-9]{2})$")  # "+08:00" whose "+" a query string turned into a space
EXAMPLE = "2024-05-01T08:30:00+08:00"


def parse_instant(text: str, name: str) -> tuple[datetime, bool]:
    """An RFC 3339 date-time (aware; a naive one is in the server time zone) or a date (``2024-05-01``).

    Returns the start instant and whether the value was a whole date (the caller extends it to the next midnight).
    Raises ``InvalidParameter`` naming ``name``.
    """
    text = _SPACED_OFFSET.sub(r"+\1", no_nul(text, parameter=name).strip())
    zone = ZoneInfo(settings.TIME_ZONE)
    if _DATE_T.fullmatch(text):  # "2024-05-01T", how GDAL writes midnight: an instant, not a whole day
        text = text[:-1] + "T00:00:00"
    try:
        if len(text) == 10:
            value, whole_day = datetime.combine(date.fromisoformat(text), time.min), True
        else:
            value, whole_day = datetime.fromisoformat(text), False
    except ValueError:
        raise InvalidParameter(
            f"Parameter '{name}' has {text[:40]!r}, which is not an RFC 3339 date-time ({EXAMPLE}) or date "
            "(2024-05-01).",
            parameter=name,
        ) from None
    _check_range(value, name)
    return (value if value.tzinfo else value.replace(tzinfo=zone)), whole_day


def _check_range(value: datetime, name: str) -> None:
    offset = value.utcoffset()
    if offset is not None and abs(offset) > MAX_OFFSET:
        raise InvalidParameter(
            f"Parameter '{name}' has the UTC offset {value.isoformat()[19:]}; offsets go from -15:59 to +15:59.",
            parameter=name,
        )
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise InvalidParameter(
            f"Parameter '{name}' has the year {value.year}; send a year from {MIN_YEAR} to {MAX_YEAR} "
            "(leave an end of an interval open with '..').",
            parameter=name,
        )


@dataclass(frozen=True)
class Instant(Param):
    """A date-time or date query parameter (an OGC ``datetime`` interval is two of them around a ``/``)."""

    def schema(self) -> dict:
        return {"type": "string"}

    def parse(self, value: str | None) -> tuple[datetime, bool] | None:
        """``None`` when absent, else :func:`parse_instant` of the value."""
        return None if value is None else parse_instant(value, self.name)
