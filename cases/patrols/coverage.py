"""Storing patrol coverage per grid and local day (:class:`~cases.patrols.models.Coverage`): one set-based statement
(``sql/coverage_fill.sql``) for a set of (grid, day) pairs, a range of days, or both."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction

from . import conf
from .sql import statement

LOCK_SQL = ("SELECT pg_advisory_xact_lock(hashtextextended('patrol coverage ' || p.code || ' ' || p.day, 0)) "
            "FROM unnest(%s::text[], %s::date[]) AS p(code, day) ORDER BY p.code, p.day")
"""Serialises fills of the same grid-day: the second waits for the first to commit, then its statement (a new
snapshot under READ COMMITTED) sees both tracks. Locks taken in one order, so two uploads cannot deadlock."""


def fill_params(*, codes: list[str], days: list[date], first: date | None, last: date | None,
                all_roads: bool) -> dict:
    """The parameters of ``sql/coverage_fill.sql`` (see :func:`coverage_fill`)."""
    return {"codes": codes, "days": days, "first": first, "last": last, "all_roads": all_roads,
            "buffer_m": conf.buffer_m(), "noon": conf.noon()}


@transaction.atomic
def coverage_fill(*, pairs: Iterable[tuple[str, date]] = (), first: date | None = None, last: date | None = None,
                  all_roads: bool = False) -> int:
    """Recompute and store the coverage of ``pairs`` (grid code, local day) and, when ``first`` and ``last`` are
    given, of every grid-day of that range with a track or a stored row; the road length of the grids of those pairs
    (of every grid when ``all_roads``). Returns the number of grid-days stored."""
    ordered = sorted(set(pairs))
    codes, days = [code for code, _ in ordered], [day for _, day in ordered]
    params = fill_params(codes=codes, days=days, first=first, last=last, all_roads=all_roads)
    with connection.cursor() as cursor:
        if ordered:
            cursor.execute(LOCK_SQL, [codes, days])
        cursor.execute(statement("coverage_fill"), params)
        return cursor.rowcount
