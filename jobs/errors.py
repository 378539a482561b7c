"""Errors of the job queue."""
from __future__ import annotations

from web.errors import Conflict, Forbidden, InvalidParameter, NotFound


class JobCancelled(Exception):
    """Raised by ``jobs.progress`` inside a running kind whose job was cancelled: the runner marks it cancelled."""


class UnknownJobKind(InvalidParameter):
    pass


class InvalidJobParams(InvalidParameter):
    pass


class JobNotAllowed(Forbidden):
    """The caller's role may not start this kind of job."""


class JobNotFound(NotFound):
    """No such job, or not the caller's: both are the same 404, so ids of others' jobs are not revealed."""


class JobFinished(Conflict):
    """A finished job cannot be cancelled."""


class NoResultFile(NotFound):
    pass
