"""Per-client rate limits of anonymous writes, counted in PostgreSQL so that every server process shares them.

Fixed windows: each limit is ``count`` requests per ``window_s`` seconds, windows aligned on the epoch (a minute
window starts on the minute, a day window at 00:00 UTC). One row per (scope, client, window length) in the
UNLOGGED table ``web_throttle`` (created by the ``layers`` migration ``0006_report_intake``; counts need not
survive a crash) holds the start of the current window and its hits. A request is counted by ONE statement,
``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``, which is atomic under concurrency (the row lock orders
concurrent hits of one client) and runs in autocommit, so a report whose transaction rolls back still counts.
The clock is the database's (``clock_timestamp()``), the same for every process.

The client is ``REMOTE_ADDR`` only: the server runs behind nginx on the same machine, which sets it from the
connection. A client-supplied ``X-Forwarded-For`` is never read (anyone could send a new one with each request).
IPv6 clients are counted per /64, the block one subscriber line gets.

``manage.py purge_idempotency_keys`` also deletes the rows of windows that have ended (:func:`throttle_purge`).
"""
from __future__ import annotations

import functools
import ipaddress
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import connection
from django.http import HttpRequest, HttpResponse

from .responses import json_response

TABLE = "web_throttle"
RETRY_AFTER = "Retry-After"

_HIT_SQL = f"""
WITH clock AS (SELECT coalesce(%(now)s::float8, extract(epoch FROM clock_timestamp())::float8) AS now)
INSERT INTO {TABLE} AS t (scope, client, window_s, window_start, hits)
SELECT %(scope)s, %(client)s, w.window_s, floor(clock.now / w.window_s)::bigint * w.window_s, 1
FROM clock, unnest(%(windows)s::integer[]) AS w(window_s)
ON CONFLICT (scope, client, window_s) DO UPDATE
SET hits = CASE WHEN excluded.window_start > t.window_start THEN 1 ELSE t.hits + 1 END,
    window_start = greatest(t.window_start, excluded.window_start)
RETURNING t.window_s, t.hits, t.window_start, (SELECT now FROM clock)
"""

_REFUND_SQL = f"""
UPDATE {TABLE} SET hits = hits - 1
WHERE scope = %(scope)s AND client = %(client)s AND window_s = ANY(%(windows)s::integer[]) AND hits > 0
"""


@dataclass(frozen=True)
class Limit:
    """At most ``count`` requests per ``window_s`` seconds; ``name`` says the window to people ("minute")."""

    count: int
    window_s: int
    name: str

    def __str__(self) -> str:
        return f"{self.count} per {self.name}"


@dataclass(frozen=True)
class Refusal:
    """A request over ``limit``; the client may try again in ``retry_after_s`` seconds (at least 1)."""

    limit: Limit
    retry_after_s: int

    def as_dict(self) -> dict:
        return {
            "code": "TooManyRequests",
            "description": (
                f"This client address is over the limit of {self.limit} requests here; "
                f"try again in {self.retry_after_s} s."
            ),
            "limit": str(self.limit),
            "retryAfter": self.retry_after_s,
        }


def client_key(request: HttpRequest) -> str:
    """The client a request is counted against: ``REMOTE_ADDR`` (an IPv6 address by its /64), never a header."""
    address = request.META.get("REMOTE_ADDR") or "unknown"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def throttle_hit(*, scope: str, client: str, limits: Sequence[Limit], now: float | None = None) -> Refusal | None:
    """Count one request of ``client`` in ``scope`` against every limit; the refusal of the limit that is over
    (the one to wait longest for), else ``None``. ``now`` is Unix seconds (default: the database clock)."""
    active = [limit for limit in limits if limit.count > 0]
    if not active:
        return None
    by_window = {limit.window_s: limit for limit in active}
    with connection.cursor() as cursor:
        cursor.execute(_HIT_SQL, {"now": now, "scope": scope, "client": client, "windows": sorted(by_window)})
        rows = cursor.fetchall()
    refusals = [
        Refusal(by_window[window_s], max(1, math.ceil(start + window_s - clock)))
        for window_s, hits, start, clock in rows
        if hits > by_window[window_s].count
    ]
    return max(refusals, key=lambda refusal: refusal.retry_after_s, default=None)


def throttle_refund(*, scope: str, client: str, limits: Sequence[Limit]) -> None:
    """Take back one counted request (a replay that created nothing)."""
    with connection.cursor() as cursor:
        cursor.execute(
            _REFUND_SQL, {"scope": scope, "client": client, "windows": sorted({limit.window_s for limit in limits})}
        )


def throttle_purge(*, now: float | None = None) -> int:
    """Delete the rows whose window has ended; return how many. ``now`` is Unix seconds (default: the database's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE window_start + window_s"
            " <= coalesce(%s::float8, extract(epoch FROM clock_timestamp())::float8)",
            [now],
        )
        return cursor.rowcount


def json_refusal(refusal: Refusal) -> HttpResponse:
    """The default answer of a refused request: 429 with the refusal as a JSON object."""
    return json_response(refusal.as_dict(), status=429)


def rate_limited(
    scope: str,
    limits: Callable[[], Sequence[Limit]],
    *,
    methods: Sequence[str] = ("POST",),
    respond: Callable[[Refusal], HttpResponse] = json_refusal,
    refund_if: Callable[[HttpResponse], bool] | None = None,
) -> Callable:
    """Decorate a view: its ``methods`` requests are counted per client against ``limits()`` (read per request,
    so settings may change) and answered 429 with ``Retry-After`` (seconds) over a limit, by ``respond``.
    A response for which ``refund_if`` is true (an idempotent replay) is not counted."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in methods:
                return view(request, *args, **kwargs)
            chosen, client = limits(), client_key(request)
            refusal = throttle_hit(scope=scope, client=client, limits=chosen)
            if refusal is not None:
                response = respond(refusal)
                response[RETRY_AFTER] = str(refusal.retry_after_s)
                return response
            response = view(request, *args, **kwargs)
            if refund_if is not None and refund_if(response):
                throttle_refund(scope=scope, client=client, limits=chosen)
            return response

        return wrapped

    return decorate
