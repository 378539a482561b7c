"""The stored patrol coverage follows the grids: after a commit that re-divided grids or changed a grid's geometry
or code (``layers.grids.changes.grids_changed``), the tracks touching those grids are tagged with the grids they
touch now, the rows of retired codes are dropped, and the coverage of those grids is stored again for the days
stored, by the set-based statement of :func:`~cases.patrols.coverage.coverage_fill`: at once when the grid-days are
few (``PINGDING_PATROLS_REGRID_INLINE``), else by a ``patrols_coverage`` job of the user who changed the grids (until
it has run, those grid-days read as unpatrolled). No ``patrols_coverage`` command needed."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from jobs.services import job_enqueue
from layers.grids.changes import grids_changed

from . import conf
from .coverage import coverage_fill
from .jobs import COVERAGE_JOB
from .sql import statement


def coverage_retag(*, codes: Iterable[str], first: date | None = None, last: date | None = None
                   ) -> list[tuple[str, date]]:
    """Re-tag the tracks of the days ``first`` .. ``last`` (``None``: unbounded) touching the grids ``codes`` (before
    and after their change), forget the road lengths of those grids and the rows of those codes that are no longer
    grids; the (grid, day) pairs whose coverage must be stored again."""
    params = {"codes": sorted(set(codes)), "first": first, "last": last}
    with connection.cursor() as cursor:
        cursor.execute(statement("regrid_forget"), params)
        cursor.execute(statement("regrid"), params)
        return sorted(cursor.fetchall())


@transaction.atomic
def coverage_regrid(*, codes: Iterable[str], first: date | None = None, last: date | None = None,
                    owner_id: int | None = None) -> int | str:
    """:func:`coverage_retag`, then store the coverage of its pairs: here (the number of grid-days stored) when they
    are few or nobody owns a job, else in a job owned by the user ``owner_id`` (its id)."""
    pairs = coverage_retag(codes=codes, first=first, last=last)
    owner = get_user_model().objects.filter(pk=owner_id).first() if owner_id is not None else None
    if len(pairs) <= conf.regrid_inline() or owner is None:
        return coverage_fill(pairs=pairs) if pairs else 0
    params = {"pairs": [[code, day.isoformat()] for code, day in pairs]}
    return str(job_enqueue(kind=COVERAGE_JOB, owner=owner, params=params).pk)


def on_grids_changed(sender, *, old_codes: frozenset[str], new_codes: frozenset[str], first: date | None = None,
                     last: date | None = None, actor_id: int | None = None, **kwargs) -> None:
    """Receiver of ``grids_changed``."""
    coverage_regrid(codes=old_codes | new_codes, first=first, last=last, owner_id=actor_id)


def connect() -> None:
    """Connect the receiver (``PatrolsConfig.ready``)."""
    grids_changed.connect(on_grids_changed, dispatch_uid="cases.patrols.regrid")
