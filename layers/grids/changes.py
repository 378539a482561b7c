"""After a commit that changed base grids (a merge or split, an edit of a grid's geometry or code through the API,
WFS-T, the admin, a revert or an import): :data:`grids_changed`, with the codes the changed grids had before and
have after. Read from the history of the committed transaction (``layers.history.committed``), so every path that
records history sends it, and apps above ``layers`` (the patrols' stored coverage) follow without being imported."""
from __future__ import annotations

from django.db import connection
from django.dispatch import Signal

from layers.history.committed import edits_committed

from .report import GRIDS

grids_changed = Signal()
"""Sent after the commit of a transaction that changed grids: ``old_codes`` (the codes of the grids changed or
retired, as they were) and ``new_codes`` (the codes of the grids changed or created, as they are), frozensets;
``first`` and ``last``, the local days the change applies to (``None``: unbounded; a re-division re-draws every
day stored); ``actor_id``, the user who made the change (``None``: nobody said, e.g. the seeds' replay)."""

NO_GRID_EDITS = frozenset({"report", "open311", "case", "resnap"})
"""History paths that never change a grid (they write incidents, or re-snap features to grids): a transaction made
only through them is not looked at."""

CHANGED_SQL = (
    "SELECT coalesce(array_agg(DISTINCT attributes_before->>'code') FILTER (WHERE attributes_before IS NOT NULL), '{}'),"
    " coalesce(array_agg(DISTINCT attributes_after->>'code') FILTER (WHERE attributes_after IS NOT NULL), '{}'),"
    " max(actor_id)"
    " FROM layers_history WHERE layer = %(layer)s AND txid = %(txid)s"
    " AND (geom_before IS DISTINCT FROM geom_after"
    " OR attributes_before->>'code' IS DISTINCT FROM attributes_after->>'code')"
)
"""The codes before and after of the grids whose geometry or code transaction ``%(txid)s`` changed, and who."""


def changed_codes(txid: int) -> tuple[frozenset[str], frozenset[str], int | None]:
    """The codes (before, after) of the grids whose geometry or code the committed transaction ``txid`` changed, and
    the id of the user who changed them."""
    with connection.cursor() as cursor:
        cursor.execute(CHANGED_SQL, {"layer": GRIDS, "txid": txid})
        before, after, actor_id = cursor.fetchone()
    return frozenset(before), frozenset(after), actor_id


def send_grids_changed(sender, *, txid: int, paths: frozenset[str], **kwargs) -> None:
    """Receiver of ``edits_committed``: send :data:`grids_changed` when the transaction changed grids."""
    if paths <= NO_GRID_EDITS:
        return
    old_codes, new_codes, actor_id = changed_codes(txid)
    if old_codes or new_codes:
        grids_changed.send(sender=GRIDS, old_codes=old_codes, new_codes=new_codes, first=None, last=None,
                           actor_id=actor_id)


def connect() -> None:
    """Connect the receiver (``LayersConfig.ready``)."""
    edits_committed.connect(send_grids_changed, dispatch_uid="layers.grids.changes")
