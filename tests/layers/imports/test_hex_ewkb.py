"""The staged geometries' hex EWKB is what shapely writes with the storage SRID set, for every geometry type an
import stages, and what PostGIS reads back as the same geometry in EPSG:4490."""
from __future__ import annotations

import numpy as np
import pytest
import shapely
from django.db import connection

from layers.imports.coords import hex_ewkb
from spatial.crs import STORAGE_SRID

GEOMETRIES = {
    "point": "POINT (113.627 37.795)",
    "linestring": "LINESTRING (113.6 37.7, 113.61 37.71, 113.62 37.7)",
    "polygon_with_hole": "POLYGON ((113 37, 114 37, 114 38, 113 38, 113 37), (113.2 37.2, 113.3 37.2, 113.3 37.3, "
                         "113.2 37.2))",
    "multipoint": "MULTIPOINT (113.6 37.7, 113.7 37.8)",
    "multilinestring": "MULTILINESTRING ((113.6 37.7, 113.7 37.8), (113.5 37.5, 113.4 37.4))",
    "multipolygon": "MULTIPOLYGON (((113 37, 114 37, 114 38, 113 37)), ((115 37, 116 37, 116 38, 115 37)))",
}


@pytest.mark.parametrize("name", sorted(GEOMETRIES))
def test_hex_ewkb_is_shapely_s_with_the_storage_srid(name):
    geometries = np.array([shapely.from_wkt(GEOMETRIES[name]), None], dtype=object)
    expected = shapely.to_wkb(shapely.set_srid(geometries, STORAGE_SRID), hex=True, include_srid=True)
    assert hex_ewkb(geometries).to_pylist() == list(expected)


def test_postgis_reads_the_hex_ewkb_back(db):
    geometries = np.array([shapely.from_wkt(wkt) for wkt in GEOMETRIES.values()], dtype=object)
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_SRID(g::geometry), ST_AsText(g::geometry) FROM unnest(%s::text[]) AS g",
                       [hex_ewkb(geometries).to_pylist()])
        found = cursor.fetchall()
    assert [srid for srid, _ in found] == [STORAGE_SRID] * len(GEOMETRIES)
    assert [shapely.from_wkt(text) for _, text in found] == list(geometries)
