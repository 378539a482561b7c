"""The routing rule of CJ/T 214: a component's problem goes first to its owner, an event first to its territory.

* a report naming a component (``component_code``) is routed to the component's ``owner_department`` (权属单位);
* an event (an event class, no component) is routed to the grid the point falls in:
  ``routed_to`` = ``"网格 <grid code> <grid name>"``, with the grid member who answers for it.
"""
from __future__ import annotations

from dataclasses import dataclass

from layers.models import Component

ROUTED_TO_MAX = 80
"""Length of ``Incident.routed_to``."""


@dataclass(frozen=True)
class Routing:
    """Where a report goes: ``rule`` is ``component_owner`` or ``territory``; ``routed_to`` the text stored on the
    incident; ``department`` the owning department (component rule only); the grid and its member either way."""

    rule: str
    routed_to: str
    department: str | None
    grid_code: str
    grid_name: str
    grid_member: str | None

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "routed_to": self.routed_to,
            "department": self.department,
            "grid": {"code": self.grid_code, "name": self.grid_name},
            "grid_member": self.grid_member or None,
        }


def territory_label(*, grid_code: str, grid_name: str) -> str:
    """``网格 <code> <name>``, cut to the column's length (the code always fits)."""
    return f"网格 {grid_code} {grid_name}"[:ROUTED_TO_MAX].rstrip()


def route(*, component: Component | None, grid_code: str, grid_name: str, grid_member: str | None) -> Routing:
    """Apply the rule: to the component's owner when there is a component, else to the grid (territory)."""
    if component is not None:
        department = component.owner_department
        return Routing(
            rule="component_owner", routed_to=department[:ROUTED_TO_MAX], department=department,
            grid_code=grid_code, grid_name=grid_name, grid_member=grid_member,
        )
    return Routing(
        rule="territory", routed_to=territory_label(grid_code=grid_code, grid_name=grid_name), department=None,
        grid_code=grid_code, grid_name=grid_name, grid_member=grid_member,
    )
