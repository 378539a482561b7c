"""Standard addresses: one door (or building) address per building and one unit address per entrance (单元)
of the multi-unit buildings, e.g. 山西省阳泉市平定县冠山镇城关社区紫云街18号3号楼2单元.

Urban buildings take the number of the nearest road of their block (odd on one side, even on the other, rising
along the road); the residential buildings of a block form one complex (小区) behind one gate number and are
told apart by building number. Village houses are numbered along the village street of their side of the
village. Code = building code (19) + 2 digits: 00 for the door address, the entrance number for unit addresses.
Points are EPSG:4490 lon/lat inside the footprint.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .buildings import Buildings
from .names import VILLAGE_ROADS, place_stem
from .partition import rank_within
from .world import World

_COMPLEX_SUFFIXES = ("小区", "花园", "家园", "苑", "新村", "佳苑", "名都")
_SECTOR_ROADS = (1, 7, 4, 8, 2, 9, 3, 10)
"""VILLAGE_ROADS index by compass sector from the village centre (E, NE, N, NW, W, SW, S, SE); 大街 at the core."""


@dataclass
class Addresses:
    """Address rows (arrays of equal length); ``door[i]`` is the door address code of building ``i``."""

    code: NDArray[np.str_]
    level: NDArray[np.str_]
    town: NDArray[np.str_]
    community: NDArray[np.str_]
    road: NDArray[np.str_]
    number: NDArray[np.str_]
    building_no: NDArray[np.str_]
    unit: NDArray[np.str_]
    full_text: NDArray[np.str_]
    community_code: NDArray[np.str_]
    grid_code: NDArray[np.str_]
    building_code: NDArray[np.str_]
    lon: NDArray[np.float64]
    lat: NDArray[np.float64]
    door: NDArray[np.str_]

    def __len__(self) -> int:
        return len(self.code)


def _urban_numbers(
    world: World, b: Buildings, idx: NDArray[np.int64], rng: np.random.Generator
) -> tuple[NDArray, NDArray, NDArray]:
    """Road index, door number and building number (0 = none) of the urban buildings ``idx``."""
    net, fp = world.net, b.fp
    offsets = np.array([r.offset for r in net.roads])
    is_u = np.array([r.family == "u" for r in net.roads])
    half = np.array([r.half_width for r in net.roads])
    u, v = net.to_street(fp.cx[idx], fp.cy[idx])
    block = fp.block[idx]
    bounds = np.array([blk.roads for blk in net.blocks])[block]
    across = np.where(is_u[bounds], u[:, None], v[:, None]) - offsets[bounds]
    road = bounds[np.arange(len(idx)), np.argmin(np.abs(across), axis=1)]
    side = np.sign(np.where(is_u[road], u, v) - offsets[road])
    along = np.where(is_u[road], v, u)

    complex_ = fp.kind[idx] == "residential"
    gate_pref = np.array([[half[r] + 0.1 * (k == 2) for k, r in enumerate(blk.roads)] for blk in net.blocks])
    gate = np.array([blk.roads[k] for blk, k in zip(net.blocks, np.argmax(gate_pref, axis=1))])
    centres = np.array([blk.centre for blk in net.blocks])
    gate_across = np.where(is_u[gate], centres[:, 0], centres[:, 1]) - offsets[gate]
    gate_along = np.where(is_u[gate], centres[:, 1], centres[:, 0])
    road = np.where(complex_, gate[block], road)
    side = np.where(complex_, np.sign(gate_across[block]), side)
    along = np.where(complex_, gate_along[block], along)

    entity = np.where(complex_, -1 - block, np.arange(len(idx)))
    _, first, inverse = np.unique(entity, return_index=True, return_inverse=True)
    e_road, e_side, e_along = road[first], side[first], along[first]
    rank = rank_within(e_road * 2 + (e_side > 0), e_along)
    number = (2 * rank + np.where(e_side > 0, 1, 2))[inverse]
    building_no = np.where(complex_, rank_within(np.where(complex_, block, -1), -fp.cy[idx] + 1e-3 * fp.cx[idx]) + 1, 0)
    suffix = rng.integers(0, len(_COMPLEX_SUFFIXES), len(net.blocks))
    for i in np.flatnonzero(complex_):
        gate_name = net.roads[gate[block[i]]].name
        b.name[idx[i]] = f"{place_stem(gate_name)}{_COMPLEX_SUFFIXES[suffix[block[i]]]}{building_no[i]}号楼"
    return road, number, building_no


def addresses(rng: np.random.Generator, world: World, b: Buildings) -> Addresses:
    """Door addresses of all buildings and unit addresses of every entrance of the multi-unit buildings.
    Also names the buildings of residential complexes (``b.name``)."""
    n, fp = len(b), b.fp
    community = world.grid_community[fp.grid]
    comm_name = np.array([c.name for c in world.communities])[community]
    town_name = np.array([t.name for t in world.towns])
    town_index = {t.code: i for i, t in enumerate(world.towns)}
    town = town_name[np.array([town_index[c.parent] for c in world.communities])[community]]
    road = np.empty(n, dtype=object)
    number = np.zeros(n, dtype=np.int64)
    building_no = np.zeros(n, dtype=np.int64)

    urban = np.flatnonzero(fp.block >= 0)
    r_idx, number[urban], building_no[urban] = _urban_numbers(world, b, urban, rng)
    road[urban] = np.array([r.name for r in world.net.roads], dtype=object)[r_idx]

    rural = np.flatnonzero(fp.block < 0)
    seats = np.array([c.seat for c in world.communities])[community[rural]]
    dx, dy = fp.cx[rural] - seats[:, 0], fp.cy[rural] - seats[:, 1]
    sector = (np.floor((np.arctan2(dy, dx) + np.pi / 8) / (np.pi / 4)).astype(np.int64)) % 8
    which = np.where(np.hypot(dx, dy) < 60, 0, np.array(_SECTOR_ROADS)[sector])
    stems = np.array([place_stem(c.name) for c in world.communities], dtype=object)[community[rural]]
    road[rural] = stems + np.array(VILLAGE_ROADS, dtype=object)[which]
    number[rural] = rank_within(community[rural] * 100 + which, np.hypot(dx, dy)) + 1

    lon, lat = world.frame.to_lonlat(fp.cx, fp.cy)
    door_code = np.char.add(b.code, "00")
    bno = np.where(building_no > 0, building_no.astype(str), "")
    head = np.char.add(np.char.add("山西省阳泉市平定县", town), comm_name)
    door_text = np.char.add(np.char.add(np.char.add(head, road.astype(str)), number.astype(str)), "号")
    door_text = np.where(building_no > 0, np.char.add(np.char.add(door_text, bno), "号楼"), door_text)

    multi = np.flatnonzero(b.multi)
    ent = b.entrances[multi]
    bi = np.repeat(multi, ent)
    e = np.arange(len(bi)) - np.repeat(np.cumsum(ent) - ent, ent) + 1
    offset = ((e - 0.5) / b.entrances[bi] - 0.5) * fp.w[bi]
    ux, uy = fp.cx[bi] + offset * np.cos(fp.angle[bi]), fp.cy[bi] + offset * np.sin(fp.angle[bi])
    ulon, ulat = world.frame.to_lonlat(ux, uy)
    unit_text = np.char.add(np.char.add(door_text[bi], e.astype(str)), "单元")

    def both(door: NDArray, unit: NDArray) -> NDArray:
        return np.concatenate([np.asarray(door), np.asarray(unit)])

    grid_code = world.grid_codes[fp.grid]
    comm_code = np.array([c.code for c in world.communities])[community]
    return Addresses(
        code=both(door_code, np.char.add(b.code[bi], np.char.zfill(e.astype(str), 2))),
        level=both(np.where(building_no > 0, "building", "door"), np.full(len(bi), "unit")),
        town=both(town, town[bi]),
        community=both(comm_name, comm_name[bi]),
        road=both(road.astype(str), road.astype(str)[bi]),
        number=both(number.astype(str), number.astype(str)[bi]),
        building_no=both(bno, bno[bi]),
        unit=both(np.full(n, ""), e.astype(str)),
        full_text=both(door_text, unit_text),
        community_code=both(comm_code, comm_code[bi]),
        grid_code=both(grid_code, grid_code[bi]),
        building_code=both(b.code, b.code[bi]),
        lon=both(lon, ulon),
        lat=both(lat, ulat),
        door=door_code,
    )
