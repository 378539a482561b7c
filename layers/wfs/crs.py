"""The CRSs of the WFS (``SRSNAME``, ``srsName``, the CRS of a ``BBOX``) and their axis order.

Every name of an EPSG code says its axis order, as WFS 2.0 and GML read them (and as QGIS and GeoServer do):
the URN ``urn:ogc:def:crs:EPSG::4490`` and the URI ``http://www.opengis.net/def/crs/EPSG/0/4490`` mean the EPSG
order (EPSG:4490 and 4326 latitude first, 4547 and 4526 northing first, 3857 easting first); the short
``EPSG:4490`` and ``http://www.opengis.net/gml/srs/epsg.xml#4490`` mean the traditional x/y order (longitude or
easting first). A :class:`WfsCrs` carries a :class:`~spatial.crs.CrsInfo` whose ``axis`` is the order of that name,
so the feature API's SQL (``layers.query.sql``) and box parser (``web.geo``) put coordinates in it unchanged.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from spatial.crs import CrsInfo, crs_by_srid

from .exceptions import invalid

SRIDS = (4490, 4326, 4547, 4526, 3857)
"""The CRSs of every feature type: the default (storage) first, then the others, as the capabilities list them."""

_AUTHORITATIVE = (
    re.compile(r"urn:(?:x-)?ogc:def:crs:EPSG:[0-9.]*:([0-9]+)", re.I),
    re.compile(r"https?://www\.opengis\.net/def/crs/EPSG/[0-9.]+/([0-9]+)", re.I),
)
_TRADITIONAL = (
    re.compile(r"EPSG:([0-9]+)", re.I),
    re.compile(r"https?://www\.opengis\.net/gml/srs/epsg\.xml#([0-9]+)", re.I),
)


@dataclass(frozen=True)
class WfsCrs:
    """A CRS as a WFS request names it: ``info.axis`` is the order of its coordinates; ``name`` what the answer
    writes as ``srsName``; ``long_name``: whether that is the URN form (``ST_AsGML`` option 1) or ``EPSG:n``."""

    info: CrsInfo
    name: str
    long_name: bool

    @property
    def srid(self) -> int:
        return self.info.srid


def urn(srid: int) -> str:
    return f"urn:ogc:def:crs:EPSG::{srid}"


def _traditional(info: CrsInfo) -> CrsInfo:
    return dataclasses.replace(info, axis="lonlat" if info.is_geographic else "en")


def in_xy_order(crs: WfsCrs) -> WfsCrs:
    """``crs`` read in x/y order, as WFS 1.0.0 reads every CRS (and QGIS 3.22 writes its transactions' GML)."""
    return WfsCrs(info=_traditional(crs.info), name=f"EPSG:{crs.srid}", long_name=False)


def parse_srs_name(value: str, locator: str) -> WfsCrs:
    """The CRS named ``value``; ``InvalidParameterValue`` naming ``locator`` for a name or code not served."""
    text = value.strip()
    for patterns, authoritative in ((_AUTHORITATIVE, True), (_TRADITIONAL, False)):
        for pattern in patterns:
            match = pattern.fullmatch(text)
            if match and int(match.group(1)) in SRIDS:
                info = crs_by_srid(int(match.group(1)))
                if authoritative:
                    return WfsCrs(info=info, name=urn(info.srid), long_name=True)
                return WfsCrs(info=_traditional(info), name=f"EPSG:{info.srid}", long_name=False)
    raise invalid(locator, f"CRS {text[:80]!r} is not served; use one of: {', '.join(urn(s) for s in SRIDS)} "
                           "(EPSG order) or EPSG:nnnn (x/y order).")


DEFAULT_CRS = parse_srs_name(urn(SRIDS[0]), "srsName")
"""EPSG:4490 in EPSG order (latitude, longitude): every feature type's DefaultCRS."""
