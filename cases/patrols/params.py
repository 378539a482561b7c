"""The query parameters of the patrol endpoints, each parsing itself and writing its OpenAPI object."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from layers.models import AdminArea, Grid
from spatial.crs import CRS84
from web.errors import InvalidParameter, NotFound
from web.params import Crs, Param

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
GEOGRAPHIC_KEYS = ("CRS84", "EPSG:4490", "EPSG:4326", "GCJ02", "BD09")


@dataclass(frozen=True)
class Day(Param):
    """A local date (Asia/Shanghai), ``YYYY-MM-DD``; required."""

    def schema(self) -> dict:
        return {"type": "string", "format": "date"}

    def parse(self, value: str | None) -> date:
        if value is None:
            raise InvalidParameter(f"Parameter '{self.name}' is required (YYYY-MM-DD).", parameter=self.name)
        try:
            if not _DATE.fullmatch(value.strip()):
                raise ValueError
            return date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidParameter(f"Parameter '{self.name}' must be a date YYYY-MM-DD, got {value[:40]!r}.",
                                   parameter=self.name) from None


@dataclass(frozen=True)
class Code(Param):
    """The code of an existing grid (``model`` Grid) or town (AdminArea of level town); optional."""

    kind: str = "grid"

    def parse(self, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.strip()
        rows = Grid.objects.filter(code=code) if self.kind == "grid" else AdminArea.objects.filter(code=code,
                                                                                                   level="town")
        if len(code) > 18 or not code.isdigit() or not rows.exists():
            raise NotFound(f"No {self.kind} has the code {value[:40]!r}.", parameter=self.name)
        return code


@dataclass(frozen=True)
class TrackCrs(Crs):
    """``Crs`` limited to lon/lat systems: a track's points are longitudes and latitudes."""

    def schema(self) -> dict:
        return {**super().schema(), "enum": list(GEOGRAPHIC_KEYS)}

    def parse(self, value: str | None):
        info = super().parse(value)
        if info.key not in GEOGRAPHIC_KEYS:
            raise InvalidParameter(f"Parameter '{self.name}' must be a longitude/latitude system "
                                   f"({', '.join(GEOGRAPHIC_KEYS)}), got {info.key}.", parameter=self.name)
        return info


DATE = Day("date", "the local day (Asia/Shanghai), YYYY-MM-DD")
GRID = Code("grid", "a grid's code: only this grid", kind="grid")
TOWN = Code("town", "a town's code (9 digits): only its grids", kind="town")
CRS = TrackCrs("crs", "CRS of the uploaded points: CRS84/EPSG:4326 (WGS 84, the default), EPSG:4490 (CGCS2000), "
               "GCJ02 (WeChat, Tencent, AMap) or BD09 (Baidu)", default=CRS84)
