"""The query of ``GET /api/evaluation``: ``from``, ``to`` (local days, both included) and ``by``."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import QueryDict

from cases.patrols.params import Day
from web.errors import InvalidParameter
from web.params import Param, check_known, single

from .grouping import BY
from .selectors import Period

MAX_DAYS = 366
"""Longest period of one evaluation: a year (patrol coverage is measured per grid and day)."""
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)
"""The days a period may hold (a later day's end would pass the last instant Python and the statement can name)."""
FROM = Day("from", "first local day (Asia/Shanghai) of the period, YYYY-MM-DD, included")
TO = Day("to", "last local day (Asia/Shanghai) of the period, YYYY-MM-DD, included")


@dataclass(frozen=True)
class By(Param):
    """How the figures are grouped: one of :data:`~cases.evaluation.grouping.BY`; required."""

    def schema(self) -> dict:
        return {"type": "string", "enum": list(BY)}

    def parse(self, value: str | None) -> str:
        if value is None or value.strip() not in BY:
            shown = "nothing" if value is None else repr(value[:40])
            raise InvalidParameter(f"Parameter 'by' must be one of {', '.join(BY)}; got {shown}.", parameter="by")
        return value.strip()


BY_PARAM = By("by", "the groups: the county, its towns, its grids or the departments cases are dispatched to")


def parse_query(query: QueryDict) -> tuple[Period, str]:
    """The period and the grouping; 400 naming the parameter at fault."""
    check_known(query, {"from", "to", "by"})
    first, last = FROM.parse(single(query, "from")), TO.parse(single(query, "to"))
    for name, day in (("from", first), ("to", last)):
        if not EARLIEST <= day <= LATEST:
            raise InvalidParameter(f"Parameter '{name}' must be a day from {EARLIEST} to {LATEST}, got {day}.",
                                   parameter=name)
    if last < first:
        raise InvalidParameter(f"Parameter 'to' ({last}) is before 'from' ({first}).", parameter="to")
    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidParameter(f"The period from {first} to {last} is longer than {MAX_DAYS} days; split it.",
                               parameter="to")
    return Period(first, last), BY_PARAM.parse(single(query, "by"))
