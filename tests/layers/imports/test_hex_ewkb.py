"""The staged geometries' hex EWKB is what shapely writes with the storage SRID set, for every geometry type an
import stages, whether written again or from the file's own points, and what PostGIS reads back as the same geometry
in EPSG:4490."""
from __future__ import annotations

import numpy as np
import pytest
import shapely
from django.db import connection

from layers.imports.coords import hex_ewkb, storage_geometries
from spatial.crs import CRS84, STORAGE_SRID

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


def _file(wkt: list[str], byte_order: int = 1) -> np.ndarray:
    return shapely.to_wkb(np.array([shapely.from_wkt(text) for text in wkt], dtype=object), byte_order=byte_order)


@pytest.mark.parametrize("wkb", [
    _file(["POINT (113.627 37.795)", "POINT (113.6 37.7)"]),
    _file(list(GEOMETRIES.values())),
    _file(["POINT (113.627 37.795)", "POINT (113.6 37.7)"], byte_order=0),
    np.array([*_file(["POINT (113.627 37.795)"]), _file(["POINT (113.6 37.7)"], byte_order=0)[0]], dtype=object),
], ids=["points", "every type", "big-endian", "both byte orders"])
def test_the_file_s_own_points_are_staged_as_shapely_writes_them(wkb):
    staged, reasons = storage_geometries(wkb, CRS84, "Geometry")
    assert not reasons
    assert staged.to_pylist() == hex_ewkb(shapely.from_wkb(wkb)).to_pylist()
    assert staged.to_pylist() == list(shapely.to_wkb(shapely.set_srid(shapely.from_wkb(wkb), STORAGE_SRID), hex=True,
                                                     include_srid=True, byte_order=1))


def test_a_changed_geometry_is_staged_as_changed():
    wkb = _file(["POINT Z (113.627 37.795 10)", "POINT (113.6 37.7)"])
    staged, _ = storage_geometries(wkb, CRS84, "Geometry")
    assert staged.to_pylist() == hex_ewkb(shapely.from_wkt(["POINT (113.627 37.795)", "POINT (113.6 37.7)"])).to_pylist()
    staged, _ = storage_geometries(_file(["POINT (113.627 37.795)"]), CRS84, "MultiPoint")
    assert shapely.from_wkb(staged.to_pylist()[0]).geom_type == "MultiPoint"
