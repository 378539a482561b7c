"""Grids of the seeded test county to re-divide: neighbours of one community with features in them."""
from __future__ import annotations

import pytest
from django.db import connection

from accounts.principal import Principal

EDITOR = Principal(user_id=None, roles={"gis_editor"})


@pytest.fixture
def pair(db) -> tuple[str, str]:
    """Two grids of one community sharing a stretch of boundary, the pair holding the most buildings."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.code, b.code FROM layers_grid a JOIN layers_grid b ON a.code < b.code"
            " AND a.community_code = b.community_code AND a.geom && b.geom"
            " AND ST_Length(ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 2)::geography) > 100"
            " ORDER BY (SELECT count(*) FROM layers_building x WHERE x.grid_code IN (a.code, b.code)) DESC, a.code"
            " LIMIT 1"
        )
        return cursor.fetchone()


@pytest.fixture
def busy_grid(db) -> str:
    """The grid holding the most buildings."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT grid_code FROM layers_building GROUP BY grid_code ORDER BY count(*) DESC, grid_code"
                       " LIMIT 1")
        return cursor.fetchone()[0]


def cut_line(code: str):
    """A north-south line through the middle of grid ``code``, reaching past its edges (EPSG:4490)."""
    from django.contrib.gis.geos import GEOSGeometry

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_AsEWKT(ST_MakeLine(ST_MakePoint(ST_X(c), ST_YMin(e) - 0.01), ST_MakePoint(ST_X(c), ST_YMax(e) + 0.01)))"
            " FROM (SELECT ST_PointOnSurface(geom) AS c, geom::box2d AS e FROM layers_grid WHERE code = %s) AS g",
            [code],
        )
        text = cursor.fetchone()[0]
    return GEOSGeometry(text if text.startswith("SRID") else f"SRID=4490;{text}")
