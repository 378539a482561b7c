"""The coordinate read-out of the map page: a clicked point in CGCS2000 lon/lat and in GK zone metres.

The page's lon/lat come from the Web Mercator map, whose geographic frame the server takes as CGCS2000
(EPSG:4490; within centimetres of WGS 84). pyproj is reached through :mod:`spatial.transform` only.
"""
from __future__ import annotations

from spatial.crs import EPSG_4490, EPSG_4547
from spatial.transform import transform_xy


def cgcs2000_and_gk(lon: float, lat: float) -> dict:
    """``{"cgcs2000": {lon, lat}, "gk": {northing, easting}}``: degrees to 7 decimals (about 1 cm) and
    EPSG:4547 metres (CGCS2000 3-degree Gauss-Kruger zone, central meridian 114E, northing first) to 3 decimals.

    Raises :class:`spatial.errors.CoordinateError` for a point outside the zone's area of use."""
    easting, northing = transform_xy(lon, lat, src=EPSG_4490, dst=EPSG_4547, parameter="lon")
    return {
        "cgcs2000": {"crs": EPSG_4490.uri, "lon": round(lon, 7), "lat": round(lat, 7)},
        "gk": {
            "crs": EPSG_4547.uri,
            "northing": round(float(northing), EPSG_4547.decimals),
            "easting": round(float(easting), EPSG_4547.decimals),
        },
    }
