"""Patrol fixtures: a grid of the seeded county crossed by streets, a grid member of it, and tracks built along
that grid's road pieces (GPX or GeoJSON, any CRS of the table)."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from pyproj import Geod
from django.db import connection

from spatial.crs import EPSG_4490, resolve_crs
from spatial.transform import transform_xy
from tests.accounts.conftest import account, bearer  # noqa: F401  (fixture)

SH = ZoneInfo("Asia/Shanghai")
DAY = datetime(2024, 3, 1, tzinfo=SH)
"""A day the seed has no tracks for."""


@pytest.fixture
def street_grid(db) -> str:
    """The code of the grid crossed by the most street pieces."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT g.code FROM layers_grid g JOIN patrols_road r ON r.source = 'street' "
                       "AND ST_Intersects(r.geom, g.geom) GROUP BY g.code ORDER BY count(*) DESC, g.code LIMIT 1")
        return cursor.fetchone()[0]


@pytest.fixture
def member(account, street_grid):
    """(user, token) of a grid member of ``street_grid``."""
    return account("grid_member", grids=[street_grid])


def road_points(grid: str, *, step_m: float = 15.0, pieces: slice = slice(None)) -> np.ndarray:
    """Lon/lat (EPSG:4490) every ``step_m`` along the grid's road pieces (those of ``pieces``, in the order of the
    roads' ids), in order."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_AsBinary(ST_Segmentize(piece.geom::geography, %s)::geometry) FROM patrols_road r "
                       "JOIN layers_grid g ON g.code = %s AND ST_Intersects(r.geom, g.geom) "
                       "CROSS JOIN LATERAL ST_Dump(ST_CollectionExtract(ST_Intersection(r.geom, g.geom), 2)) piece "
                       "ORDER BY r.id, piece.path", [step_m, grid])
        import shapely

        lines = [shapely.from_wkb(bytes(row[0])) for row in cursor.fetchall()][pieces]
    return np.concatenate([np.asarray(line.coords) for line in lines])


def timed(points: np.ndarray, start: datetime = DAY.replace(hour=8), speed_ms: float = 1.5) -> list[datetime]:
    """One time per point (EPSG:4490), from ``start``, moving at ``speed_ms`` (at least a second between points)."""
    _, _, metres = Geod(ellps="GRS80").inv(points[:-1, 0], points[:-1, 1], points[1:, 0], points[1:, 1])
    seconds = np.concatenate([[0.0], np.cumsum(np.maximum(np.round(np.asarray(metres) / speed_ms), 1.0))])
    return [start + timedelta(seconds=float(s)) for s in seconds]


def in_crs(points: np.ndarray, crs: str) -> np.ndarray:
    x, y = transform_xy(points[:, 0], points[:, 1], src=EPSG_4490, dst=resolve_crs(crs))
    return np.column_stack([x, y])


def gpx(points: np.ndarray, times: list[datetime]) -> bytes:
    pts = "".join(f'<trkpt lat="{lat:.8f}" lon="{lon:.8f}"><time>{t.isoformat()}</time></trkpt>'
                  for (lon, lat), t in zip(points, times))
    return (f'<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="test" '
            f'xmlns="http://www.topografix.com/GPX/1/1"><trk><name>巡查</name><trkseg>{pts}</trkseg></trk></gpx>'
            ).encode()


def geojson(points: np.ndarray, times: list[datetime]) -> dict:
    return {"type": "Feature", "geometry": {"type": "LineString", "coordinates": points.tolist()},
            "properties": {"times": [t.isoformat() for t in times]}}
