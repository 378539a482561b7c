"""After a transaction that edited layers commits: :data:`edits_committed`, sent once per transaction with its id
(``layers_history.txid``) and the paths it was made through, so that readers of the history act on what was
committed (the grids re-divided, ``layers.grids.changes``) without any write path having to tell them."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.dispatch import Signal

edits_committed = Signal()
"""Sent after the commit of a transaction that entered ``history_context``: ``txid`` (its ``txid_current()``, the
``txid`` of its history rows) and ``paths`` (the history paths it was made through). A rolled-back transaction
sends nothing. Receivers run after the commit, outside it; an error of theirs is logged, not raised."""


@dataclass
class Committed:
    """The callback registered for one transaction (once, however many history contexts it enters)."""

    txid: int
    paths: set[str] = field(default_factory=set)

    def __call__(self) -> None:
        edits_committed.send(sender=Committed, txid=self.txid, paths=frozenset(self.paths))


def on_commit_send(txid: int, path: str) -> None:
    """Have :data:`edits_committed` sent for transaction ``txid`` when it commits (registered once per transaction:
    a later context of the same transaction adds its path)."""
    for _, callback, *_ in connection.run_on_commit:
        if isinstance(callback, Committed) and callback.txid == txid:
            callback.paths.add(path)
            return
    transaction.on_commit(Committed(txid, {path}), robust=True)
