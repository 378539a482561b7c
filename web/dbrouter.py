"""Which database a read goes to: the read replica (``DATABASE_REPLICA_URL``) or the primary.

Rules (``docs/scaling.md``):

- Writes always go to the primary (the router's ``db_for_write``, and every raw statement on ``connection``).
- A request reads from the replica only when all hold: its method is GET or HEAD; its path starts with one of
  ``PINGDING_REPLICA_PATHS`` (feature pages, WFS, tiles, snapping and geocoding); the replica is streaming and its
  replay lag is within ``PINGDING_REPLICA_MAX_LAG`` seconds (:mod:`web.replica`); and it has replayed the caller's
  last write. Everything else reads from the primary.
- The caller's last write: every answer to a write method (POST, PUT, PATCH, DELETE) sets the cookie
  ``pingding_wrote`` to the primary's WAL position after the request (max-age ``PINGDING_REPLICA_STICKY_SECONDS``);
  while it lives, the caller's reads go to the replica only once the replica has replayed that far. A client that
  keeps no cookies (a token client) may send the value it got back as the ``Pingding-Wrote`` header instead.
- A read that fails on the replica (it stopped) marks it down in this process and the request is answered again
  from the primary (GET and HEAD only; a streamed page that already started cannot be).

Selectors that run raw SQL read through :func:`read_connection`; the ORM through :class:`ReadReplicaRouter`.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from http.cookies import SimpleCookie

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse

from .replica import REPLICA, primary_lsn, replica_configured, replica_failed, replica_state

COOKIE = "pingding_wrote"
HEADER = "Pingding-Wrote"
SAFE_METHODS = frozenset({"GET", "HEAD"})

_read_alias: ContextVar[str] = ContextVar("pingding_read_alias", default=DEFAULT_DB_ALIAS)


def read_alias() -> str:
    """The database the current request reads from."""
    return _read_alias.get()


def read_connection():
    """The Django connection the current request reads from."""
    return connections[_read_alias.get()]


@contextlib.contextmanager
def reading_from(alias: str) -> Iterator[None]:
    token = _read_alias.set(alias)
    try:
        yield
    finally:
        _read_alias.reset(token)


def written_position(cookie_header: str | None, header: str | None) -> int | None:
    """The WAL position of the caller's last write, from its cookie or header (None: none, or not a number)."""
    raw = header
    if raw is None and cookie_header and COOKIE in cookie_header:
        morsel = SimpleCookie(cookie_header).get(COOKIE)
        raw = morsel.value if morsel else None
    return int(raw) if raw and raw.isdigit() else None


def read_alias_for(*, method: str, path: str, wrote: int | None) -> str:
    """The database a request of ``method`` on ``path`` reads from (``wrote``: its caller's last write position)."""
    if not replica_configured() or method not in SAFE_METHODS:
        return DEFAULT_DB_ALIAS
    if not path.startswith(tuple(settings.PINGDING_REPLICA_PATHS)):
        return DEFAULT_DB_ALIAS
    state = replica_state()
    if not state.usable:
        return DEFAULT_DB_ALIAS
    if wrote is not None and state.replay_lsn < wrote:
        state = replica_state(fresh=True)
        if not state.usable or state.replay_lsn < wrote:
            return DEFAULT_DB_ALIAS
    return REPLICA


def environ_alias(environ: dict) -> str:
    """:func:`read_alias_for` of a WSGI request (the tile front's)."""
    if not replica_configured():
        return DEFAULT_DB_ALIAS
    wrote = written_position(environ.get("HTTP_COOKIE"), environ.get("HTTP_PINGDING_WROTE"))
    return read_alias_for(method=environ.get("REQUEST_METHOD", ""), path=environ.get("PATH_INFO", ""), wrote=wrote)


PRIMARY_APPS = frozenset({"sessions", "auth", "accounts", "axes", "contenttypes", "admin"})
"""Who is asking is always read on the primary: a revoked token, a changed role or a new session take effect at
once, whatever the replica's lag."""


class ReadReplicaRouter:
    """ORM reads go where the request reads from (:func:`read_alias`), except those of :data:`PRIMARY_APPS`;
    writes and migrations go to the primary."""

    def db_for_read(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS if model._meta.app_label in PRIMARY_APPS else _read_alias.get()

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS


class ReadReplicaMiddleware:
    """Chooses the request's read database; marks the callers of write methods (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_configured():
            return self.get_response(request)
        wrote = written_position(request.META.get("HTTP_COOKIE"), request.META.get("HTTP_PINGDING_WROTE"))
        alias = read_alias_for(method=request.method, path=request.path_info, wrote=wrote)
        with reading_from(alias):
            response = self.get_response(request)
        if alias == REPLICA and self.replica_failed_on(request, response):
            with reading_from(DEFAULT_DB_ALIAS):
                response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            self.mark_written(response)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if read_alias() == REPLICA and isinstance(exception, (OperationalError, InterfaceError)):
            replica_failed()
            request._replica_failed = True

    @staticmethod
    def replica_failed_on(request: HttpRequest, response: HttpResponse) -> bool:
        """Whether the answer failed because the replica did: a view's database error on it, or any 5xx (a
        middleware's read, which no ``process_exception`` sees) while a fresh look finds it unusable."""
        if getattr(request, "_replica_failed", False):
            return True
        return response.status_code >= 500 and not replica_state(fresh=True).usable

    @staticmethod
    def mark_written(response: HttpResponse) -> None:
        try:
            position = primary_lsn()
        except DatabaseError:
            return
        response.set_cookie(COOKIE, str(position), max_age=settings.PINGDING_REPLICA_STICKY_SECONDS, httponly=True,
                            samesite="Lax")
        response[HEADER] = str(position)
