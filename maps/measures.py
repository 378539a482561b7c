"""What a thematic map can count, and per what area: one table each, read by the parser and the SQL builder.

A measure counts the rows of one layer (through the caller's view of it) per grid; ``states`` are the values of
the layer's state column a caller may narrow the count to (components by state, CJ/T 214).
"""
from __future__ import annotations

from dataclasses import dataclass

from layers.models import ComponentState, IncidentStatus


@dataclass(frozen=True)
class Measure:
    id: str
    layer_id: str
    title_zh: str
    state_field: str | None = None
    states: tuple[tuple[str, str], ...] = ()


MEASURES: dict[str, Measure] = {
    m.id: m
    for m in (
        Measure("incidents", "incidents", "事件数", "status", tuple(IncidentStatus.choices)),
        Measure("components", "components", "部件数", "state", tuple(ComponentState.choices)),
    )
}

AREAS: dict[str, str] = {"grid": "网格", "town": "乡镇"}
"""The areas a count is made per: base grids, or towns and townships (the grids' ``town``)."""
