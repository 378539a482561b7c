"""The kinds of job: a name and the function that does the work. Apps declare theirs with :func:`job_kind` in a
``jobs`` module of their own, imported by their ``AppConfig.ready`` (so the dependency points from the app to
``jobs``, never back). The job's params are the function's keyword arguments; it receives the
:class:`~jobs.models.Job` first and returns a JSON-able result (a ``file`` key: a path under ``PINGDING_DATA_DIR``)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import UnknownJobKind

_KINDS: dict[str, Callable[..., Any]] = {}


def job_kind(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare ``name`` as a kind of job done by the decorated function ``f(job, **params) -> result``."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        if _KINDS.get(name, function) is not function:
            raise ValueError(f"job kind {name!r} is declared twice")
        _KINDS[name] = function
        return function

    return register


def job_kinds() -> tuple[str, ...]:
    return tuple(sorted(_KINDS))


def kind_function(name: str) -> Callable[..., Any]:
    if name not in _KINDS:
        raise UnknownJobKind(f"Unknown job kind {name!r}; choose from: {', '.join(job_kinds())}.", parameter="kind")
    return _KINDS[name]
