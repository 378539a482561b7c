"""Base grids: every community partitioned into Voronoi cells, so the grids tile the county with no gap or overlap.

Geometry is in frame metres until the caller converts it. Grid code = community code (12) + 3-digit sequence
(15 digits, ``spatial.codes.GRID_CODE_LENGTH``); urban communities get more, smaller grids than villages.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from shapely.geometry import MultiPolygon

from .admin import COUNTY_CODE, SEAT_TOWN, TOWNS, Area
from .names import person_names, phone_numbers
from .partition import apportion, points_in, voronoi_cells

URBAN_GRID_WEIGHT = 6.0
TOWN_SEAT_GRID_WEIGHT = 2.0


@dataclass
class GridCell:
    """One base grid in frame metres, with its staff (synthetic names)."""

    code: str
    name: str
    kind: str
    town_code: str
    community_code: str
    geom: MultiPolygon
    leader: str
    member: str
    assistant: str
    phone: str


def grids_per_community(community_list: list[Area], total: int) -> np.ndarray:
    """At least one grid per community; the rest by weight: urban 社区 heavily, villages by their area."""
    area = np.array([c.geom.area for c in community_list])
    seat_town = f"{COUNTY_CODE}{TOWNS[SEAT_TOWN][1]}"

    def weight(c: Area, a: float) -> float:
        if not c.urban:
            return a / area.mean()
        return URBAN_GRID_WEIGHT if c.parent == seat_town else TOWN_SEAT_GRID_WEIGHT

    return apportion(total, np.array([weight(c, a) for c, a in zip(community_list, area)]), 1)


def grids(rng: np.random.Generator, community_list: list[Area], total: int) -> list[GridCell]:
    """``total`` grids: each community split into its share of Voronoi cells, numbered north to south."""
    per_community = grids_per_community(community_list, total)
    result: list[GridCell] = []
    for community, k in zip(community_list, per_community):
        k = int(k)
        spacing = 0.6 * (community.geom.area / k) ** 0.5
        seeds = points_in(rng, community.geom, k, spacing)
        seeds = seeds[np.lexsort((seeds[:, 0], -np.round(seeds[:, 1], -2)))]
        kind = "urban" if community.urban else "rural"
        for seq, cell in enumerate(voronoi_cells(seeds, community.geom), start=1):
            result.append(
                GridCell(
                    code=f"{community.code}{seq:03d}", name=f"{community.name}第{seq}网格", kind=kind,
                    town_code=str(community.parent), community_code=community.code, geom=cell,
                    leader="", member="", assistant="", phone="",
                )
            )
    staff = person_names(rng, rng.random(3 * len(result)) < 0.55).reshape(-1, 3)
    phones = phone_numbers(rng, len(result))
    for cell, (leader, member, assistant), phone in zip(result, staff, phones):
        cell.leader, cell.member, cell.assistant, cell.phone = str(leader), str(member), str(assistant), str(phone)
    return result
