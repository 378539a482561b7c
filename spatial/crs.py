"""The CRS table of the server: every coordinate system it accepts and returns.

Storage is CGCS2000 geographic, EPSG:4490, with PostGIS's traditional axis
order (x = longitude, y = latitude, degrees). Inside the server every
coordinate pair is handled in that *internal traditional order*: x is
longitude or easting, y is latitude or northing.

Each :class:`CrsInfo` states the *authoritative* axis order of its CRS, which
is the order OGC API - Features Part 2 requires for output coordinates and
``bbox-crs`` input:

* ``"lonlat"``: longitude, latitude (OGC CRS84, and the non-EPSG GCJ-02 and
  BD-09, which are always written lon/lat by their vendors);
* ``"latlon"``: latitude, longitude (EPSG:4326 and EPSG:4490 as EPSG
  defines them);
* ``"en"``: easting, northing (EPSG:3857);
* ``"ne"``: northing, easting (the CGCS2000 Gauss-Kruger zones EPSG:4547 and
  EPSG:4526, whose EPSG axis 1 is "X" pointing north).

:func:`to_axis_order` and :func:`from_axis_order` convert between the
internal order and the authoritative one. The axis claims of the table are
checked against pyproj's ``axis_info`` in ``tests/spatial/test_crs.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeVar

from spatial.errors import UnknownCrs

Axis = Literal["lonlat", "latlon", "en", "ne"]
T = TypeVar("T")

STORAGE_SRID = 4490
"""SRID of every geometry column: CGCS2000 lon/lat degrees (x = lon, y = lat in PostGIS)."""


@dataclass(frozen=True)
class CrsInfo:
    """One coordinate reference system the server accepts and returns.

    ``key`` is the short name used in code and errors; ``uri`` the identifier
    advertised by OGC API collections; ``srid`` the PostGIS SRID (``None``
    for GCJ-02 and BD-09, which are not in ``spatial_ref_sys`` and are stored
    as 4326 after the offset); ``axis`` the authoritative axis order;
    ``decimals`` the number of decimals written on output (7 for degrees,
    about 1 cm; 3 for metres, 1 mm); ``proj`` the identifier given to pyproj
    (``None`` for the non-EPSG systems, which :mod:`spatial.transform` routes
    through EPSG:4326).
    """

    key: str
    uri: str
    srid: int | None
    axis: Axis
    label: str
    decimals: int
    is_geographic: bool
    proj: str | None = None

    @property
    def swaps_axes(self) -> bool:
        """True when the authoritative order is (y, x): lat/lon or northing/easting."""
        return self.axis in ("latlon", "ne")


CRS84 = CrsInfo(
    key="CRS84",
    uri="http://www.opengis.net/def/crs/OGC/1.3/CRS84",
    srid=4326,
    axis="lonlat",
    label="WGS 84 longitude/latitude (OGC CRS84)",
    decimals=7,
    is_geographic=True,
    proj="OGC:CRS84",
)
EPSG_4490 = CrsInfo(
    key="EPSG:4490",
    uri="http://www.opengis.net/def/crs/EPSG/0/4490",
    srid=4490,
    axis="latlon",
    label="CGCS2000 latitude/longitude (2000国家大地坐标系)",
    decimals=7,
    is_geographic=True,
    proj="EPSG:4490",
)
EPSG_4326 = CrsInfo(
    key="EPSG:4326",
    uri="http://www.opengis.net/def/crs/EPSG/0/4326",
    srid=4326,
    axis="latlon",
    label="WGS 84 latitude/longitude",
    decimals=7,
    is_geographic=True,
    proj="EPSG:4326",
)
EPSG_4547 = CrsInfo(
    key="EPSG:4547",
    uri="http://www.opengis.net/def/crs/EPSG/0/4547",
    srid=4547,
    axis="ne",
    label="CGCS2000 / 3-degree Gauss-Kruger CM 114E, northing/easting metres",
    decimals=3,
    is_geographic=False,
    proj="EPSG:4547",
)
EPSG_4526 = CrsInfo(
    key="EPSG:4526",
    uri="http://www.opengis.net/def/crs/EPSG/0/4526",
    srid=4526,
    axis="ne",
    label="CGCS2000 / 3-degree Gauss-Kruger zone 38 (easting with 38 prefix), northing/easting metres",
    decimals=3,
    is_geographic=False,
    proj="EPSG:4526",
)
EPSG_3857 = CrsInfo(
    key="EPSG:3857",
    uri="http://www.opengis.net/def/crs/EPSG/0/3857",
    srid=3857,
    axis="en",
    label="WGS 84 / Pseudo-Mercator (web map), easting/northing metres",
    decimals=3,
    is_geographic=False,
    proj="EPSG:3857",
)
GCJ02 = CrsInfo(
    key="GCJ02",
    uri="urn:pingding:crs:GCJ02",
    srid=None,
    axis="lonlat",
    label="GCJ-02 longitude/latitude (国测局坐标, WeChat/Tencent/AMap)",
    decimals=7,
    is_geographic=True,
)
BD09 = CrsInfo(
    key="BD09",
    uri="urn:pingding:crs:BD09",
    srid=None,
    axis="lonlat",
    label="BD-09 longitude/latitude (Baidu)",
    decimals=7,
    is_geographic=True,
)

CRS_TABLE: tuple[CrsInfo, ...] = (CRS84, EPSG_4490, EPSG_4326, EPSG_4547, EPSG_4526, EPSG_3857, GCJ02, BD09)
"""Every CRS the server knows, in the order they are advertised."""

STORAGE_CRS = EPSG_4490
DEFAULT_CRS = CRS84
"""The OGC API default for output when no ``crs`` parameter is given."""

OGC_CRS_URIS: list[str] = [info.uri for info in CRS_TABLE if info.srid is not None]
"""URIs advertised in the ``crs`` list of OGC API collections (EPSG/OGC only)."""

_EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "CRS84": ("OGC:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84"),
    "GCJ02": ("GCJ-02",),
    "BD09": ("BD-09",),
}


def _aliases(info: CrsInfo) -> tuple[str, ...]:
    forms = [info.key, info.uri, info.uri.replace("http://", "https://", 1)]
    if info.key.startswith("EPSG:"):
        forms.append(f"urn:ogc:def:crs:EPSG::{info.srid}")
    forms.extend(_EXTRA_ALIASES.get(info.key, ()))
    return tuple(forms)


_LOOKUP: dict[str, CrsInfo] = {alias.lower(): info for info in CRS_TABLE for alias in _aliases(info)}


def accepted_crs_values() -> list[str]:
    """Return the canonical key and URI of every CRS, for error messages and docs."""
    values: list[str] = []
    for info in CRS_TABLE:
        values.extend((info.key, info.uri))
    return values


def resolve_crs(value: str, *, parameter: str = "crs") -> CrsInfo:
    """Return the :class:`CrsInfo` named by ``value``.

    Accepted, case-insensitively and ignoring surrounding spaces: the URI,
    ``EPSG:nnnn``, ``urn:ogc:def:crs:EPSG::nnnn``, ``CRS84``, ``OGC:CRS84``,
    ``GCJ02``/``GCJ-02`` and ``BD09``/``BD-09``. Anything else raises
    :class:`~spatial.errors.UnknownCrs` naming ``parameter``.
    """
    info = _LOOKUP.get(str(value).strip().lower())
    if info is None:
        accepted = ", ".join(accepted_crs_values())
        message = f"Unknown CRS {value!r} in parameter '{parameter}'; use one of: {accepted}."
        raise UnknownCrs(message, parameter=parameter)
    return info


def crs_by_srid(srid: int) -> CrsInfo:
    """Return the EPSG entry for a PostGIS SRID (4326 gives EPSG:4326, not CRS84)."""
    for info in CRS_TABLE:
        if info.srid == srid and info.key.startswith("EPSG:"):
            return info
    raise UnknownCrs(
        f"SRID {srid} is not in the server's CRS table; use one of: "
        f"{', '.join(str(i.srid) for i in CRS_TABLE if i.key.startswith('EPSG:'))}.",
        parameter=None,
    )


def to_axis_order(x: T, y: T, info: CrsInfo) -> tuple[T, T]:
    """Put internal (x = lon/easting, y = lat/northing) into ``info``'s authoritative order.

    Works on scalars and numpy arrays alike; no copy is made.
    """
    return (y, x) if info.swaps_axes else (x, y)


def from_axis_order(a: T, b: T, info: CrsInfo) -> tuple[T, T]:
    """Turn a pair in ``info``'s authoritative order into internal (x, y) order."""
    return (b, a) if info.swaps_axes else (a, b)
