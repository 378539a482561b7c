"""A file's geometries in EPSG:4490: its CRS (given, or found in the file), every coordinate moved by
``spatial.transform`` at once (GCJ-02 and BD-09 by their iterative inverses), 2D, of a type the layer takes.

Files hold coordinates in the traditional GIS order (x = longitude or easting), whatever their CRS's axis order.
"""
from __future__ import annotations

import re
import struct

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from layers.editing.geometry import ACCEPTED
from spatial.crs import CRS84, CRS_TABLE, STORAGE_CRS, STORAGE_SRID, CrsInfo, resolve_crs
from spatial.errors import CoordinateError, UnknownCrs
from spatial.transform import transform_xy, validate_lonlat

from .errors import MissingCrs

_SINGLE = {"MultiPoint": "Point", "MultiLineString": "LineString", "MultiPolygon": "Polygon"}
_MULTI = {single: multi for multi, single in _SINGLE.items()}
_MAKE_MULTI = {"Point": shapely.multipoints, "LineString": shapely.multilinestrings, "Polygon": shapely.multipolygons}
_SRID_FLAG_AND_SRID = "20" + struct.pack("<I", STORAGE_SRID).hex().upper()
_POINT_WKB_BYTES = 21


def file_crs(given: str | None, found: str | None, *, file_format: str) -> CrsInfo:
    """The CRS of the file's coordinates: ``given`` (the ``crs`` parameter) wins; else the file's own (an EPSG
    code, or a WKT naming GCJ-02 or BD-09 as the server's exports write them); GeoJSON without one is CRS84."""
    if given:
        return resolve_crs(given, parameter="crs")
    if not found:
        if file_format == "geojson":
            return CRS84
        raise MissingCrs("The file does not say its CRS (a Shapefile's .prj, a CSV has none); give it as crs "
                         "(e.g. EPSG:4490, EPSG:4547, GCJ02).", parameter="crs")
    letters = re.sub(r"[^a-z0-9]", "", found.lower())
    for info in CRS_TABLE:  # the exports name GCJ-02 and BD-09 in their WKT (GDAL's .prj keeps the letters)
        if info.srid is None and re.sub(r"[^a-z0-9]", "", info.key.lower()) in letters:
            return info
    if found.upper().startswith("EPSG:"):
        srid = found.split(":", 1)[1]
        for info in CRS_TABLE:
            if info.key == f"EPSG:{srid}":
                return CRS84 if srid == "4326" else info
    raise UnknownCrs(f"The file's CRS {found[:80]!r} is not one the server takes; reproject it, or give the CRS its "
                     "coordinates really are in as crs.", parameter="crs")


SAME_AS_STORAGE = frozenset({STORAGE_CRS.key, CRS84.key, "EPSG:4326"})
"""Lon/lat CRSs whose coordinates the server stores as they are (CGCS2000 and WGS 84 coincide for it, as in
``layers.crs_sql``): only checked, not transformed."""


def _to_storage(geometries: np.ndarray, crs: CrsInfo) -> np.ndarray:
    if crs.key in SAME_AS_STORAGE:
        xy = shapely.get_coordinates(geometries)
        validate_lonlat(xy[:, 0], xy[:, 1], parameter="file")
        return geometries

    def move(xy: np.ndarray) -> np.ndarray:
        x, y = transform_xy(xy[:, 0], xy[:, 1], src=crs, dst=STORAGE_CRS, parameter="file")
        return np.column_stack([np.atleast_1d(x), np.atleast_1d(y)])

    return shapely.transform(geometries, move)


_TYPE_IDS = {"Point": 0, "LineString": 1, "Polygon": 3, "MultiPoint": 4, "MultiLineString": 5, "MultiPolygon": 6}
_TYPE_NAMES = {number: name for name, number in _TYPE_IDS.items()}


