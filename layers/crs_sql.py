"""A geometry stored in EPSG:4490 put in an output CRS inside SQL, for every statement of the layers' APIs.

CGCS2000 and WGS 84 coincide for the server (PROJ's transformation between them is a null one), so no
``ST_Transform`` is written between them; GCJ-02 and BD-09 are computed by the SQL functions that the migration
``layers.0002_chinese_offsets`` installs from ``spatial/sql``.
"""
from __future__ import annotations

from psycopg2 import sql

from spatial.crs import STORAGE_SRID, CrsInfo

WGS84_SRID = 4326
LONLAT_SRIDS = frozenset({STORAGE_SRID, WGS84_SRID})
CHINESE_SQL_FUNCTIONS = {"GCJ02": "pd_wgs84_to_gcj02", "BD09": "pd_wgs84_to_bd09"}


def sql_in_crs(geometry: sql.Composable, crs: CrsInfo) -> sql.Composable:
    """``geometry`` (EPSG:4490) in ``crs``, in internal x/y order (x = longitude or easting; no axis swap)."""
    if crs.key in CHINESE_SQL_FUNCTIONS:
        return sql.SQL("{fn}({g})").format(fn=sql.Identifier(CHINESE_SQL_FUNCTIONS[crs.key]), g=geometry)
    if crs.srid in LONLAT_SRIDS:
        return geometry
    return sql.SQL("ST_Transform({g}, {srid})").format(g=geometry, srid=sql.Literal(crs.srid))


def sql_text_in_crs(geometry: str, crs: CrsInfo) -> str:
    """:func:`sql_in_crs` as plain SQL text, for statements built as text (the SRID is the CRS table's, an int)."""
    if crs.key in CHINESE_SQL_FUNCTIONS:
        return f"{CHINESE_SQL_FUNCTIONS[crs.key]}({geometry})"
    if crs.srid in LONLAT_SRIDS:
        return geometry
    return f"ST_Transform({geometry}, {int(crs.srid)})"
