"""Rules of the calendar the admin edits: holiday ranges of one calendar never overlap."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class DayRange:
    """A named range of days, both ends included."""

    name: str
    date_from: date
    date_to: date

    def __str__(self) -> str:
        return f"{self.name} ({self.date_from}..{self.date_to})"


def overlapping_pair(ranges: Iterable[DayRange]) -> tuple[DayRange, DayRange] | None:
    """The first two ranges (by start) that share a day, or ``None``."""
    ordered = sorted(ranges, key=lambda r: (r.date_from, r.date_to))
    for before, after in zip(ordered, ordered[1:]):
        if after.date_from <= before.date_to:
            return before, after
    return None


def check_ranges(ranges: Iterable[DayRange]) -> None:
    """``ValidationError`` naming both ranges when two overlap, or when a range ends before it starts."""
    ranges = list(ranges)
    for one in ranges:
        if one.date_to < one.date_from:
            raise ValidationError(f"{one} ends before it starts.", code="holiday_order")
    pair = overlapping_pair(ranges)
    if pair is not None:
        raise ValidationError(f"Holiday ranges overlap: {pair[0]} and {pair[1]}; one day belongs to one range.",
                              code="holiday_overlap")

