"""The bounds of the counties, for partition pruning: the envelope (EPSG:4490, x = longitude) of each county's admin
area (``layers_adminarea``, level county, six-digit code) widened by ``PINGDING_PARTITIONS_BOUNDS_MARGIN_DEG``.

Read by one indexed query on a cache miss and kept per process for ``PINGDING_PARTITIONS_BOUNDS_TTL_S`` seconds, so a
redrawn county boundary reaches every process's pruning within that time (or at a restart).
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from web.dbrouter import read_connection

from . import conf

COUNTY_LEVEL = "county"

BOUNDS_SQL = (
    "SELECT code, ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)"
    " FROM (SELECT code, ST_Envelope(geom) AS e FROM layers_adminarea WHERE level = %s AND length(code) = 6) AS c"
    " WHERE e IS NOT NULL ORDER BY code"
)


@dataclass(frozen=True)
class CountyBound:
    """A county's code and its widened envelope in EPSG:4490 degrees (x = longitude)."""

    code: str
    minx: float
    miny: float
    maxx: float
    maxy: float

    @property
    def code_range(self) -> tuple[str, str]:
        """``[lo, hi)`` of the codes of the county's rows: its partition's range."""
        return self.code, str(int(self.code) + 1)

    def disjoint(self, minx: float, miny: float, maxx: float, maxy: float) -> bool:
        return maxx < self.minx or minx > self.maxx or maxy < self.miny or miny > self.maxy


def read_bounds(cursor, margin_deg: float) -> tuple[CountyBound, ...]:
    cursor.execute(BOUNDS_SQL, [COUNTY_LEVEL])
    return tuple(CountyBound(code, minx - margin_deg, miny - margin_deg, maxx + margin_deg, maxy + margin_deg)
                 for code, minx, miny, maxx, maxy in cursor.fetchall())


_lock = threading.Lock()
_cache: dict[str, tuple[float, tuple[CountyBound, ...]]] = {}


def county_bounds() -> tuple[CountyBound, ...]:
    """The counties' bounds as the current read connection's database has them, at most the TTL old."""
    connection = read_connection()
    key = connection.alias
    now = time.monotonic()
    cached = _cache.get(key)
    if cached is not None and now - cached[0] < conf.bounds_ttl_s():
        return cached[1]
    with connection.cursor() as cursor:
        bounds = read_bounds(cursor, conf.bounds_margin_deg())
    with _lock:
        _cache[key] = (now, bounds)
    return bounds


def forget_bounds() -> None:
    """Drop the cached bounds (tests; after a boundary is redrawn in this process)."""
    with _lock:
        _cache.clear()
