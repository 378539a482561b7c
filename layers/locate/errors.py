"""The one error of the snapping service that carries more than a message: a point outside the county (422).

``OutsideCounty`` extends the JSON error body of ``layers.errors.ApiError`` with the nearest grid and, when the
point looks like latitude and longitude given the wrong way round, the grid that the swapped point falls in.
"""
from __future__ import annotations

from dataclasses import dataclass

from layers.errors import ApiError


@dataclass(frozen=True)
class GridDistance:
    """A grid and the distance in metres (on the spheroid) from the point to its nearest edge."""

    code: str
    name: str
    distance_m: float


@dataclass(frozen=True)
class SwappedHint:
    """The point read the other way round, ``(x, y) = (given lat, given lon)`` in the request CRS, and its grid."""

    x: float
    y: float
    grid_code: str
    grid_name: str


def _fmt(value: float) -> str:
    return f"{value:.7f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:.3f}"


class OutsideCounty(ApiError):
    """422 ``OutsideCounty``: no grid covers the point.

    ``nearest_grid`` is the closest grid (``None`` when the point as given is not a position at all, e.g. a
    latitude of 113.6); ``swapped`` is set when the point read as (lat, lon) lies inside the county.
    """

    status = 422
    code = "OutsideCounty"

    def __init__(
        self,
        *,
        crs_key: str,
        x: float,
        y: float,
        nearest_grid: GridDistance | None,
        swapped: SwappedHint | None = None,
        parameter: str = "lon,lat",
    ):
        self.crs_key = crs_key
        self.x = x
        self.y = y
        self.nearest_grid = nearest_grid
        self.swapped = swapped
        super().__init__(self._sentence(), parameter=parameter)

    def _sentence(self) -> str:
        given = f"(lon, lat) = ({_fmt(self.x)}, {_fmt(self.y)}) in {self.crs_key}"
        if self.swapped is not None:
            s = self.swapped
            return (
                f"The point {given} is outside the county; did you swap lon and lat? "
                f"(lat, lon) = ({_fmt(self.x)}, {_fmt(self.y)}) is inside grid {s.grid_code} ({s.grid_name}). "
                "Send longitude (or easting) as lon and latitude (or northing) as lat."
            )
        if self.nearest_grid is not None:
            g = self.nearest_grid
            return (
                f"The point {given} is outside the county: no grid covers it. The nearest grid is {g.code} "
                f"({g.name}), {g.distance_m:,.0f} m away; check the coordinates and the crs parameter."
            )
        return f"The point {given} is outside the county; check the coordinates and the crs parameter."

    def as_dict(self) -> dict:
        body = super().as_dict()
        body["point"] = {"crs": self.crs_key, "x": self.x, "y": self.y}
        body["nearest_grid"] = (
            None
            if self.nearest_grid is None
            else {
                "code": self.nearest_grid.code,
                "name": self.nearest_grid.name,
                "distance_m": round(self.nearest_grid.distance_m, 2),
            }
        )
        if self.swapped is not None:
            body["swapped"] = {
                "x": self.swapped.x,
                "y": self.swapped.y,
                "grid": {"code": self.swapped.grid_code, "name": self.swapped.grid_name},
            }
        return body
