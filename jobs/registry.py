"""The kinds of job: a name and the function that does the work. Apps declare theirs with :func:`job_kind` in a
``jobs`` module of their own, imported by their ``AppConfig.ready`` (so the dependency points from the app to
``jobs``, never back). The job's params are the function's keyword arguments; it receives the
:class:`~jobs.models.Job` first and returns a JSON-able result (a ``file`` key: a path under ``PINGDING_DATA_DIR``).

A kind declared with ``api_roles`` may be started by ``POST /api/jobs`` by a caller holding one of those roles;
its ``check(params)`` (optional) refuses bad params before anything is queued, raising an error that names them."""
from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import InvalidJobParams, UnknownJobKind

_KINDS: dict[str, Callable[..., Any]] = {}
_STARTERS: dict[str, ApiStart] = {}
_EVERY: dict[str, Callable[[], float]] = {}


@dataclass(frozen=True)
class ApiStart:
    """Who may start a kind over the API, and the check of its params."""

    roles: frozenset[str]
    check: Callable[[dict[str, Any]], None] | None = None


def job_kind(name: str, *, api_roles: tuple[str, ...] = (),
             check: Callable[[dict[str, Any]], None] | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare ``name`` as a kind of job done by the decorated function ``f(job, **params) -> result``; with
    ``api_roles``, callers of those roles may start it with ``POST /api/jobs``."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        if _KINDS.get(name, function) is not function:
            raise ValueError(f"job kind {name!r} is declared twice")
        _KINDS[name] = function
        if api_roles:
            _STARTERS[name] = ApiStart(roles=frozenset(api_roles), check=check)
        return function

    return register


def api_kinds() -> tuple[str, ...]:
    """The kinds ``POST /api/jobs`` may start."""
    return tuple(sorted(_STARTERS))


def api_start(name: str) -> ApiStart:
    if name not in _STARTERS:
        raise UnknownJobKind(f"Kind {name!r} cannot be started over the API; choose from: {', '.join(api_kinds())}.",
                             parameter="kind")
    return _STARTERS[name]


def check_params(name: str, params: dict[str, Any]) -> None:
    """400 naming ``params`` when they are not the keyword arguments of the kind's function."""
    try:
        inspect.signature(kind_function(name)).bind(None, **params)
    except TypeError as error:
        raise InvalidJobParams(f"The params of a {name} job do not fit: {error}.", parameter="params") from None


def job_kinds() -> tuple[str, ...]:
    return tuple(sorted(_KINDS))


def kind_function(name: str) -> Callable[..., Any]:
    if name not in _KINDS:
        raise UnknownJobKind(f"Unknown job kind {name!r}; choose from: {', '.join(job_kinds())}.", parameter="kind")
    return _KINDS[name]


def run_every(name: str, seconds: Callable[[], float]) -> None:
    """Have every worker's housekeeping (``jobs.housekeeping``) call kind ``name`` (no job row, no params, job None)
    every ``seconds()`` seconds; the kind must be safe to run from several workers at once."""
    kind_function(name)
    _EVERY[name] = seconds


def periodic_kinds() -> dict[str, Callable[[], float]]:
    """The kinds the workers run on a schedule, with their periods (seconds)."""
    return dict(_EVERY)
