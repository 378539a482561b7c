"""Selectors of the snapping service: one point to its grid, town, community, nearest address and components.

Boundary rule: a point belongs to the grid with the smallest code among the grids whose geometry covers it
(``ST_Covers``; ``ORDER BY code LIMIT 1``). A point on an edge or a vertex shared by several grids is covered by
all of them, so it goes to the smallest code, the same answer on every retry.

Input: ``lon``/``lat`` are x/y in ``crs``: longitude/latitude degrees, or easting/northing metres for projected
CRSs (EPSG:4547 and EPSG:4526 included, although EPSG lists their northing first). The point is converted to
CGCS2000 lon/lat (EPSG:4490) in Python (GCJ-02/BD-09 by the iterative inverses of ``spatial.chinese``, projected
CRSs by ``spatial.transform``) and the whole answer comes from ONE SQL statement (``layers.locate.sql.sql_locate``),
which also returns every position in the request CRS (``ST_Transform``, or ``pd_wgs84_to_gcj02`` /
``pd_wgs84_to_bd09``).

Errors: :class:`~layers.errors.InvalidParameter` naming ``lon``, ``lat``, ``lon,lat`` (a projected pair off its
area), ``radius`` or ``limit``; :class:`~layers.locate.errors.OutsideCounty` (422) when no grid covers the point,
naming the nearest grid and its distance, and saying so when the point read as (lat, lon) is inside a grid.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from accounts.principal import ANONYMOUS, Principal
from layers.errors import InvalidParameter
from spatial.crs import CrsInfo
from web.dbrouter import read_connection

from . import conf
from .errors import GridDistance, OutsideCounty, SwappedHint
from .pruning import answer_holds, far_of_point, reach_m
from .points import to_storage, try_storage
from .results import AddressHit, AreaRef, ComponentHit, GridInfo, Position, ReverseResult, SnapResult
from .sql import (
    BOUND_SLACK,
    METRES_PER_DEGREE_LAT_MIN,
    METRES_PER_DEGREE_LON_EQUATOR,
    far_params,
    render,
    SnapColumns,
    snap_columns,
    sql_grid_of_point,
    sql_locate,
)


def check_radius(radius_m: float) -> float:
    """The component search radius in metres: a finite number in (0, ``PINGDING_LOCATE_MAX_RADIUS_M``]."""
    maximum = conf.max_radius_m()
    try:
        radius = float(radius_m)
    except (TypeError, ValueError):
        radius = math.nan
    if not (math.isfinite(radius) and 0 < radius <= maximum):
        raise InvalidParameter(
            f"Parameter 'radius' must be a number of metres greater than 0 and at most {maximum:g}, got {radius_m!r}.",
            parameter="radius",
        )
    return radius


def _check_count(value: int, name: str, *, minimum: int, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise InvalidParameter(
            f"Parameter '{name}' must be an integer from {minimum} to {maximum}, got {value!r}.", parameter=name
        )
    return value


def degrees_spanning(radius_m: float, lat: float) -> tuple[float, float]:
    """``(dx, dy)`` degrees of longitude and latitude that certainly span ``radius_m`` metres around ``lat``."""
    phi = math.radians(min(89.0, abs(lat) + 0.5))
    dx = radius_m * BOUND_SLACK / (METRES_PER_DEGREE_LON_EQUATOR * math.cos(phi))
    dy = radius_m * BOUND_SLACK / METRES_PER_DEGREE_LAT_MIN
    return dx, dy


@dataclass(frozen=True)
class _Located:
    point: Position
    grid: GridInfo
    town: AreaRef
    community: AreaRef
    addresses: tuple[AddressHit, ...]
    components: tuple[ComponentHit, ...]


def _outside_if_swapped(x: float, y: float, crs: CrsInfo, error: InvalidParameter) -> OutsideCounty | InvalidParameter:
    """For a point that is no position in ``crs``: the 422 "did you swap" when (y, x) is inside a grid, else ``error``."""
    swapped = try_storage(y, x, crs=crs)
    if swapped is None:
        return error
    with read_connection().cursor() as cursor:
        cursor.execute(render(sql_grid_of_point(), cursor, ("grid_of_point",)), {"lon": swapped[0], "lat": swapped[1]})
        row = cursor.fetchone()
    if row is None:
        return error
    return OutsideCounty(crs_key=crs.key, x=x, y=y, nearest_grid=None, swapped=SwappedHint(y, x, row[0], row[1]))


def _run_locate(crs: CrsInfo, with_components: bool, columns: SnapColumns, params: dict, far: tuple) -> tuple:
    """The one row of the snap statement, leaving out the partitions of the ``far`` counties' code ranges."""
    with read_connection().cursor() as cursor:
        statement = sql_locate(crs, with_components, columns, len(far))
        cursor.execute(render(statement, cursor, ("locate", crs, with_components, columns, len(far))),
                       {**params, **far_params(far)})
        return cursor.fetchone()


