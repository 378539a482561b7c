"""A box from a request: ``bbox`` numbers in the axis order of their CRS, to a box in internal order.

Coordinates arrive in the axis order of the box's CRS (OGC API - Features Part 2: EPSG:4326 and EPSG:4490 latitude
first, EPSG:4547/4526 northing first, CRS84 and EPSG:3857 x first) and leave in the internal order (x = longitude
or easting, y = latitude or northing). A box in GCJ-02 or BD-09 becomes the enclosing CGCS2000 lon/lat box.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spatial.crs import STORAGE_CRS, CrsInfo, from_axis_order
from spatial.transform import transform_bbox, validate_lonlat

from .errors import InvalidParameter
from .params import Param, finite_number

_CHINESE_CRS = frozenset({"GCJ02", "BD09"})


@dataclass(frozen=True)
class BBox:
    """A query box in internal order (``minx``/``maxx`` longitude or easting) in ``crs``."""

    minx: float
    miny: float
    maxx: float
    maxy: float
    crs: CrsInfo


def axis_words(crs: CrsInfo) -> str:
    return {"lonlat": "lon, lat", "latlon": "lat, lon", "en": "easting, northing", "ne": "northing, easting"}[crs.axis]


@dataclass(frozen=True)
class Box(Param):
    """4 numbers (or 6 with the heights ignored), comma-separated, in the axis order of the box's CRS."""

    def schema(self) -> dict:
        return {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}}

    def openapi(self, schema: dict | None = None, **extra: Any) -> dict:
        return super().openapi(schema, style="form", explode=False, **extra)

    def parse(self, value: str | None, crs: CrsInfo) -> BBox | None:
        """The box in internal order, checked to lie on the Earth (projected boxes: once transformed)."""
        if value is None:
            return None
        numbers = self._numbers(value, crs)
        minx, miny = from_axis_order(numbers[0], numbers[1], crs)
        maxx, maxy = from_axis_order(numbers[2], numbers[3], crs)
        if minx > maxx or miny > maxy:
            raise InvalidParameter(
                f"Parameter '{self.name}' has a lower corner above its upper corner; in {crs.key} send "
                f"{axis_words(crs)} of the lower corner, then of the upper corner (boxes across the antimeridian "
                "are not supported).",
                parameter=self.name,
            )
        return self._in_storage_terms(BBox(minx, miny, maxx, maxy, crs))

    def _numbers(self, value: str, crs: CrsInfo) -> list[float]:
        parts = value.split(",")
        if len(parts) not in (4, 6):
            raise InvalidParameter(
                f"Parameter '{self.name}' needs 4 numbers (or 6 with heights), got {len(parts)}: lower corner axis 1, "
                f"axis 2, upper corner axis 1, axis 2, in the axis order of its CRS ({crs.key}: {axis_words(crs)}).",
                parameter=self.name,
            )
        numbers = [finite_number(part, parameter=self.name) for part in parts]
        return numbers if len(numbers) == 4 else [numbers[0], numbers[1], numbers[3], numbers[4]]

    def _in_storage_terms(self, box: BBox) -> BBox:
        """GCJ-02 and BD-09 boxes become the enclosing CGCS2000 box (their offsets vary slowly, so it differs from the
        true curved box by well under a metre at county scale); the others are checked in lon/lat."""
        corners = (box.minx, box.miny, box.maxx, box.maxy)
        if not box.crs.is_geographic:
            lon_lat = transform_bbox(corners, src=box.crs, dst=STORAGE_CRS, parameter=self.name)
            validate_lonlat(lon_lat[0::2], lon_lat[1::2], parameter=self.name)
            return box
        validate_lonlat([box.minx, box.maxx], [box.miny, box.maxy], parameter=self.name)
        if box.crs.key in _CHINESE_CRS:
            return BBox(*transform_bbox(corners, src=box.crs, dst=STORAGE_CRS, parameter=self.name), STORAGE_CRS)
        return box
