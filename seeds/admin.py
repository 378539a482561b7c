"""Towns and communities: the county partitioned by Voronoi cells of plausible seed points, level by level.

Geometry is in frame metres (:mod:`seeds.frame`). Town codes are the real GB/T 10114 codes of Pingding's eight
towns (100-107) and two townships (200-201); community codes append 3 digits: 001-099 for urban communities
(社区), 200+ for villages (村), as the statistical division codes do.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from shapely.geometry import MultiPolygon, Point, Polygon

from .counts import CountyCounts
from .names import urban_community_names, village_names
from .partition import apportion, points_in, voronoi_cells

COUNTY_CODE = "140321"
COUNTY_NAME = "平定县"

TOWNS: tuple[tuple[str, str, str, tuple[float, float]], ...] = (
    ("冠山镇", "100", "镇", (0.0, 0.0)),
    ("冶西镇", "101", "镇", (-14_000.0, -5_000.0)),
    ("锁簧镇", "102", "镇", (3_000.0, -9_500.0)),
    ("张庄镇", "103", "镇", (9_000.0, 8_000.0)),
    ("东回镇", "104", "镇", (15_000.0, -8_000.0)),
    ("柏井镇", "105", "镇", (-17_000.0, 6_000.0)),
    ("娘子关镇", "106", "镇", (27_000.0, 3_000.0)),
    ("巨城镇", "107", "镇", (14_000.0, 0.0)),
    ("石门口乡", "200", "乡", (-5_000.0, 10_000.0)),
    ("岔口乡", "201", "乡", (-6_000.0, -9_500.0)),
)
"""Name, GB/T 10114 suffix, kind and the nominal seat of each town in frame metres (east, north of the county seat)."""
SEAT_TOWN = 0


@dataclass
class Area:
    """One administrative area in frame metres; ``seat`` is its nominal centre (town seat or village centre)."""

    code: str
    name: str
    level: str
    kind: str
    parent: str | None
    geom: MultiPolygon
    seat: tuple[float, float]

    @property
    def urban(self) -> bool:
        return self.kind == "社区"


def towns(rng: np.random.Generator, outline: Polygon) -> list[Area]:
    """The ten towns: Voronoi cells of their jittered seats clipped to the outline (冠山镇's seat is exact)."""
    seats = np.array([t[3] for t in TOWNS])
    seats[1:] += rng.uniform(-1_000, 1_000, size=(len(TOWNS) - 1, 2))
    for i, (x, y) in enumerate(seats):
        while not outline.contains(Point(x, y)):
            x, y = 0.9 * x, 0.9 * y
        seats[i] = (x, y)
    cells = voronoi_cells(seats, outline)
    return [
        Area(f"{COUNTY_CODE}{suffix}", name, "town", kind, COUNTY_CODE, cell, (float(seats[i][0]), float(seats[i][1])))
        for i, ((name, suffix, kind, _), cell) in enumerate(zip(TOWNS, cells))
    ]


def _communities_per_town(town_list: list[Area], counts: CountyCounts) -> np.ndarray:
    """Villages (and town-seat communities) per town, by area; the seat town's urban communities come on top."""
    areas = np.array([t.geom.area for t in town_list])
    minimum = np.full(len(town_list), 2)
    minimum[SEAT_TOWN] = max(0, 2 - counts.urban_communities)
    return apportion(counts.communities - counts.urban_communities, areas, minimum)


def _ordered(seeds: np.ndarray, origin: tuple[float, float]) -> np.ndarray:
    """Seed points nearest to ``origin`` first (the order of their codes)."""
    d = np.hypot(seeds[:, 0] - origin[0], seeds[:, 1] - origin[1])
    return seeds[np.argsort(d, kind="stable")]


def communities(
    rng: np.random.Generator, town_list: list[Area], built_up: Polygon, counts: CountyCounts
) -> list[Area]:
    """Communities and villages of every town, each town partitioned by the Voronoi cells of their centres."""
    per_town = _communities_per_town(town_list, counts)
    stems = iter(village_names(rng, int(per_town.sum())))
    urban_stems = iter(urban_community_names(counts.urban_communities))
    result: list[Area] = []
    for i, (town, n_rural) in enumerate(zip(town_list, per_town)):
        town_poly = town.geom
        n_rural = int(n_rural)
        specs: list[tuple[str, str, str]] = []
        if i == SEAT_TOWN:
            n_urban = counts.urban_communities
            core = built_up.buffer(-150)
            spacing = 0.7 * (core.area / n_urban) ** 0.5
            urban = _ordered(points_in(rng, core, n_urban, spacing), town.seat)
            rural_region = town_poly.difference(built_up.buffer(600))
            spacing = 0.6 * (rural_region.area / max(n_rural, 1)) ** 0.5
            rural = _ordered(points_in(rng, rural_region, n_rural, spacing, fixed=urban), town.seat)
            seeds = np.vstack([urban, rural])
            specs += [(f"{k + 1:03d}", f"{next(urban_stems)}社区", "社区") for k in range(n_urban)]
        else:
            with_seat = town.kind == "镇" and n_rural >= 4
            spacing = 0.6 * (town_poly.area / n_rural) ** 0.5
            fixed = np.array([town.seat]) if with_seat else None
            rural = points_in(rng, town_poly, n_rural - int(with_seat), spacing, fixed=fixed)
            rural = _ordered(rural, town.seat)
            seeds = np.vstack([fixed, rural]) if with_seat else rural
            if with_seat:
                specs.append(("001", f"{town.name[:-1]}社区", "社区"))
        first_village = 200
        specs += [(f"{first_village + k:03d}", f"{next(stems)}村", "村") for k in range(len(rural))]
        if first_village + len(rural) > 999:
            raise ValueError(f"{town.name}: {len(rural)} villages do not fit 3-digit codes; lower --scale")
        for (suffix, name, kind), seed, cell in zip(specs, seeds, voronoi_cells(seeds, town_poly)):
            result.append(
                Area(f"{town.code}{suffix}", name, "community", kind, town.code, cell, (float(seed[0]), float(seed[1])))
            )
    return result
