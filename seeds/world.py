"""The shapes of the county that every later phase builds on: outline, built-up area, towns, communities, grids,
the street network and a grid locator. Pure Python (numpy + shapely), no database.

Geometry of ``Area``/``GridCell`` objects is in frame metres and serves the generator only; what gets stored are the
``*_ll`` EPSG:4490 shapes: the grids converted through the affine frame (:mod:`seeds.frame`) and snapped into
one exact tessellation (:mod:`seeds.topology`), every higher level the union of its grids.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from shapely.geometry import MultiPolygon, Polygon

from . import admin, grids, outline, streets
from .counts import CountyCounts
from .frame import LocalFrame
from .locate import GridLocator
from .partition import phase_rng
from .topology import merge, snap_partition


@dataclass
class World:
    """Outline, areas and grids of one seeded county, plus indexes used by the later phases."""

    seed: int
    counts: CountyCounts
    frame: LocalFrame
    outline: Polygon
    built_up: Polygon
    built_up_ll: Polygon
    towns: list[admin.Area]
    communities: list[admin.Area]
    grids: list[grids.GridCell]
    grid_ll: NDArray[np.object_]
    community_ll: NDArray[np.object_]
    town_ll: NDArray[np.object_]
    county_ll: MultiPolygon
    grid_codes: NDArray[np.str_]
    grid_community: NDArray[np.int64]
    locator: GridLocator
    net: streets.StreetNet

    def rng(self, phase: str) -> np.random.Generator:
        """The random stream of one phase of this county."""
        return phase_rng(self.seed, phase)


def build_world(seed: int, counts: CountyCounts) -> World:
    """Outline, built-up area, towns, communities, grids and streets of the county for ``seed``."""
    frame = LocalFrame.at()
    shape = outline.county_outline(phase_rng(seed, "outline"), frame)
    street_angle = math.radians(float(phase_rng(seed, "street-angle").uniform(8, 20)))
    built_up = outline.built_up_area(phase_rng(seed, "built-up"), frame, street_angle)
    towns = admin.towns(phase_rng(seed, "towns"), shape)
    if not towns[admin.SEAT_TOWN].geom.contains(built_up):
        raise ValueError(f"seed {seed}: the built-up area leaves 冠山镇; try another seed")
    communities = admin.communities(phase_rng(seed, "communities"), towns, built_up, counts)
    cells = grids.grids(phase_rng(seed, "grids"), communities, counts.grids)
    grid_ll = snap_partition(frame.geom_to_lonlat(np.array([g.geom for g in cells], dtype=object)))
    index = {c.code: i for i, c in enumerate(communities)}
    grid_community = np.array([index[g.community_code] for g in cells])
    community_ll = np.array([merge(grid_ll[grid_community == i]) for i in range(len(communities))], dtype=object)
    town_ll = np.array(
        [merge(community_ll[[c.parent == t.code for c in communities]]) for t in towns], dtype=object
    )
    return World(
        seed=seed,
        counts=counts,
        frame=frame,
        outline=shape,
        built_up=built_up,
        built_up_ll=frame.geom_to_lonlat(built_up),
        towns=towns,
        communities=communities,
        grids=cells,
        grid_ll=grid_ll,
        community_ll=community_ll,
        town_ll=town_ll,
        county_ll=merge(town_ll),
        grid_codes=np.array([g.code for g in cells]),
        grid_community=grid_community,
        locator=GridLocator(grid_ll),
        net=streets.street_net(phase_rng(seed, "streets"), built_up, street_angle),
    )
