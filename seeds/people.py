"""Housing units (实有房屋) and residents (实有人口), built as numpy arrays.

Every resident is synthetic: a generated name, a GB 11643 id number (region 140321, birth date, sequence with
the sex parity, valid check character), a synthetic phone number. Counts are exact: the housing units are
apportioned to the buildings by capacity, the residents to the occupied dwellings by drawn household size.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .addresses import Addresses
from .buildings import Buildings
from .codes import id_check_chars
from .counts import AS_OF
from .names import person_names, phone_numbers
from .partition import apportion, rank_within

KEY_POPULATION = ("社区矫正人员", "刑满释放人员", "吸毒人员", "严重精神障碍患者", "重点青少年", "信访重点人员")
_AGE_BANDS = ((0, 14, 0.9), (15, 24, 0.85), (25, 34, 1.1), (35, 44, 1.0), (45, 54, 1.25), (55, 64, 1.15),
              (65, 74, 0.8), (75, 84, 0.35), (85, 95, 0.08))
_TENURE = ("owner", "rented", "vacant")


@dataclass
class HousingUnits:
    code: NDArray[np.str_]
    building: NDArray[np.int64]
    address_code: NDArray[np.str_]
    floor: NDArray[np.int64]
    room: NDArray[np.str_]
    area_m2: NDArray[np.float64]
    use: NDArray[np.str_]
    tenure: NDArray[np.str_]
    rural: NDArray[np.bool_]


@dataclass
class Residents:
    id_number: NDArray[np.str_]
    name: NDArray[np.str_]
    gender: NDArray[np.str_]
    birth_year: NDArray[np.int64]
    phone: NDArray[np.str_]
    residence_type: NDArray[np.str_]
    key_population: NDArray[np.str_]
    housing_unit: NDArray[np.str_]


def housing_units(rng: np.random.Generator, b: Buildings, addr: Addresses, total: int) -> HousingUnits:
    """``total`` housing units: village houses, old low-rise houses and shops full, the rest spread over the
    flats of the multi-unit buildings in proportion to their capacity (or over everything if that cannot work)."""
    capacity = b.capacity
    if capacity.sum() < total:
        raise ValueError(f"buildings hold {capacity.sum()} housing units, {total} asked; lower --scale")
    units = np.where(b.multi, 0, capacity)
    multi = np.flatnonzero(b.multi)
    rest = total - int(units.sum())
    if len(multi) <= rest <= capacity[multi].sum():
        units[multi] = 1 + apportion(rest - len(multi), capacity[multi] - 1)
    else:
        users = np.flatnonzero(capacity > 0)
        units[users] = 1 + apportion(total - len(users), capacity[users] - 1)
    bi = np.repeat(np.arange(len(b)), units)
    k = np.arange(total) - np.repeat(np.cumsum(units) - units, units)
    slot = k * capacity[bi] // units[bi]
    multi = b.multi[bi]
    per_floor = np.maximum(b.per_floor[bi], 1)
    per_entrance = np.maximum(b.floors[bi] - b.first_floor[bi] + 1, 1) * per_floor
    entrance = np.where(multi, slot // per_entrance + 1, 0)
    floor = np.where(multi, (slot % per_entrance) // per_floor + b.first_floor[bi], 1)
    door = np.where(multi, slot % per_floor + 1, slot + 1)
    door_no = np.char.zfill(door.astype(str), 2)
    room = np.where(multi, np.char.add(floor.astype(str), door_no), door_no)
    code = np.char.add(
        np.char.add(b.code[bi], np.char.zfill(entrance.astype(str), 2)),
        np.char.add(np.char.zfill(floor.astype(str), 2), np.char.zfill(door.astype(str), 2)),
    )
    address = np.where(multi, np.char.add(b.code[bi], np.char.zfill(entrance.astype(str), 2)), addr.door[bi])
    footprint = b.fp.w[bi] * b.fp.d[bi]
    area = np.where(
        multi, 0.85 * footprint / (np.maximum(b.entrances[bi], 1) * per_floor),
        0.8 * footprint * b.floors[bi] / units[bi],
    )
    premises = b.premises[bi]
    rural = b.use[bi] == "rural_house"
    p_tenure = np.where(
        premises[:, None], [0.4, 0.5, 0.1], np.where(rural[:, None], [0.88, 0.04, 0.08], [0.7, 0.18, 0.12])
    )
    tenure = np.array(_TENURE)[(rng.random(total)[:, None] > np.cumsum(p_tenure, axis=1)).sum(axis=1)]
    return HousingUnits(
        code, bi, address, floor, room, np.round(area, 1), np.where(premises, "commercial", "residential"), tenure,
        rural,
    )


def _ages(rng: np.random.Generator, n: int) -> NDArray[np.int64]:
    ages = np.concatenate([np.arange(lo, hi + 1) for lo, hi, _ in _AGE_BANDS])
    weight = np.concatenate([np.full(hi - lo + 1, w) for lo, hi, w in _AGE_BANDS])
    return rng.choice(ages, n, p=weight / weight.sum())


def residents(rng: np.random.Generator, hu: HousingUnits, total: int) -> Residents:
    """``total`` residents in the occupied dwellings (households of 1-6, at least one person each)."""
    occupied = np.flatnonzero((hu.use == "residential") & (hu.tenure != "vacant"))
    if len(occupied) > total:
        raise ValueError(f"{len(occupied)} occupied dwellings but only {total} residents")
    rural = hu.rural[occupied]
    size = np.where(
        rural,
        rng.choice([1, 2, 3, 4, 5, 6], len(occupied), p=[0.12, 0.28, 0.22, 0.20, 0.12, 0.06]),
        rng.choice([1, 2, 3, 4, 5, 6], len(occupied), p=[0.20, 0.32, 0.24, 0.16, 0.06, 0.02]),
    )
    people = 1 + apportion(total - len(occupied), size - 1.0)
    unit = np.repeat(occupied, people)
    male = rng.random(total) < 0.51
    age = _ages(rng, total)
    days = (age * 365.25 + rng.uniform(0, 365, total)).astype(np.int64)
    born = np.datetime64(AS_OF.isoformat()) - days.astype("timedelta64[D]")
    day = born.astype("datetime64[D]").astype(str)
    ymd = np.char.replace(day, "-", "")
    rank = rank_within(np.char.add(ymd, np.where(male, "1", "0")), rng.random(total))
    if rank.max(initial=0) > 498:
        raise ValueError("too many residents born on one day to give distinct id numbers")
    seq = 2 * rank + np.where(male, 1, 2)
    first17 = np.char.add(np.char.add("140321", ymd), np.char.zfill(seq.astype(str), 3))
    rented = hu.tenure[unit] == "rented"
    draw = rng.random(total)
    residence = np.where(draw < np.where(rented, 0.40, 0.047), "floating", "registered")
    residence = np.where(rng.random(total) < 0.002, "overseas", residence)
    key = np.where((age >= 16) & (rng.random(total) < 0.01), np.array(KEY_POPULATION)[rng.integers(0, 6, total)], "")
    key = np.where((key == "重点青少年") & (age > 25), "刑满释放人员", key)
    phone = np.where((age >= 12) & (rng.random(total) < 0.92), phone_numbers(rng, total), "")
    return Residents(
        id_number=np.char.add(first17, id_check_chars(first17)),
        name=person_names(rng, male),
        gender=np.where(male, "M", "F"),
        birth_year=born.astype("datetime64[Y]").astype(np.int64) + 1970,
        phone=phone,
        residence_type=residence,
        key_population=key,
        housing_unit=hu.code[unit],
    )
