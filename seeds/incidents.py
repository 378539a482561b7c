"""Historical incidents (事件) of the two years before ``AS_OF``, routed as CJ/T 214 says: a component problem
to the component's owner, an event to its territory ("网格 <grid code>").

Event points lie along the streets of the built-up area or around village houses; their grid is decided on the
stored EPSG:4490 point. Times are Asia/Shanghai (+08:00). Code = 140321 + report date (8) + serial of the day (5).
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

import numpy as np
from numpy.typing import NDArray

from .buildings import Buildings
from .catalogue import CATEGORIES, EVENT_CLASSES
from .components import Components, street_points
from .counts import AS_OF
from .names import person_names, phone_numbers
from .partition import rank_within
from .world import World

STATUSES = ("closed", "resolved", "dispatched", "accepted", "reported")
STATUS_WEIGHTS = (0.70, 0.10, 0.08, 0.06, 0.06)
SOURCES = ("grid_member", "public_app", "hotline_12345", "officer", "case_system")
SOURCE_WEIGHTS = (0.45, 0.20, 0.15, 0.12, 0.08)
MAJOR_WEIGHTS = {"01": 0.30, "02": 0.15, "03": 0.10, "04": 0.30, "05": 0.15}
_PROBLEMS = {"井盖": ("破损", "丢失", "移位", "下陷"), "箅子": ("破损", "丢失", "堵塞"), "灯": ("不亮", "破损", "倾斜")}
_OTHER_PROBLEMS = ("破损", "污损", "倾斜", "被占用")


def _problem(rng: np.random.Generator, category_name: str) -> str:
    """A plausible complaint about a component of this class (路灯 → 不亮, 井盖 → 丢失, ...)."""
    choices = next((p for key, p in _PROBLEMS.items() if key in category_name), _OTHER_PROBLEMS)
    return str(choices[rng.integers(0, len(choices))])


@dataclass
class Incidents:
    code: NDArray[np.str_]
    event_class: NDArray[np.object_]
    component: NDArray[np.object_]
    status: NDArray[np.str_]
    source: NDArray[np.str_]
    description: NDArray[np.str_]
    reporter: NDArray[np.str_]
    reporter_phone: NDArray[np.str_]
    grid: NDArray[np.int64]
    routed_to: NDArray[np.str_]
    reported_at: NDArray[np.str_]
    accepted_at: NDArray[np.object_]
    closed_at: NDArray[np.object_]
    lon: NDArray[np.float64]
    lat: NDArray[np.float64]


def concatenated(parts: list[Incidents]) -> Incidents:
    """The incidents of ``parts``, one after the other."""
    return Incidents(**{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(Incidents)})


def _event_points(rng: np.random.Generator, world: World, b: Buildings, n: int) -> tuple[NDArray, NDArray, NDArray]:
    """``n`` event points (lon/lat) with their grid: 80 % on the seat's streets, 20 % around village houses."""
    lons, lats, grids, got = [], [], [], 0
    rural = np.flatnonzero(b.use == "rural_house")
    while got < n:
        batch = int(1.3 * (n - got)) + 10
        x, y, _ = street_points(rng, world, batch, carriageway=False)
        pick = rng.choice(rural, batch) if len(rural) else rng.integers(0, len(b), batch)
        village = rng.random(batch) < 0.2
        x = np.where(village, b.fp.cx[pick] + rng.normal(0, 25, batch), x)
        y = np.where(village, b.fp.cy[pick] + rng.normal(0, 25, batch), y)
        lon, lat = world.frame.to_lonlat(x, y)
        grid = world.locator.points(lon, lat)
        ok = np.flatnonzero(grid >= 0)[: n - got]
        lons.append(lon[ok])
        lats.append(lat[ok])
        grids.append(grid[ok])
        got += len(ok)
    return np.concatenate(lons), np.concatenate(lats), np.concatenate(grids)


def _stamp(t: NDArray[np.datetime64]) -> NDArray[np.str_]:
    return np.char.add(np.char.replace(t.astype("datetime64[s]").astype(str), "T", " "), "+08:00")