def storage_geometries(wkb: np.ndarray, crs: CrsInfo, declared: str) -> tuple[pa.Array, dict[int, str]]:
    """Each row's geometry as hex EWKB in EPSG:4490 (null for a row without one), and the reasons of the rows that
    cannot be taken (by index): unreadable, out of their CRS's range, a type the layer does not take. Vectorised:
    tens of thousands of rows take a fraction of a second; when no geometry had to change, the file's own WKB is
    written (:func:`file_ewkb`)."""
    reasons: dict[int, str] = {}
    geometries = shapely.from_wkb(wkb, on_invalid="ignore")
    for i in np.flatnonzero(shapely.is_missing(geometries) & np.array([item is not None for item in wkb])):
        reasons[int(i)] = "geometry unreadable (not valid WKB)"
    altered = bool(shapely.is_missing(geometries).any() or shapely.has_z(geometries).any())
    if altered:
        geometries = shapely.force_2d(geometries)
    try:
        geometries = _to_storage(geometries, crs)
    except CoordinateError:  # find the rows at fault, one by one
        for i, geometry in enumerate(geometries):
            try:
                geometries[i] = _to_storage(np.array([geometry], dtype=object), crs)[0]
            except CoordinateError as error:
                reasons[i], geometries[i] = f"coordinates not in {crs.key}: {error}", None
    empty = shapely.is_empty(geometries)
    geometries[empty] = None
    accepted = ACCEPTED[declared]
    kinds = shapely.get_type_id(geometries)
    wrong = np.flatnonzero(~np.isin(kinds, [-1, *(_TYPE_IDS[name] for name in accepted)]))
    for i in wrong:
        geometry, kind = geometries[i], _TYPE_NAMES.get(int(kinds[i]), "GeometryCollection")
        if kind in _SINGLE and _SINGLE[kind] in accepted and len(geometry.geoms) == 1:
            geometries[i] = geometry.geoms[0]
        else:
            reasons[int(i)] = f"wrong geometry kind: a {kind}; the layer takes {', '.join(accepted)}"
            geometries[i] = None
    singles = np.flatnonzero(np.isin(kinds, [_TYPE_IDS[name] for name in _MAKE_MULTI])) if declared.startswith(
        "Multi") else np.array([], dtype=int)
    for i in singles:
        if geometries[i] is not None:
            geometries[i] = _MAKE_MULTI[geometries[i].geom_type]([geometries[i]])
    altered = altered or bool(reasons) or crs.key not in SAME_AS_STORAGE or empty.any() or len(wrong) or len(singles)
    return hex_ewkb(geometries) if altered else file_ewkb(wkb, geometries), reasons


def file_ewkb(wkb: np.ndarray, geometries: np.ndarray) -> pa.Array:
    """Each row's geometry as :func:`hex_ewkb` writes it, the points from the file's own WKB (every row has one):
    a little-endian 2D point is 21 bytes that say nothing but its type and coordinates, so its hex only needs the
    SRID; other rows are written again from ``geometries``, the file's WKB parsed. For a county's components (most
    of them points) this saves a tenth of a second."""
    binary = pa.array(wkb, pa.binary())
    if isinstance(binary, pa.ChunkedArray) or len(binary) == 0:
        return hex_ewkb(geometries)
    offsets = np.frombuffer(binary.buffers()[1], dtype=np.int32, count=len(binary) + 1, offset=binary.offset * 4)
    data = np.frombuffer(binary.buffers()[2], dtype=np.uint8)
    points = np.diff(offsets) == _POINT_WKB_BYTES
    starts = offsets[:-1][points]
    points[points] = (data[starts] == 1) & (data[starts + 1] == 1) & ~data[starts[:, None] + np.arange(2, 5)].any(1)
    text = data[offsets[0]:offsets[-1]].tobytes().hex().upper().encode()
    file_hex = pa.StringArray.from_buffers(len(binary), pa.py_buffer(((offsets - offsets[0]) * 2).astype(np.int32)),
                                           pa.py_buffer(text))
    ewkb = pc.binary_join_element_wise(pc.utf8_slice_codeunits(file_hex, 0, 8), _SRID_FLAG_AND_SRID,
                                       pc.utf8_slice_codeunits(file_hex, 10), "")
    if points.all():
        return ewkb
    return pc.replace_with_mask(ewkb, pa.array(~points), hex_ewkb(geometries[~points]))


def hex_ewkb(geometries: np.ndarray) -> pa.Array:
    """Each 2D geometry as hex EWKB with the storage SRID (null for None), as ``shapely.set_srid`` then
    ``to_wkb(include_srid=True)`` write it, at a fraction of their cost: little-endian WKB, whose type (a 4-byte
    integer below 8) gets the SRID flag in its last byte and the SRID after it."""
    wkb = pa.array(shapely.to_wkb(geometries, hex=True, output_dimension=2, byte_order=1), pa.string())
    return pc.binary_join_element_wise(pc.utf8_slice_codeunits(wkb, 0, 8), _SRID_FLAG_AND_SRID,
                                       pc.utf8_slice_codeunits(wkb, 10), "")
