"""Partition pruning of a read with a box: the code ranges of the counties whose bounds the box does not meet.

Django's psycopg2 cursor interpolates parameters on the client, so the planner sees ``t.code < '140322' OR t.code >=
'140323'`` as literals and leaves that county's partition out of the plan. Far counties are excluded (rather than
near ones listed), so a county the bounds do not know (added later, or with no admin area) and the DEFAULT partition
stay in the plan: the predicate never drops a row that lies inside its own county (``layers.topology``'s
``inside_county`` keeps every row there).
"""
from __future__ import annotations

from . import conf
from .bounds import county_bounds

Box = tuple[float, float, float, float]
"""minx, miny, maxx, maxy in EPSG:4490 degrees (x = longitude)."""


def far_ranges(box: Box) -> tuple[tuple[str, str], ...]:
    """``[lo, hi)`` code ranges of the counties whose bounds are disjoint from ``box``; none when pruning is off."""
    if not conf.prune():
        return ()
    return merged(sorted(bound.code_range for bound in county_bounds() if bound.disjoint(*box)))


def merged(ranges: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Sorted ranges with those that touch (one's end is the next one's start: 140302-140303, 140303-140304) made
    one, so that the statement, and its planning, stay short; a code between two far counties stays in."""
    out: list[tuple[str, str]] = []
    for lo, hi in ranges:
        if out and out[-1][1] == lo:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return tuple(out)


def exclusion_text(alias: str, placeholders: tuple[tuple[str, str], ...]) -> str:
    """`` AND (alias.code < lo OR alias.code >= hi)`` for each pair of placeholders (``%s`` or ``%(name)s``)."""
    return "".join(f" AND ({alias}.code < {lo} OR {alias}.code >= {hi})" for lo, hi in placeholders)
