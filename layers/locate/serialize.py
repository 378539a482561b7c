"""JSON documents of the snapping service, from the selectors' dataclasses.

Positions are ``{"x", "y", "lon", "lat"}``: ``x``/``y`` in the request CRS (x = longitude or easting, like the
``lon``/``x`` parameter; rounded to the CRS's decimals: 7 for degrees, 3 for metres), ``lon``/``lat`` the stored
CGCS2000 degrees (EPSG:4490). Distances are metres on the spheroid, rounded to centimetres.
"""
from __future__ import annotations

from spatial.crs import STORAGE_CRS, CrsInfo

from .results import AddressHit, AreaRef, ComponentHit, GridInfo, Position, ReverseResult, SnapResult


def position(p: Position, crs: CrsInfo) -> dict:
    lonlat = STORAGE_CRS.decimals
    return {
        "x": round(p.x, crs.decimals), "y": round(p.y, crs.decimals),
        "lon": round(p.lon, lonlat), "lat": round(p.lat, lonlat),
    }


def metres(value: float) -> float:
    return round(value, 2)


def area(a: AreaRef) -> dict:
    return {"code": a.code, "name": a.name}


def grid(g: GridInfo) -> dict:
    """The grid with its staff, each role as ``{"label": "网格长", "name": ...}``."""
    document = {"code": g.code, "name": g.name, "kind": g.kind}
    for staff in g.staff:
        document[staff.role] = {"label": staff.label, "name": staff.name}
    return document


def address(a: AddressHit, crs: CrsInfo, *, parts: bool) -> dict:
    document = {
        "code": a.code,
        "full_text": a.full_text,
        "level": a.level,
        "level_label": a.level_label,
        "distance_m": metres(a.distance_m),
        "position": position(a.position, crs),
    }
    if parts:
        document["parts"] = dict(a.parts.__dict__)
    return document


def component(c: ComponentHit, crs: CrsInfo) -> dict:
    return {
        "code": c.code,
        "name": c.name,
        "category": {"code": c.category_code, "name": c.category_name},
        "state": c.state,
        "state_label": c.state_label,
        "owner_department": c.owner_department,
        "distance_m": metres(c.distance_m),
        "position": position(c.position, crs),
    }


def _located(result: SnapResult | ReverseResult) -> dict:
    """What snap and reverse answers share: the point in the request CRS and the areas around it."""
    return {
        "crs": result.crs.key,
        "point": position(result.point, result.crs),
        "grid": grid(result.grid),
        "town": area(result.town),
        "community": area(result.community),
    }


def snap_document(result: SnapResult) -> dict:
    crs = result.crs
    return {
        **_located(result),
        "address": None if result.address is None else address(result.address, crs, parts=False),
        "radius_m": result.radius_m,
        "components": [component(c, crs) for c in result.components],
    }


def reverse_document(result: ReverseResult) -> dict:
    return {**_located(result), "addresses": [address(a, result.crs, parts=True) for a in result.addresses]}


def nearest_document(crs: CrsInfo, nearest: list[tuple[str | None, float | None]]) -> dict:
    return {
        "crs": crs.key,
        "count": len(nearest),
        "nearest": [
            {"code": code, "distance_m": None if distance is None else metres(distance)} for code, distance in nearest
        ],
    }
