"""The cache-hit fast path of the vector tiles: a WSGI front of the Django application (``geoserver_app.wsgi``).

Why: a cached tile is one indexed SELECT (~0.2 ms), but through Django it costs the request object, URL resolving
and the ten middlewares (~1 ms more), which is most of a hit. The front answers only
``GET /tiles/{tileset}/{z}/{x}/{y}.mvt`` (or ``.pbf``) whose tile is in the cache (an empty one too: 204), from
the same read as the view (:func:`tiles.cache.cache_read`) and with the same status, body and headers
(:func:`tiles.encoding.negotiate`, plus the headers Django's ``SecurityMiddleware`` adds to every answer).
Everything else passes to Django unchanged: other methods and paths, a ``Host`` not in ``ALLOWED_HOSTS``, unknown
tilesets, bad z/x/y, zooms the tileset does not draw, misses, ``PINGDING_TILES_CACHE`` off, and a database error
(Django then answers it as it answers any). So it serves nothing the view would not:
a cache row is never older than the data (:mod:`tiles.cache`), and the read is one statement in autocommit.

Database connections follow Django's request cycle: ``request_started`` before the read and ``request_finished``
after it, whose receivers close connections past ``CONN_MAX_AGE`` or broken (``close_old_connections``).
The request is logged as ``geoserver_app.middleware.RequestLogMiddleware`` logs it.
"""
from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core import signals
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import DatabaseError

from layers.errors import ApiError
from spatial.errors import SpatialError

from . import conf, encoding
from .cache import cache_read
from .catalog import get_tileset
from .encoding import MVT_CONTENT_TYPE
from .grid import parse_tile

TILE_PATH = re.compile(r"/tiles/(?P<tileset>[^/]+)/(?P<z>[0-9]+)/(?P<x>[0-9]+)/(?P<y>[0-9]+)\.(?:mvt|pbf)")

log = logging.getLogger("pingding.requests")

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]


def security_headers() -> dict[str, str]:
    """The headers ``django.middleware.security.SecurityMiddleware`` adds to a plain-HTTP answer, from the same
    settings (``tests/tiles/test_tile_front.py`` checks that the front and Django answer with the same headers)."""
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


class TileFront:
    """WSGI application that answers cache hits of vector tiles itself and hands every other request to ``app``."""

    def __init__(self, app: WSGIApp):
        self.app = app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        started = time.perf_counter()
        match = TILE_PATH.fullmatch(environ.get("PATH_INFO", ""))
        if environ.get("REQUEST_METHOD") != "GET" or match is None or not conf.cache_enabled():
            return self.app(environ, start_response)
        signals.request_started.send(sender=self.__class__, environ=environ)
        try:
            answer = self.hit(environ, **match.groupdict())
        finally:
            signals.request_finished.send(sender=self.__class__)
        if answer is None:
            return self.app(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        path = environ.get("PATH_INFO", "") + (f"?{environ['QUERY_STRING']}" if environ.get("QUERY_STRING") else "")
        log.info("%s %s %s %.1fms", "GET", path, status[:3], (time.perf_counter() - started) * 1000)
        return [body]

    def hit(self, environ: dict, *, tileset: str, z: str, x: str, y: str) -> tuple[str, list, bytes] | None:
        """Status line, headers and body of the cached tile, or None to let Django answer."""
        try:
            WSGIRequest(environ).get_host()  # ALLOWED_HOSTS, checked by Django's own code
        except DisallowedHost:
            return None
        try:
            found = get_tileset(tileset)
            tile = parse_tile(z, x, y)
        except (ApiError, SpatialError):
            return None  # Django answers with the JSON error that names the parameter
        if not found.layers_at(tile.z):
            return None
        try:
            cached = cache_read(tileset=found, tile=tile)
        except DatabaseError:
            return None
        if cached is None:
            return None
        if cached.empty:  # as the view's 204 (with the Content-Length: 0 of Django's CommonMiddleware)
            headers = {**encoding.cache_headers(), **security_headers(), "Content-Length": "0"}
            return "204 No Content", list(headers.items()), b""
        answer = encoding.negotiate(
            cached.etag, accept_encoding=environ.get("HTTP_ACCEPT_ENCODING", ""),
            if_none_match_header=environ.get("HTTP_IF_NONE_MATCH", ""),
        )
        headers = {**answer.headers, "X-Tile-Cache": "hit", **security_headers()}
        if answer.status == 304:  # no content type; a length of 0, as Django's CommonMiddleware gives it
            return "304 Not Modified", [*headers.items(), ("Content-Length", "0")], b""
        body = cached.body if answer.gzipped else encoding.identity(cached.etag, cached.body)
        headers = {"Content-Type": MVT_CONTENT_TYPE, "Content-Length": str(len(body)), **headers}
        return "200 OK", list(headers.items()), body
