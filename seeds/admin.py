"""Towns and communities: the county partitioned by Voronoi cells of plausible seed points, level by level.

Geometry is in frame metres (:mod:`seeds.frame`) and synthetic. Names and codes are official
(:mod:`seeds.division`): the GB/T 10114 codes of Pingding's eight towns (100-107) and two townships (200-201),
and the 12-digit statistical codes of their communities (社区, 0xx) and villages (村, 2xx).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from shapely.geometry import MultiPolygon, Point, Polygon

from .counts import CountyCounts
from .division import Committee, committees
from .names import URBAN_COMMUNITIES, urban_community_names, village_names
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


def _pools(town_list: list[Area]) -> list[list[Committee]]:
    """The committees each town's communities are drawn from, besides the seat town's urban ones: the seat town's
    villages, every other town's communities and villages (its 社区 first)."""
    return [[c for c in committees(t.code) if not (i == SEAT_TOWN and c.urban)] for i, t in enumerate(town_list)]


def _communities_per_town(town_list: list[Area], counts: CountyCounts) -> np.ndarray:
    """Communities per town besides the seat town's urban ones: at scale 1 exactly the official numbers; scaled by
    them otherwise, with at least 2 a town."""
    pools = np.array([len(pool) for pool in _pools(town_list)])
    minimum = np.full(len(town_list), 2)
    minimum[SEAT_TOWN] = max(0, 2 - counts.urban_communities)
    return apportion(counts.communities - counts.urban_communities, np.maximum(pools - minimum, 0), minimum)


def _chosen(pool: list[Committee], n: int, town: Area, stems) -> list[Committee]:
    """The first ``n`` committees of ``pool``, continued with synthetic villages (codes after the town's last)
    when a scale above 1 asks for more than the county has."""
    chosen = pool[:n]
    last = max((int(c.code[9:]) for c in committees(town.code)), default=199)
    for k in range(n - len(chosen)):
        sequence = max(last, 199) + 1 + k
        if sequence > 999:
            raise ValueError(f"{town.name}: {n} communities do not fit 3-digit codes; lower --scale")
        chosen.append(Committee(f"{town.code}{sequence:03d}", f"{next(stems)}村", "村"))
    return chosen


def _urban(town: Area, n: int) -> list[Committee]:
    """The seat town's ``n`` urban communities: its official 社区, continued with synthetic ones past them."""
    official = [c for c in committees(town.code) if c.urban][:n]
    extra = urban_community_names(n - len(official) + len(URBAN_COMMUNITIES))[len(URBAN_COMMUNITIES):]
    last = max((int(c.code[9:]) for c in official), default=0)
    return official + [Committee(f"{town.code}{last + 1 + k:03d}", f"{stem}社区", "社区") for k, stem in enumerate(extra)]


def _ordered(seeds: np.ndarray, origin: tuple[float, float]) -> np.ndarray:
    """Seed points nearest to ``origin`` first (the order of their codes)."""
    d = np.hypot(seeds[:, 0] - origin[0], seeds[:, 1] - origin[1])
    return seeds[np.argsort(d, kind="stable")]


def communities(
    rng: np.random.Generator, town_list: list[Area], built_up: Polygon, counts: CountyCounts
) -> list[Area]:
    """Communities and villages of every town (official names and codes), each town partitioned by the Voronoi
    cells of their centres: the seat town's 社区 in the built-up area, every other town's 社区 at and nearest to
    its seat, villages further out."""
    per_town = _communities_per_town(town_list, counts)
    stems = iter(village_names(rng, int(per_town.sum())))
    result: list[Area] = []
    for i, (town, pool, n_rural) in enumerate(zip(town_list, _pools(town_list), per_town)):
        town_poly = town.geom
        chosen = _chosen(pool, int(n_rural), town, stems)
        if i == SEAT_TOWN:
            urban_list = _urban(town, counts.urban_communities)
            core = built_up.buffer(-150)
            spacing = 0.7 * (core.area / len(urban_list)) ** 0.5
            urban = _ordered(points_in(rng, core, len(urban_list), spacing), town.seat)
            rural_region = town_poly.difference(built_up.buffer(600))
            spacing = 0.6 * (rural_region.area / max(len(chosen), 1)) ** 0.5
            rural = _ordered(points_in(rng, rural_region, len(chosen), spacing, fixed=urban), town.seat)
            seeds = np.vstack([urban, rural])
            chosen = urban_list + chosen
        else:
            with_seat = any(c.urban for c in chosen)
            spacing = 0.6 * (town_poly.area / len(chosen)) ** 0.5
            fixed = np.array([town.seat]) if with_seat else None
            rural = points_in(rng, town_poly, len(chosen) - int(with_seat), spacing, fixed=fixed)
            rural = _ordered(rural, town.seat)
            seeds = np.vstack([fixed, rural]) if with_seat else rural
        for committee, seed, cell in zip(chosen, seeds, voronoi_cells(seeds, town_poly)):
            result.append(Area(committee.code, committee.name, "community", committee.kind, town.code, cell,
                               (float(seed[0]), float(seed[1]))))
    return result