def _locate(
    *, x: float, y: float, crs: CrsInfo, addresses: int, radius_m: float | None, components_limit: int,
    principal: Principal,
) -> _Located:
    """Run the snap statement for ``(x, y)`` in ``crs``; raise the 400/422 of a point that has no grid."""
    try:
        lon, lat = to_storage(x, y, crs=crs)
    except InvalidParameter as error:
        raise _outside_if_swapped(x, y, crs, error) from None
    swapped = try_storage(y, x, crs=crs)
    with_components = radius_m is not None and components_limit > 0
    params = {
        "lon": lon, "lat": lat,
        "slon": swapped[0] if swapped else None, "slat": swapped[1] if swapped else None,
        "addresses": addresses,
    }
    if with_components:
        dx, dy = degrees_spanning(radius_m, lat)
        params.update(radius=radius_m, dx=dx, dy=dy, components=components_limit)
    columns = snap_columns(principal)
    reach = reach_m(radius_m if with_components else None)
    far = far_of_point(lon, lat, *degrees_spanning(reach, lat))
    row = _run_locate(crs, with_components, columns, params, far)
    searched = "addresses" not in columns.unread
    if far and not answer_holds(row[0], row[10], addresses=addresses, searched=searched, reach=reach):
        row = _run_locate(crs, with_components, columns, params, ())
    (code, name, kind, leader, member, assistant, town_code, town_name, community_code, community_name,
     address_rows, component_rows, nearest_grid, swapped_grid) = row
    if code is None:
        raise OutsideCounty(
            crs_key=crs.key, x=x, y=y,
            nearest_grid=GridDistance(**nearest_grid) if nearest_grid else None,
            swapped=SwappedHint(y, x, swapped_grid["code"], swapped_grid["name"]) if swapped_grid else None,
        )
    return _Located(
        point=Position(x=x, y=y, lon=lon, lat=lat),
        grid=GridInfo(code=code, name=name, kind=kind, grid_leader=leader, grid_member=member, grid_assistant=assistant),
        town=AreaRef(town_code, town_name),
        community=AreaRef(community_code, community_name),
        addresses=tuple(AddressHit.from_row(r) for r in address_rows or ()),
        components=tuple(ComponentHit.from_row(r) for r in component_rows or ()),
    )


def snap_point(
    *, lon: float, lat: float, crs: CrsInfo, radius_m: float = 50, components_limit: int = 10,
    principal: Principal = ANONYMOUS,
) -> SnapResult:
    """Snap one point: its grid (by the boundary rule), town and community, the nearest standard address and up
    to ``components_limit`` city components within ``radius_m`` metres, nearest first. One SQL statement.

    ``lon``/``lat`` are x/y in ``crs`` (easting/northing metres for a projected CRS, EPSG:4547 included).
    Boundary rule: the grid with the smallest code among those whose geometry covers the point (``ST_Covers``),
    so a point on a shared edge or vertex always gets the same grid. Distances: metres on the spheroid.
    The answer shows what ``principal`` may read of the grids, addresses and components (``sql.snap_columns``).

    Raises ``InvalidParameter`` (400) naming ``lon``/``lat``/``lon,lat``/``radius``, and ``OutsideCounty``
    (422) when no grid covers the point, with the nearest grid and its distance, or the grid of the (lat, lon)
    reading of the pair when that one is inside the county.
    """
    radius = check_radius(radius_m)
    _check_count(components_limit, "components_limit", minimum=0, maximum=1000)
    located = _locate(
        x=lon, y=lat, crs=crs, addresses=1, radius_m=radius, components_limit=components_limit, principal=principal
    )
    return SnapResult(
        crs=crs,
        point=located.point,
        grid=located.grid,
        town=located.town,
        community=located.community,
        address=located.addresses[0] if located.addresses else None,
        components=located.components,
        radius_m=radius,
    )


def reverse_point(
    *, lon: float, lat: float, crs: CrsInfo, limit: int = 1, principal: Principal = ANONYMOUS
) -> ReverseResult:
    """Reverse geocode one point: the ``limit`` nearest standard addresses (metres on the spheroid, nearest first,
    ties by code) and the grid, town and community of the point, by the same statement and rules as
    :func:`snap_point` (no components). ``limit`` is 1 to ``PINGDING_LOCATE_MAX_REVERSE_LIMIT`` (20)."""
    _check_count(limit, "limit", minimum=1, maximum=conf.max_reverse_limit())
    located = _locate(
        x=lon, y=lat, crs=crs, addresses=limit, radius_m=None, components_limit=0, principal=principal
    )
    return ReverseResult(
        crs=crs,
        point=located.point,
        grid=located.grid,
        town=located.town,
        community=located.community,
        addresses=located.addresses,
    )
