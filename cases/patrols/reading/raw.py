"""A track as read from a file, before any check: x (longitude) and y (latitude) in the client's CRS, the instant of
each point."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from ..errors import MalformedTrack


@dataclass(frozen=True)
class RawTrack:
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    times: tuple[datetime, ...]
    source_format: str

    def __len__(self) -> int:
        return len(self.xs)


def parse_time(value: object, *, index: int, naive_zone=timezone.utc) -> datetime:
    """An aware instant from an ISO 8601 / RFC 3339 string (``Z`` allowed; a naive one is in ``naive_zone``) or
    epoch seconds; ``MalformedTrack`` naming the point's index otherwise."""
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return datetime.fromtimestamp(float(value), tz=timezone.utc)
        if isinstance(value, str) and 10 <= len(value.strip()) <= 40:
            moment = datetime.fromisoformat(value.strip())
            return moment if moment.tzinfo else moment.replace(tzinfo=naive_zone)
    except (ValueError, OverflowError, OSError):
        pass
    raise MalformedTrack(f"Point {index}: the time {str(value)[:40]!r} is not an ISO 8601 date-time "
                         "(e.g. 2023-05-08T08:30:00+08:00).", parameter="body")


def float_or_fail(value: object, *, index: int, what: str) -> float:
    try:
        if isinstance(value, bool):
            raise ValueError
        return float(value)
    except (TypeError, ValueError):
        raise MalformedTrack(f"Point {index}: {what} {str(value)[:40]!r} is not a number.", parameter="body") from None
