"""The vector tiles' WSGI front of the Django application (``geoserver_app.wsgi``): tiles without the request cycle.

Why: a tile is one indexed SELECT when cached (~0.15 ms) and one tile statement when not, but through Django it also
costs the request object, URL resolving and the nine middlewares (~0.5-1 ms on this hardware), which is most of a
hit and a quarter of a dense tile's render. The front answers ``GET /tiles/{tileset}/{z}/{x}/{y}.mvt`` (or ``.pbf``)
itself, cached or not, with :func:`tiles.answer.tile_answer`, the function the view answers with, plus the headers
Django's ``SecurityMiddleware`` and ``CommonMiddleware`` add (``tests/tiles/test_tile_front.py`` compares both).
It answers only the anonymous audience: a request that could name someone (an ``Authorization`` header or a
session cookie) goes to Django, where the principal is known (``accounts.middleware``) and the tile is read for
its audience. A request with a ``filter`` in its query string (``tiles.filtering``) goes to Django as well (Django
parses and compiles the CQL2 and answers its errors; such a tile is never cached). Everything else passes to Django
unchanged too: other methods and paths, a ``Host`` not in
``ALLOWED_HOSTS``, unknown tilesets and bad z/x/y (Django answers the JSON error that names the parameter), and any
failure while answering (a database error: Django tries once more and answers as it answers any error). So it
serves nothing the view would not, and a cache row is never older than the data (:mod:`tiles.cache`).

Database connections are handled as in Django's request cycle: ``close_old_connections`` (the receiver of
``request_started`` and ``request_finished`` that closes connections past ``CONN_MAX_AGE`` or broken) runs before and
after the answer; the signals themselves are not sent (their other receivers reset the DEBUG query log and close the
cache backends, and sending costs more than a cached tile's Python). The request is logged as
``geoserver_app.middleware.RequestLogMiddleware`` logs it. It reads from the database ``web.dbrouter`` chooses
for it, as Django would (the read replica or the primary); a failure on the replica marks it down and Django
answers from the primary. It is counted as ``web.metrics.MetricsMiddleware`` counts it (under the view's route
template, :data:`TILE_ROUTE`).
"""
from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import close_old_connections
from django.http import HttpRequest
from django.http.cookie import parse_cookie

from accounts.principal import ANONYMOUS
from layers.errors import ApiError
from spatial.errors import SpatialError
from web.cors import cors_configured
from web.dbrouter import environ_alias, reading_from
from web.metrics import request_observe
from web.replica import REPLICA, replica_failed

from . import conf
from .answer import TileAnswer, tile_answer
from .catalog import get_tileset
from .filtering import PARAMETERS as FILTER_PARAMETERS
from .grid import parse_tile

TILE_ROUTE = "/tiles/<str:tileset>/<str:z>/<str:x>/<str:y>.<str:ext>"
"""The route template of ``tiles.views.tile`` (``tiles/urls.py``), the label the front's answers are counted under."""
TILE_PATH = re.compile(r"/tiles/(?P<tileset>[^/]+)/(?P<z>[0-9]+)/(?P<x>[0-9]+)/(?P<y>[0-9]+)\.(?:mvt|pbf)")

log = logging.getLogger("pingding.requests")

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]


@conf.per_settings
def security_headers() -> dict[str, str]:
    """The headers ``django.middleware.security.SecurityMiddleware`` adds to a plain-HTTP answer, from the same
    settings (``tests/tiles/test_tile_front.py`` checks that the front and Django answer with the same headers).
    Computed once until a setting changes; do not modify the dict."""
    headers = {}
    if getattr(settings, "SECURE_CONTENT_TYPE_NOSNIFF", True):
        headers["X-Content-Type-Options"] = "nosniff"
    referrer = getattr(settings, "SECURE_REFERRER_POLICY", "same-origin")
    if referrer:
        values = referrer.split(",") if isinstance(referrer, str) else referrer
        headers["Referrer-Policy"] = ",".join(v.strip() for v in values)
    opener = getattr(settings, "SECURE_CROSS_ORIGIN_OPENER_POLICY", "same-origin")
    if opener:
        headers["Cross-Origin-Opener-Policy"] = opener
    return headers


cors_vary = conf.per_settings(cors_configured)


