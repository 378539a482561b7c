"""The PostGIS twins of spatial.chinese (spatial/sql/chinese_offsets.sql), vertex for vertex.

Needs the project's PostGIS test database; the functions are installed by the
migration that runs ``spatial.sql.load("chinese_offsets")``.
"""

import pytest

from spatial.chinese import wgs84_to_bd09, wgs84_to_gcj02

pytestmark = pytest.mark.django_db

FUNCTIONS = {"GCJ02": ("pd_wgs84_to_gcj02", wgs84_to_gcj02), "BD09": ("pd_wgs84_to_bd09", wgs84_to_bd09)}

GEOMETRIES = {
    "point": "SRID=4490;POINT(113.627 37.795)",
    "point_4326": "SRID=4326;POINT(116.391349 39.907375)",
    "point_z": "SRID=4490;POINT Z (113.627 37.795 812.5)",
    "polygon_with_hole": (
        "SRID=4490;POLYGON((113.60 37.78, 113.66 37.78, 113.66 37.82, 113.60 37.82, 113.60 37.78),"
        "(113.62 37.79, 113.64 37.79, 113.64 37.81, 113.62 37.79))"
    ),
    "multilinestring": (
        "SRID=4490;MULTILINESTRING((113.2 37.5, 113.5 37.6, 114.0 38.1),(113.627 37.795, 113.628 37.796))"
    ),
    "multipolygon": "SRID=4490;MULTIPOLYGON(((113.6 37.7, 113.7 37.7, 113.7 37.8, 113.6 37.7)))",
    "multipoint": "SRID=4490;MULTIPOINT((113.3 37.6),(113.9 38.0))",
    "collection": (
        "SRID=4490;GEOMETRYCOLLECTION(POINT(113.61 37.71),"
        "GEOMETRYCOLLECTION(LINESTRING(113.62 37.72, 113.63 37.73)),"
        "POLYGON((113.6 37.7, 113.7 37.7, 113.7 37.8, 113.6 37.7)))"
    ),
    "outside_china": "SRID=4326;LINESTRING(-0.1276 51.5072, 2.3522 48.8566)",
}


def _vertices(cursor, sql: str, ewkt: str) -> list[tuple[list[int], float, float]]:
    cursor.execute(
        f"SELECT d.path, ST_X(d.geom), ST_Y(d.geom) FROM ST_DumpPoints({sql}) AS d ORDER BY d.path",
        [ewkt],
    )
    return [(list(path), x, y) for path, x, y in cursor.fetchall()]


@pytest.fixture
def cursor():
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT to_regprocedure('pd_wgs84_to_gcj02(geometry)'), "
            "to_regprocedure('pd_wgs84_to_bd09(geometry)')"
        )
        if None in cur.fetchone():
            pytest.fail(
                "pd_wgs84_to_gcj02/pd_wgs84_to_bd09 are not in the test database; add a migration that runs "
                "RunSQL(spatial.sql.load('chinese_offsets'))."
            )
        yield cur


@pytest.mark.parametrize("target", sorted(FUNCTIONS))
@pytest.mark.parametrize("name", sorted(GEOMETRIES))
def test_every_vertex_matches_python(cursor, target, name):
    function, python = FUNCTIONS[target]
    ewkt = GEOMETRIES[name]
    before = _vertices(cursor, "%s::geometry", ewkt)
    after = _vertices(cursor, f"{function}(%s::geometry)", ewkt)
    assert [path for path, _, _ in after] == [path for path, _, _ in before]
    for (_, x, y), (_, ox, oy) in zip(before, after):
        ex, ey = python(x, y)
        assert abs(ox - ex) <= 1e-9 and abs(oy - ey) <= 1e-9


@pytest.mark.parametrize("target", sorted(FUNCTIONS))
@pytest.mark.parametrize("name", sorted(GEOMETRIES))
def test_type_dimensions_and_srid_are_kept(cursor, target, name):
    function, _ = FUNCTIONS[target]
    cursor.execute(
        "SELECT GeometryType(g), GeometryType(o), ST_CoordDim(g), ST_CoordDim(o), ST_SRID(o), "
        "ST_NumInteriorRings(ST_GeometryN(o, 1)) "
        "IS NOT DISTINCT FROM ST_NumInteriorRings(ST_GeometryN(g, 1)) "
        f"FROM (SELECT g, {function}(g) AS o FROM (SELECT %s::geometry AS g) AS i) AS t",
        [GEOMETRIES[name]],
    )
    in_type, out_type, in_dim, out_dim, srid, same_rings = cursor.fetchone()
    assert (out_type, out_dim, srid, same_rings) == (in_type, in_dim, 4326, True)


def test_z_values_are_kept(cursor):
    cursor.execute("SELECT ST_Z(pd_wgs84_to_gcj02(%s::geometry))", [GEOMETRIES["point_z"]])
    assert cursor.fetchone()[0] == 812.5


def test_scalar_helpers(cursor):
    cursor.execute("SELECT x, y FROM pd_wgs84_to_gcj02_xy(113.627, 37.795)")
    assert cursor.fetchone() == pytest.approx(wgs84_to_gcj02(113.627, 37.795), abs=1e-9)
    cursor.execute("SELECT x, y FROM pd_wgs84_to_bd09_xy(113.627, 37.795)")
    assert cursor.fetchone() == pytest.approx(wgs84_to_bd09(113.627, 37.795), abs=1e-9)


def test_empty_and_null(cursor):
    cursor.execute(
        "SELECT ST_AsEWKT(pd_wgs84_to_gcj02('SRID=4490;POLYGON EMPTY'::geometry)), "
        "pd_wgs84_to_bd09(NULL::geometry)"
    )
    assert cursor.fetchone() == ("SRID=4326;POLYGON EMPTY", None)


def test_projected_input_is_refused_with_a_hint(cursor):
    from django.db import DatabaseError

    with pytest.raises(DatabaseError, match="SRID 4547"):
        cursor.execute("SELECT pd_wgs84_to_gcj02('SRID=4547;POINT(467147 4184809)'::geometry)")
