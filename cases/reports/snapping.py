"""The boundary to the snapping service (``layers.locate``): snap a report's point, and say what the snap found
in the words of the report APIs.

The snap names the request parameters ``lon``, ``lat`` and ``lon,lat``; each report API passes the names its
clients used (``location.lon`` for ``/api/reports``, ``long``/``lat`` for Open311), and the errors are re-labelled
here, nothing else about them changed: the 422 ``OutsideCounty`` (with the nearest grid, and the grid of the
swapped pair when lon and lat look swapped) reaches the client as the snap raised it.
"""
from __future__ import annotations

from collections.abc import Mapping

from layers.errors import ApiError
from layers.locate.results import SnapResult
from layers.locate.snap import snap_point

from . import conf
from .inputs import Location


def snap_location(*, location: Location, parameters: Mapping[str, str]) -> SnapResult:
    """Snap ``location`` (components within ``PINGDING_REPORTS_SNAP_RADIUS_M``, nearest first).

    ``parameters`` maps the snap's parameter names (``lon``, ``lat``, ``lon,lat``) to the client's; errors of the
    snap (400 bad coordinates, 422 outside the county) propagate with the parameter renamed."""
    try:
        return snap_point(
            lon=location.x, lat=location.y, crs=location.crs,
            radius_m=float(conf.get("PINGDING_REPORTS_SNAP_RADIUS_M")),
            components_limit=int(conf.get("PINGDING_REPORTS_COMPONENTS_LIMIT")),
        )
    except ApiError as error:
        if error.parameter in parameters:
            error.parameter = parameters[error.parameter]
        raise


def snap_body(result: SnapResult) -> dict:
    """The ``snap`` member of a report's answer: grid with its staff roles, town, community, nearest standard
    address and the components within the radius (distances in metres on the spheroid, to 0.01 m)."""
    address = result.address
    return {
        "grid": {
            "code": result.grid.code,
            "name": result.grid.name,
            "kind": result.grid.kind,
            "roles": [{"role": s.role, "label": s.label, "name": s.name or None} for s in result.grid.staff],
        },
        "town": {"code": result.town.code, "name": result.town.name},
        "community": {"code": result.community.code, "name": result.community.name},
        "nearest_address": None if address is None else {
            "code": address.code,
            "full_text": address.full_text,
            "level": address.level,
            "distance_m": round(address.distance_m, 2),
        },
        "radius_m": result.radius_m,
        "components": [
            {
                "code": c.code,
                "name": c.name,
                "category_code": c.category_code,
                "category_name": c.category_name,
                "state": c.state,
                "owner_department": c.owner_department,
                "distance_m": round(c.distance_m, 2),
            }
            for c in result.components
        ],
    }
