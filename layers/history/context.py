"""Who is editing and through which path, told to the history triggers of the current transaction."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from accounts.principal import ANONYMOUS, Principal

from .committed import on_commit_send

PATHS = ("api", "admin", "report", "open311", "case", "resnap", "redivision", "import", "wfs", "sql")
"""The write paths history names: the feature API, the admin, report intake and Open311, the case loop's steps
(``case``: the incident's status follows its case), bulk re-snapping, the
replayed grid re-division of the seeds (``replay_redivision``), imports, WFS-T (``sql``: a change made with no
context, e.g. in psql). A merge or split made through the API or the admin is recorded with that path."""


@contextmanager
def history_context(*, principal: Principal = ANONYMOUS, path: str, actor_name: str | None = None) -> Iterator[None]:
    """Inside ``transaction.atomic``: every change to a layer made in this transaction is recorded as made by
    ``principal`` (its user id; ``actor_name`` is kept as given, e.g. the username) through ``path``.

    The settings are ``SET LOCAL`` (``set_config(..., true)``), so they end with the transaction, commit or rollback;
    they are cleared again when the block ends normally inside a longer transaction, so a later edit in it is not
    misattributed (not when the block's transaction ends with it: one query less per edit). When the block raises
    they are left until the transaction ends (clearing them would be a query in a transaction that may already be
    aborted, and would hide the error). When the transaction commits, ``layers.history.committed.edits_committed``
    is sent with its id.
    """
    if path not in PATHS:
        raise ValueError(f"unknown history path {path!r}; use one of: {', '.join(PATHS)}")
    if not connection.in_atomic_block:
        raise RuntimeError("history_context must be used inside transaction.atomic (the settings are per transaction)")
    actor_id = "" if principal.user_id is None else str(principal.user_id)
    on_commit_send(_set(actor_id, actor_name or "", path), path)
    ends_with_transaction = len(connection.atomic_blocks) == 1
    yield
    if not ends_with_transaction and not transaction.get_connection().needs_rollback:  # a dry run: no query may run
        _set("", "", "")


def _set(actor_id: str, actor_name: str, path: str) -> int:
    """Set the settings; the transaction's id (``txid_current()``, as its history rows keep it)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pingding.actor_id', %s, true), set_config('pingding.actor_name', %s, true),"
            " set_config('pingding.path', %s, true), txid_current()",
            [actor_id, actor_name, path],
        )
        return cursor.fetchone()[3]