def host_allowed(environ: dict) -> bool:
    """Whether Django accepts the request's ``Host`` (``ALLOWED_HOSTS``), by Django's own ``HttpRequest.get_host``,
    remembered per host until a setting changes (a client sends the same host with every tile)."""
    return _host_allowed(
        environ.get("HTTP_X_FORWARDED_HOST"), environ.get("HTTP_HOST"), environ.get("SERVER_NAME"),
        environ.get("SERVER_PORT"),
    )


@conf.per_settings
def _host_allowed(
    forwarded_host: str | None, host: str | None, server_name: str | None, server_port: str | None
) -> bool:
    names = ("HTTP_X_FORWARDED_HOST", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT")
    request = HttpRequest.__new__(HttpRequest)  # all that get_host reads is META
    request.META = {k: v for k, v in zip(names, (forwarded_host, host, server_name, server_port)) if v is not None}
    try:
        request.get_host()
    except DisallowedHost:
        return False
    return True


@conf.per_settings
def session_cookie_name() -> str:
    return settings.SESSION_COOKIE_NAME


def anonymous(environ: dict) -> bool:
    """Whether the request names nobody: no ``Authorization`` header and no session cookie (the only callers whose
    tiles the front may answer: the anonymous audience's)."""
    if "HTTP_AUTHORIZATION" in environ:
        return False
    cookies = environ.get("HTTP_COOKIE")
    return not cookies or session_cookie_name() not in parse_cookie(cookies)


def filtered(query_string: str) -> bool:
    """Whether the query string names a filter parameter (decoded as Django decodes it)."""
    return any(name in FILTER_PARAMETERS for name, _ in parse_qsl(query_string, keep_blank_values=True))


class TileFront:
    """WSGI application that answers vector tiles itself and hands every other request to ``app``."""

    def __init__(self, app: WSGIApp):
        self.app = app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        started = time.perf_counter()
        match = TILE_PATH.fullmatch(environ.get("PATH_INFO", ""))
        if environ.get("REQUEST_METHOD") != "GET" or match is None or not anonymous(environ):
            return self.app(environ, start_response)
        if environ.get("QUERY_STRING") and filtered(environ["QUERY_STRING"]):
            return self.app(environ, start_response)  # a filtered tile (tiles.filtering): Django parses the filter
        if "HTTP_ORIGIN" in environ and cors_vary():
            return self.app(environ, start_response)  # a cross-origin read gets its CORS headers from Django (web.cors)
        close_old_connections()
        try:
            answer = self.answer(environ, **match.groupdict())
        finally:
            close_old_connections()
        if answer is None:
            return self.app(environ, start_response)
        headers = {**answer.headers, **security_headers(), "Content-Length": str(len(answer.body))}
        if cors_vary():  # the answer differs for a cross-origin request (which Django answers), as Django's says
            headers["Vary"] = f"{headers['Vary']}, origin" if "Vary" in headers else "origin"
        start_response(answer.status_line, list(headers.items()))
        elapsed_s = time.perf_counter() - started
        request_observe(route=TILE_ROUTE, method="GET", status=answer.status, seconds=elapsed_s)
        if log.isEnabledFor(logging.INFO):
            query = environ.get("QUERY_STRING")
            path = environ["PATH_INFO"] + (f"?{query}" if query else "")
            log.info("%s %s %s %.1fms", "GET", path, answer.status, elapsed_s * 1000)
        return [answer.body]

    def answer(self, environ: dict, *, tileset: str, z: str, x: str, y: str) -> TileAnswer | None:
        """The tile's answer, or None to let Django answer."""
        if not host_allowed(environ):
            return None
        try:
            found = get_tileset(tileset, ANONYMOUS)
            tile = parse_tile(z, x, y)
        except (ApiError, SpatialError):
            return None  # Django answers with the JSON error that names the parameter
        alias = environ_alias(environ)
        try:
            with reading_from(alias):
                return tile_answer(
                    tileset=found, tile=tile, accept_encoding=environ.get("HTTP_ACCEPT_ENCODING", ""),
                    if_none_match=environ.get("HTTP_IF_NONE_MATCH", ""),
                )
        except Exception:  # noqa: BLE001 - Django answers (and logs) whatever failed, as for any request
            if alias == REPLICA:
                replica_failed()
            log.warning("tile front: GET %s failed; handing it to Django", environ["PATH_INFO"], exc_info=True)
            return None
