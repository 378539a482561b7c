"""The features the access matrix (``test_matrix.py``) reads and writes. Chosen once per session from the committed
test county: the grid holding features of the most grid-kept layers (with the grid's restricted phone filled), per
layer a feature inside it and one outside it (for components: also outside the department of the inside one), with
their restricted fields filled. Made inside a test's transaction: a feature of a layer the grid holds none of
(moved in from outside), and a fresh copy to delete (nothing refers to it, so its deletion is no 409)."""
from __future__ import annotations

from dataclasses import dataclass, field

from layers import models as m
from spatial.codes import credit_code_check_char

MODELS = {
    "admin-areas": m.AdminArea, "grids": m.Grid, "buildings": m.Building, "addresses": m.Address,
    "components": m.Component, "incidents": m.Incident, "organisations": m.Organisation, "facilities": m.Facility,
}
KEPT_BY_GRID = ("buildings", "addresses", "components", "incidents", "organisations", "facilities")
FILLED = {"incidents": ("reporter", "reporter_phone"), "organisations": ("legal_representative",)}
"""Restricted fields the chosen features hold a value in (and the chosen grid its phone)."""


@dataclass
class County:
    grid: str
    department: str
    member_phone: str
    inside: dict[str, int | None] = field(default_factory=dict)
    outside: dict[str, int] = field(default_factory=dict)


def filled(layer: str):
    rows = MODELS[layer].objects.all()
    for name in FILLED.get(layer, ()):
        rows = rows.exclude(**{name: ""}).exclude(**{f"{name}__isnull": True})
    return rows.order_by("pk")


def choose_grid() -> str:
    """The grid with filled features of the most grid-kept layers (then the first by code)."""
    grids = m.Grid.objects.exclude(member_phone="").exclude(member_phone__isnull=True).values_list("code", flat=True)
    held = {code: sum(filled(layer).filter(grid_id=code).exists() for layer in KEPT_BY_GRID) for code in grids}
    return min(held, key=lambda code: (-held[code], code))


def seeded_county() -> County:
    grid = choose_grid()
    inside = {layer: getattr(filled(layer).filter(grid_id=grid).first(), "pk", None) for layer in KEPT_BY_GRID}
    department = m.Component.objects.get(pk=inside["components"]).owner_department
    county = County(grid=grid, department=department, member_phone=m.Grid.objects.get(code=grid).member_phone,
                    inside=inside)
    for layer in KEPT_BY_GRID:
        rows = filled(layer).exclude(grid_id=grid)
        if layer == "components":
            rows = rows.exclude(owner_department=department).exclude(maintainer_department=department)
        county.outside[layer] = rows.first().pk
    county.inside["grids"] = m.Grid.objects.get(code=grid).pk
    county.outside["grids"] = m.Grid.objects.exclude(code=grid).order_by("pk").first().pk
    areas = m.AdminArea.objects.filter(level="community").order_by("pk")
    county.inside["admin-areas"], county.outside["admin-areas"] = (area.pk for area in areas[:2])
    return county


def fresh_codes(layer: str, codes: dict, digit: str) -> dict:
    """``codes`` (the layer's code properties) changed into new, valid ones ending in ``digit``s."""
    if layer == "organisations":
        body = codes["credit_code"][:14] + digit * 3
        return {"credit_code": body + credit_code_check_char(body)}
    if layer == "admin-areas":
        return {"code": codes["code"][:-3] + digit * 3, "stat_code": codes["stat_code"][:-3] + digit * 3}
    tail = {"components": 6, "incidents": 5}.get(layer, 3)
    return {"code": codes["code"][:-tail] + digit * tail}


def copy_into(layer: str, pk: int, grid: str, digit: str) -> int:
    """A copy of feature ``pk`` of a grid-kept layer with fresh codes, lying in ``grid`` (its point on surface when
    the original lies elsewhere); nothing refers to it."""
    row = MODELS[layer].objects.get(pk=pk)
    key = "credit_code" if layer == "organisations" else "code"
    for name, value in fresh_codes(layer, {key: getattr(row, key)}, digit).items():
        setattr(row, name, value)
    if row.grid_id != grid:
        row.geom, row.grid_id = m.Grid.objects.get(code=grid).geom.point_on_surface, grid
    row.pk = None
    row.save()
    return row.pk


def inside_feature(county: County, layer: str) -> int:
    """The feature inside the grid (one moved in, when the grid holds none of the layer)."""
    found = county.inside[layer]
    return found if found is not None else copy_into(layer, county.outside[layer], county.grid, "6")
