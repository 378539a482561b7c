"""Building attributes (use, floors, structure, year, entrances, dwelling capacity) and standard building codes.

Code = grid code (15) + 4-digit serial within the grid, numbered north to south, west to east (19 digits).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .footprints import Footprints
from .partition import rank_within

_BANDS = ((5, 7, 0.55, "砖混", 1985, 2008), (9, 12, 0.30, "框架", 2000, 2020), (17, 33, 0.15, "钢混", 2008, 2024))
"""Urban residential height bands: floors from-to, share, structure, years built from-to."""


@dataclass
class Buildings:
    """All buildings in code order. ``entrances`` (单元) and ``per_floor`` are set for multi-unit buildings
    (else 0); dwellings start on ``first_floor``; ``capacity`` is the number of housing units the building can
    hold (dwellings, or shop premises where ``premises``)."""

    fp: Footprints
    code: NDArray[np.str_]
    use: NDArray[np.str_]
    floors: NDArray[np.int64]
    floors_below: NDArray[np.int64]
    structure: NDArray[np.str_]
    year: NDArray[np.int64]
    entrances: NDArray[np.int64]
    per_floor: NDArray[np.int64]
    first_floor: NDArray[np.int64]
    capacity: NDArray[np.int64]
    premises: NDArray[np.bool_]
    name: NDArray[np.object_]

    def __len__(self) -> int:
        return len(self.code)

    @property
    def multi(self) -> NDArray[np.bool_]:
        return self.entrances > 0


def _between(rng: np.random.Generator, lo: int, hi: int, n: int) -> NDArray[np.int64]:
    return rng.integers(lo, hi + 1, n)


def _top_up(capacity: NDArray, floors: NDArray, per_floor: NDArray, entrances: NDArray, first_floor: NDArray,
            multi: NDArray[np.int64], needed: int) -> None:
    """Add flats per floor (up to 6), then floors (up to 33), to the multi-unit buildings until the buildings hold
    ``needed`` housing units (small scales draw few apartment blocks). Raises ValueError if they cannot."""
    while capacity.sum() < needed:
        if len(multi) == 0 or ((per_floor[multi] >= 6) & (floors[multi] >= 33)).all():
            raise ValueError(f"buildings hold {capacity.sum()} housing units, {needed} asked; lower --scale")
        if (per_floor[multi] < 6).any():
            per_floor[multi] = np.minimum(per_floor[multi] + 1, 6)
        else:
            floors[multi] = np.minimum(floors[multi] + 3, 33)
        capacity[multi] = entrances[multi] * (floors[multi] - first_floor[multi] + 1) * per_floor[multi]


def buildings(rng: np.random.Generator, fp: Footprints, grid_codes: NDArray[np.str_], housing_units: int) -> Buildings:
    """Attributes and codes of the footprints ``fp`` (``grid_codes[i]`` is the code of grid ``i``), with room for
    at least ``housing_units`` housing units."""
    n = len(fp)
    kind = fp.kind
    use = np.select(
        [kind == "old", kind == "rural"], ["residential", "rural_house"], default=kind
    ).astype("<U16")
    floors = np.ones(n, dtype=np.int64)
    structure = np.full(n, "砖混", dtype="<U4")
    year = _between(rng, 1990, 2022, n)
    entrances = np.zeros(n, dtype=np.int64)
    per_floor = np.zeros(n, dtype=np.int64)
    first_floor = np.ones(n, dtype=np.int64)
    capacity = np.zeros(n, dtype=np.int64)

    res = np.flatnonzero(kind == "residential")
    band = rng.choice(len(_BANDS), len(res), p=[b[2] for b in _BANDS])
    for k, (lo, hi, _, struct, y0, y1) in enumerate(_BANDS):
        idx = res[band == k]
        floors[idx] = _between(rng, lo, hi, len(idx))
        structure[idx] = struct
        year[idx] = _between(rng, y0, y1, len(idx))
        per_floor[idx] = 2 if k < 2 else _between(rng, 2, 4, len(idx))
    mixed = np.flatnonzero(kind == "mixed")
    floors[mixed] = _between(rng, 4, 12, len(mixed))
    structure[mixed] = "框架"
    per_floor[mixed] = 2
    first_floor[mixed] = 2
    multi = np.concatenate([res, mixed])
    entrances[multi] = np.clip(np.round(fp.w[multi] / 12), 1, 4).astype(np.int64)
    capacity[multi] = entrances[multi] * (floors[multi] - first_floor[multi] + 1) * per_floor[multi]

    old = np.flatnonzero(kind == "old")
    floors[old] = _between(rng, 1, 3, len(old))
    structure[old] = np.where(rng.random(len(old)) < 0.6, "砖木", "砖混")
    year[old] = _between(rng, 1955, 1998, len(old))
    capacity[old] = _between(rng, 1, 2, len(old))

    shops = np.flatnonzero(kind == "commercial")
    floors[shops] = _between(rng, 2, 12, len(shops))
    structure[shops] = np.where(floors[shops] > 6, "钢混", "框架")
    capacity[shops] = _between(rng, 1, 6, len(shops))
    for k, lo, hi, struct in (("public", 2, 6, "框架"), ("industrial", 1, 4, "钢混")):
        idx = np.flatnonzero(kind == k)
        floors[idx] = _between(rng, lo, hi, len(idx))
        structure[idx] = struct

    rural = np.flatnonzero(kind == "rural")
    floors[rural] = np.where(rng.random(len(rural)) < 0.7, 1, 2)
    structure[rural] = np.where(rng.random(len(rural)) < 0.55, "砖木", "砖混")
    year[rural] = _between(rng, 1965, 2023, len(rural))
    capacity[rural] = rng.choice([1, 2, 3, 4], len(rural), p=[0.25, 0.35, 0.25, 0.15])

    _top_up(capacity, floors, per_floor, entrances, first_floor, multi, housing_units)
    floors_below = ((use == "residential") & (floors >= 9) | (use == "commercial") & (floors >= 6)).astype(np.int64)
    order = np.lexsort((fp.cx, -np.round(fp.cy, -1), fp.grid))
    serial = rank_within(fp.grid[order]) + 1
    if serial.max(initial=0) > 9999:
        raise ValueError("more than 9,999 buildings in one grid: building codes would overflow")
    code = np.char.add(grid_codes[fp.grid[order]], np.char.zfill(serial.astype(str), 4))
    return Buildings(
        fp.take(order), code, use[order], floors[order], floors_below[order], structure[order], year[order],
        entrances[order], per_floor[order], first_floor[order], capacity[order], (kind == "commercial")[order],
        np.full(n, "", dtype=object),
    )
