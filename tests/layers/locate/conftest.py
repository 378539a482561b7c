"""Fixtures of the snapping tests: places in the seeded test county, found with PostGIS, never hard-coded.

Every expectation is computed with a direct query (brute force over all rows, distances on geography) so the
tests hold for any seed and scale of the county.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pytest
from django.db import connection

from spatial.crs import CRS_TABLE, STORAGE_CRS, CrsInfo
from spatial.transform import transform_xy

ALL_CRS: tuple[CrsInfo, ...] = CRS_TABLE
"""Every CRS the server accepts: CRS84, EPSG:4490, EPSG:4326, EPSG:4547, EPSG:4526, EPSG:3857, GCJ02, BD09."""


def fetch(query: str, params: dict | tuple | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def from_storage(lon: float, lat: float, crs: CrsInfo) -> tuple[float, float]:
    """CGCS2000 lon/lat to (x, y) in ``crs`` (x = longitude or easting), by ``spatial.transform``."""
    x, y = transform_xy(lon, lat, src=STORAGE_CRS, dst=crs)
    return float(x), float(y)


def owner_of(lon: float, lat: float) -> str | None:
    """The boundary rule by brute force: the smallest code among every grid whose geometry covers the point."""
    rows = fetch(
        "SELECT min(code) FROM layers_grid WHERE ST_Covers(geom, ST_SetSRID(ST_MakePoint(%s, %s), 4490))", (lon, lat)
    )
    return rows[0][0]


def nearest_addresses(lon: float, lat: float, n: int = 1) -> list[tuple[str, float]]:
    """The n nearest addresses on the spheroid, by a full scan (no index, no KNN)."""
    return fetch(
        "SELECT code, ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(%s, %s), 4490)::geography) AS d "
        "FROM layers_address ORDER BY d, code LIMIT %s",
        (lon, lat, n),
    )


def components_within(lon: float, lat: float, radius_m: float) -> list[tuple[str, float]]:
    """Every component within ``radius_m`` metres on the spheroid, nearest first, by a full scan."""
    return fetch(
        "SELECT code, d FROM (SELECT code, ST_Distance(geom::geography, "
        "ST_SetSRID(ST_MakePoint(%s, %s), 4490)::geography) AS d FROM layers_component) AS c "
        "WHERE d <= %s ORDER BY d, code",
        (lon, lat, radius_m),
    )


@dataclass(frozen=True)
class Place:
    """A point (CGCS2000 lon/lat) and the grid that owns it."""

    lon: float
    lat: float
    grid_code: str


@pytest.fixture
def busiest_grid_point(db) -> Place:
    """ST_PointOnSurface of the seeded grid with the most components (a grid of the built-up area)."""
    code, lon, lat = fetch(
        "SELECT g.code, ST_X(ST_PointOnSurface(g.geom)), ST_Y(ST_PointOnSurface(g.geom)) FROM layers_grid g "
        "JOIN layers_component c ON c.grid_code = g.code GROUP BY g.id, g.code ORDER BY count(*) DESC, g.code LIMIT 1"
    )[0]
    return Place(lon, lat, code)


@pytest.fixture
def near_components(db) -> Place:
    """A point 10-odd metres from the point component that has the most other components within 0.001 degrees (~100 m)."""
    lon, lat = fetch(
        "SELECT ST_X(c.geom) + 0.0001, ST_Y(c.geom) + 0.00005 FROM layers_component c "
        "JOIN layers_component o ON ST_DWithin(o.geom, c.geom, 0.001) "
        "WHERE GeometryType(c.geom) = 'POINT' GROUP BY c.id, c.code ORDER BY count(*) DESC, c.code LIMIT 1"
    )[0]
    return Place(lon, lat, owner_of(lon, lat))


@pytest.fixture
def grid_points(db) -> list[Place]:
    """ST_PointOnSurface of every seeded grid."""
    rows = fetch("SELECT code, ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom)) FROM layers_grid ORDER BY code")
    return [Place(lon, lat, code) for code, lon, lat in rows]


@pytest.fixture
def built_up_points(db) -> list[tuple[float, float]]:
    """40 deterministic random points in the bounding box of the components (the built-up area), inside grids."""
    xmin, ymin, xmax, ymax = fetch(
        "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) AS e FROM layers_component) s"
    )[0]
    rng = np.random.default_rng(20240601)
    points = list(zip(rng.uniform(xmin, xmax, 60).tolist(), rng.uniform(ymin, ymax, 60).tolist()))
    inside = [p for p in points if owner_of(*p) is not None][:40]
    assert len(inside) >= 20
    return inside


@pytest.fixture
def shared_vertex(db) -> tuple[float, float, list[str]]:
    """A vertex on the common boundary of two adjacent grids that every grid meeting there covers, with those
    grids' codes (at least two). Taken from ST_Intersection of the two boundaries, so it is an exact vertex."""
    rows = fetch(
        "SELECT a.code, b.code "
        "FROM layers_grid a JOIN layers_grid b ON a.code < b.code AND a.geom && b.geom "
        "AND ST_Length(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom))) > 0 "
        "ORDER BY a.code, b.code LIMIT 20"
    )
    assert rows, "no adjacent grids in the seeded county"
    for a, b in rows:
        vertices = fetch(
            "SELECT ST_X(d.geom), ST_Y(d.geom) FROM layers_grid a, layers_grid b, "
            "ST_DumpPoints(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom))) AS d "
            "WHERE a.code = %s AND b.code = %s",
            (a, b),
        )
        for lon, lat in vertices:
            covering = [code for (code,) in fetch(
                "SELECT code FROM layers_grid WHERE ST_Covers(geom, ST_SetSRID(ST_MakePoint(%s, %s), 4490)) ORDER BY code",
                (lon, lat),
            )]
            if a in covering and b in covering:
                return lon, lat, covering
    pytest.fail("no vertex covered by both of two adjacent grids: the seeded grids do not share vertices")


@pytest.fixture
def get_json(client):
    """``get_json(url, expect=200)``: GET with the test client, check the status, return the parsed body."""

    def get(url: str, expect: int = 200) -> dict:
        response = client.get(url)
        assert response.status_code == expect, response.content[:600]
        assert response["Content-Type"].startswith("application/json")
        return json.loads(response.content)

    return get


@pytest.fixture
def post_json(client):
    """``post_json(url, body, expect=200)``: POST a JSON body (a dict, or raw bytes/str sent as is)."""

    def post(url: str, body, expect: int = 200) -> dict:
        data = body if isinstance(body, (bytes, str)) else json.dumps(body)
        response = client.post(url, data=data, content_type="application/json")
        assert response.status_code == expect, response.content[:600]
        return json.loads(response.content)

    return post