def incidents(rng: np.random.Generator, world: World, b: Buildings, comp: Components, total: int, *,
              end: date = AS_OF, days: int = 730) -> Incidents:
    """``total`` incidents reported in the ``days`` days before ``end``: 40 % problems of point components, 60 %
    events of the CJ/T 214 event classes."""
    points = np.flatnonzero(comp.is_point)
    n_comp = min(round(0.4 * total), len(points))
    n_event = total - n_comp
    which = rng.choice(points, n_comp, replace=False) if n_comp else np.zeros(0, dtype=np.int64)
    e_lon, e_lat, e_grid = _event_points(rng, world, b, n_event)
    weights = np.array([MAJOR_WEIGHTS[c.major] for c in EVENT_CLASSES])
    weights /= np.array([sum(1 for d in EVENT_CLASSES if d.major == c.major) for c in EVENT_CLASSES])
    klass = rng.choice(len(EVENT_CLASSES), n_event, p=weights / weights.sum())

    cat_name = {c.code: c.name for c in CATEGORIES}
    class_names = np.array([c.name for c in EVENT_CLASSES])
    class_codes = np.array([c.code for c in EVENT_CLASSES], dtype=object)
    grid = np.concatenate([comp.grid[which], e_grid])
    grid_names = np.array([g.name for g in world.grids])
    description = np.concatenate([
        np.array([cat_name[c] + _problem(rng, cat_name[c]) for c in comp.category[which]], dtype=str),
        np.char.add(np.char.add(grid_names[e_grid], "内发现"), class_names[klass]),
    ])
    n = total
    start = np.datetime64(end.isoformat(), "s") - np.timedelta64(days, "D")
    day = rng.integers(0, days, n).astype("timedelta64[D]")
    second = (rng.normal(13.5, 3.5, n).clip(6, 22.9) * 3600).astype(np.int64).astype("timedelta64[s]")
    reported = start + day + second
    status = np.array(STATUSES)[rng.choice(len(STATUSES), n, p=STATUS_WEIGHTS)]
    source = np.array(SOURCES)[rng.choice(len(SOURCES), n, p=SOURCE_WEIGHTS)]
    accepted = reported + (rng.uniform(5, 240, n) * 60).astype(np.int64).astype("timedelta64[s]")
    closed = accepted + (rng.uniform(1, 120, n) * 3600).astype(np.int64).astype("timedelta64[s]")

    members = np.array([g.member for g in world.grids])[grid]
    member_phones = np.array([g.phone for g in world.grids])[grid]
    names = person_names(rng, rng.random(n) < 0.5)
    phones = phone_numbers(rng, n)
    reporter = np.select([source == "grid_member", source == "case_system"], [members, ""], default=names)
    reporter_phone = np.select(
        [source == "grid_member", np.isin(source, ["public_app", "hotline_12345"])], [member_phones, phones], default=""
    )
    routed = np.concatenate([comp.owner[which], np.char.add("网格 ", world.grid_codes[e_grid])])

    order = np.argsort(reported, kind="stable")
    ymd = np.char.replace(reported.astype("datetime64[D]").astype(str), "-", "")
    serial = rank_within(ymd, reported.astype(np.int64)) + 1
    code = np.char.add(np.char.add("140321", ymd), np.char.zfill(serial.astype(str), 5))
    event_class = np.concatenate([np.full(n_comp, None, dtype=object), class_codes[klass]])
    component = np.concatenate([comp.code[which].astype(object), np.full(n_event, None, dtype=object)])
    return Incidents(
        code=code[order], event_class=event_class[order], component=component[order], status=status[order],
        source=source[order], description=description[order], reporter=reporter[order],
        reporter_phone=reporter_phone[order], grid=grid[order], routed_to=routed[order],
        reported_at=_stamp(reported)[order],
        accepted_at=np.where(status == "reported", None, _stamp(accepted).astype(object))[order],
        closed_at=np.where(status == "closed", _stamp(closed).astype(object), None)[order],
        lon=np.concatenate([comp.lon[which], e_lon])[order], lat=np.concatenate([comp.lat[which], e_lat])[order],
    )
