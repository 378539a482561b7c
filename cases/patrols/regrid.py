"""The stored patrol coverage follows the grids: after a commit that re-divided grids or changed a grid's geometry
or code (``layers.grids.changes.grids_changed``), the tracks touching those grids are tagged with the grids they
touch now and the coverage of those grids is stored again for the days stored, by the set-based statement of
:func:`~cases.patrols.coverage.coverage_fill`; rows of retired codes are dropped. No ``patrols_coverage`` needed."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction

from layers.grids.changes import grids_changed

from .coverage import coverage_fill
from .sql import statement


@transaction.atomic
def coverage_regrid(*, codes: Iterable[str], first: date | None = None, last: date | None = None) -> int:
    """Re-tag the tracks of the days ``first`` .. ``last`` (``None``: unbounded) touching the grids ``codes`` (before
    and after their change) and store their coverage again. Returns the number of grid-days stored."""
    params = {"codes": sorted(set(codes)), "first": first, "last": last}
    with connection.cursor() as cursor:
        cursor.execute(statement("regrid_forget"), params)
        cursor.execute(statement("regrid"), params)
        pairs = cursor.fetchall()
    return coverage_fill(pairs=pairs) if pairs else 0


def on_grids_changed(sender, *, old_codes: frozenset[str], new_codes: frozenset[str], first: date | None = None,
                     last: date | None = None, **kwargs) -> None:
    """Receiver of ``grids_changed``."""
    coverage_regrid(codes=old_codes | new_codes, first=first, last=last)


def connect() -> None:
    """Connect the receiver (``PatrolsConfig.ready``)."""
    grids_changed.connect(on_grids_changed, dispatch_uid="cases.patrols.regrid")
