"""The read replica's state as this process last saw it: streaming, lagging, down or off (no ``replica`` database).

One statement on the replica says whether it is in recovery, how far its replay is behind what it received (bytes)
and for how long (seconds: 0 when it replayed all it received, else the age of the last transaction it replayed),
and the position it replayed to. A process looks again after ``PINGDING_REPLICA_CHECK_SECONDS``; a failed read on
the replica (:func:`replica_failed`) marks it down at once, until the next look.
"""
from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import DatabaseError, connections

REPLICA = "replica"

log = logging.getLogger("pingding.replica")

STATE_SQL = """
SELECT pg_is_in_recovery(),
       CASE WHEN pg_last_wal_receive_lsn() IS NULL OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
            ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END,
       coalesce(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0),
       pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')
"""


@dataclass(frozen=True)
class ReplicaState:
    """``state``: ``streaming`` (usable), ``lagging`` (replay behind by more than ``PINGDING_REPLICA_MAX_LAG``),
    ``down`` (does not answer, or is not a standby) or ``off`` (not configured). ``replay_lsn``: the WAL position it
    replayed to, in bytes."""

    state: str
    lag_seconds: float | None = None
    replay_lag_bytes: int | None = None
    replay_lsn: int | None = None

    @property
    def usable(self) -> bool:
        return self.state == "streaming"

    def as_dict(self) -> dict:
        return {key: value for key, value in asdict(self).items() if key != "replay_lsn"}


_seen: dict[str, tuple[float, ReplicaState]] = {}


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_state(*, fresh: bool = False) -> ReplicaState:
    """The replica's state, looked at again when the last look is older than ``PINGDING_REPLICA_CHECK_SECONDS``
    (or ``fresh``)."""
    if not replica_configured():
        return ReplicaState("off")
    now = time.monotonic()
    seen = _seen.get(REPLICA)
    if not fresh and seen is not None and now - seen[0] < settings.PINGDING_REPLICA_CHECK_SECONDS:
        return seen[1]
    state = _look()
    _seen[REPLICA] = (now, state)
    return state


def replica_failed() -> None:
    """A read on the replica failed: it is down for this process until the next look, and its connection is closed."""
    _seen[REPLICA] = (time.monotonic(), ReplicaState("down"))
    try:
        connections[REPLICA].close()
    except DatabaseError:
        pass


def _look() -> ReplicaState:
    database = connections[REPLICA]
    try:
        with database.cursor() as cursor:
            cursor.execute(STATE_SQL)
            recovering, seconds, lag_bytes, replay_lsn = cursor.fetchone()
    except DatabaseError as error:
        log.warning("read replica does not answer: %s", str(error).strip())
        replica_failed()
        return ReplicaState("down")
    if not recovering:
        log.error("the read replica is not a standby (promoted?): reads stay on the primary")
        return ReplicaState("down")
    seconds, lag_bytes = float(seconds or 0), int(lag_bytes)
    state = "lagging" if seconds > settings.PINGDING_REPLICA_MAX_LAG else "streaming"
    return ReplicaState(state, round(seconds, 3), lag_bytes, int(replay_lsn))


def primary_lsn(alias: str = "default") -> int:
    """The primary's current WAL position, in bytes."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')")
        return int(cursor.fetchone()[0])
