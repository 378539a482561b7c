"""The four groupings of an evaluation (``by``), as ONE table of SQL fragments: what a case is grouped by, what a
grid's patrol coverage is grouped by, and the rows of the groups. Every fragment is fixed text; values are bound."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Grouping:
    """``case_key`` on ``f`` (a filed case) and ``g`` (its grid); ``grid_key`` on ``r`` (a grid with roads), NULL
    where patrols do not apply; ``groups`` a SELECT of ``code, name`` (may read the ``filed`` CTE)."""

    case_key: str
    grid_key: str
    groups: str


COUNTY = "(SELECT min(code) FROM {admin} WHERE level = 'county')"

GROUPINGS: dict[str, Grouping] = {
    "county": Grouping(
        COUNTY, COUNTY, "SELECT code, name FROM {admin} WHERE level = 'county'"),
    "town": Grouping(
        "g.town_code", "r.town_code",
        "SELECT code, name FROM {admin} WHERE level = 'town'"),
    "grid": Grouping(
        "f.grid_code", "r.code",
        "SELECT code, name FROM {grid} WHERE %(grids)s::text[] IS NULL OR code = ANY(%(grids)s)"),
    "department": Grouping(
        "f.department", "NULL::text",
        "SELECT DISTINCT department AS code, CASE department WHEN '' THEN '未派遣' ELSE department END AS name"
        " FROM filed WHERE %(department)s::text IS NULL OR department = %(department)s"),
}
BY = tuple(GROUPINGS)
"""The values of ``by``."""
