"""Partition pruning of a snap: the counties far from the point are left out of the statement (``sql_far``), and the
answer is kept only when it could not have held a row of theirs; otherwise the snap runs again over every county.

The box searched is the point widened by the reach (``PINGDING_LOCATE_PRUNE_REACH_M`` or the component radius, the
larger), in degrees that certainly span it (``degrees_spanning``). Every row of a far county is farther than the reach:
the grid covering the point and the components within the radius are exact; the nearest addresses are exact when as
many as asked were found and the farthest of them lies within the reach. A point in no grid (outside every county
pruning kept, or a swapped lat/lon) is answered by the full statement.
"""
from __future__ import annotations

from layers.partitions.pruning import far_ranges

from . import conf


def reach_m(radius_m: float | None) -> float:
    return max(conf.prune_reach_m(), radius_m or 0.0)


def far_of_point(lon: float, lat: float, dx: float, dy: float) -> tuple[tuple[str, str], ...]:
    """Code ranges of the counties whose bounds lie wholly outside the point widened by ``dx``/``dy`` degrees (which
    span the reach: every row of theirs is farther than it)."""
    return far_ranges((lon - dx, lat - dy, lon + dx, lat + dy))


def answer_holds(grid_code: str | None, address_rows: list | None, *, addresses: int, searched: bool,
                 reach: float) -> bool:
    """Whether a pruned answer is the full one (see the module docstring)."""
    if grid_code is None:
        return False
    if not searched or addresses == 0:
        return True
    rows = address_rows or ()
    return len(rows) >= addresses and max(row["distance_m"] for row in rows) <= reach
