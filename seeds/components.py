"""City components (城市部件, CJ/T 214) along the street network of the built-up area.

Counts per minor class are apportioned exactly from the catalogue weights. Carriageway classes (manhole covers)
sit on the road, kerb classes (lamps, trees, bins, signs) 1-4 m beyond the kerb, block classes (toilets,
transformers, green plots) inside blocks off the roads. Guardrails and medians are 20-60 m lines along the road;
green plots and flower beds are rectangles. Sampling is done in frame metres; containment in the built-up area
and the grid are decided on the stored EPSG:4490 geometry (the grid of a line or polygon is the grid of its
anchor point: a line's middle vertex, which is its ST_PointOnSurface). Code = 140321 + class (4) + serial within the class (6), serials numbered by grid and position.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import shapely
from numpy.typing import NDArray

from .catalogue import CATEGORIES, SUPERVISORS, Category
from .counts import AS_OF
from .footprints import rectangles
from .partition import apportion, rank_within
from .world import World

STATES = ("intact", "damaged", "missing", "occupied")
STATE_WEIGHTS = (0.93, 0.04, 0.01, 0.02)


@dataclass
class Components:
    """Component rows in code order; ``lon``/``lat`` is the anchor point (the point itself for points)."""

    code: NDArray[np.str_]
    category: NDArray[np.str_]
    name: NDArray[np.str_]
    supervising: NDArray[np.str_]
    owner: NDArray[np.str_]
    maintainer: NDArray[np.str_]
    grid: NDArray[np.int64]
    state: NDArray[np.str_]
    installed_on: NDArray[np.str_]
    surveyed_on: NDArray[np.str_]
    geom: NDArray[np.object_]
    lon: NDArray[np.float64]
    lat: NDArray[np.float64]
    is_point: NDArray[np.bool_]


def street_points(
    rng: np.random.Generator, world: World, n: int, carriageway: bool
) -> tuple[NDArray, NDArray, NDArray]:
    """``n`` points (frame metres) on a road or beyond its kerb, and the direction angle of their road."""
    net = world.net
    lines = np.array([r.line for r in net.roads], dtype=object)
    length = shapely.length(lines)
    road = rng.choice(len(lines), n, p=length / length.sum())
    pts = shapely.line_interpolate_point(lines[road], rng.uniform(0, length[road]))
    half = np.array([r.half_width for r in net.roads])[road]
    if carriageway:
        off = rng.uniform(-0.8, 0.8, n) * half
    else:
        off = rng.choice([-1.0, 1.0], n) * (half + rng.uniform(1, 4, n))
    is_u = np.array([r.family == "u" for r in net.roads])[road]
    nx = np.where(is_u, np.cos(net.angle), -np.sin(net.angle))
    ny = np.where(is_u, np.sin(net.angle), np.cos(net.angle))
    heading = net.angle + np.where(is_u, np.pi / 2, 0.0)
    return shapely.get_x(pts) + off * nx, shapely.get_y(pts) + off * ny, heading


def _in_blocks(rng: np.random.Generator, world: World, n: int, margin: float) -> tuple[NDArray, NDArray, NDArray]:
    """``n`` points (frame metres) in the built-up bounding box at least ``margin`` metres off every road."""
    net = world.net
    minx, miny, maxx, maxy = net.built_up.bounds
    x, y = rng.uniform(minx, maxx, n), rng.uniform(miny, maxy, n)
    u, v = net.to_street(x, y)
    clear = np.full(n, np.inf)
    for family, coord in (("u", u), ("v", v)):
        roads = [r for r in net.roads if r.family == family]
        offsets = np.array([r.offset for r in roads])
        half = np.array([r.half_width for r in roads])
        clear = np.minimum(clear, (np.abs(coord[:, None] - offsets[None, :]) - half[None, :]).min(axis=1))
    keep = clear > margin
    return x[keep], y[keep], np.full(int(keep.sum()), net.angle)


def _category(
    rng: np.random.Generator, world: World, cat: Category, n: int
) -> tuple[NDArray, NDArray, NDArray, NDArray]:
    """``n`` geometries (EPSG:4490) of one class with their anchor lon/lat and grid index."""
    frame, built_up = world.frame, world.built_up_ll
    shapely.prepare(built_up)
    geoms, lons, lats, grids = [], [], [], []
    got = 0
    while got < n:
        batch = int(1.5 * (n - got)) + 20
        if cat.placement == "block":
            x, y, heading = _in_blocks(rng, world, batch, 6.0 if cat.geometry == "point" else 30.0)
        else:
            x, y, heading = street_points(rng, world, batch, cat.placement == "road")
        lon, lat = frame.to_lonlat(x, y)
        if cat.geometry == "line":
            half = rng.uniform(10, 30, len(x))
            ends = [frame.to_lonlat(x + s * half * np.cos(heading), y + s * half * np.sin(heading)) for s in (-1, 1)]
            # The anchor is the middle vertex, so ST_PointOnSurface (the re-snapping rule) returns the anchor.
            mid = np.column_stack([lon, lat])
            geom = shapely.linestrings(np.stack([np.column_stack(ends[0]), mid, np.column_stack(ends[1])], axis=1))
        elif cat.geometry == "polygon":
            lo, hi = (10.0, 40.0) if cat.placement == "block" else (2.0, 6.0)
            w, d = rng.uniform(lo, hi, len(x)), rng.uniform(lo * 0.7, hi * 0.7, len(x))
            geom = rectangles(frame, x, y, heading, w, d)
        else:
            geom = shapely.points(np.column_stack([lon, lat]))
        grid = world.locator.points(lon, lat)
        ok = np.flatnonzero((grid >= 0) & shapely.contains(built_up, geom))[: n - got]
        geoms.append(geom[ok])
        lons.append(lon[ok])
        lats.append(lat[ok])
        grids.append(grid[ok])
        got += len(ok)
    return np.concatenate(geoms), np.concatenate(lons), np.concatenate(lats), np.concatenate(grids)


def _dates(rng: np.random.Generator, start: date, end: date, n: int) -> NDArray[np.datetime64]:
    lo, hi = np.datetime64(start.isoformat()), np.datetime64(end.isoformat())
    return lo + rng.integers(0, int((hi - lo).astype(int)) + 1, n).astype("timedelta64[D]")


def components(rng: np.random.Generator, world: World, total: int) -> Components:
    """``total`` components over the CJ/T 214 catalogue, inside the built-up area."""
    per_class = apportion(total, np.array([c.weight for c in CATEGORIES]))
    parts = [(cat, _category(rng, world, cat, int(k))) for cat, k in zip(CATEGORIES, per_class) if k > 0]
    cat_idx = np.concatenate([np.full(len(g[0]), CATEGORIES.index(cat)) for cat, g in parts])
    geom, lon, lat, grid = (np.concatenate([g[i] for _, g in parts]) for i in range(4))
    order = np.lexsort((lon, -lat, world.grid_codes[grid], cat_idx))
    cat_idx, geom, lon, lat, grid = cat_idx[order], geom[order], lon[order], lat[order], grid[order]
    serial = rank_within(cat_idx) + 1
    cats = [CATEGORIES[i] for i in cat_idx]
    klass = np.array([c.code for c in CATEGORIES])[cat_idx]
    n = len(cat_idx)
    installed = _dates(rng, date(1995, 1, 1), date(AS_OF.year - 1, AS_OF.month, AS_OF.day), n)
    surveyed = _dates(rng, date(2024, 3, 1), AS_OF, n)
    return Components(
        code=np.char.add(np.char.add("140321", klass), np.char.zfill(serial.astype(str), 6)),
        category=klass,
        name=np.char.add(np.char.add(np.array([c.name for c in CATEGORIES])[cat_idx], serial.astype(str)), "号"),
        supervising=np.array([SUPERVISORS[c.major] for c in cats]),
        owner=np.array([c.owner for c in cats]),
        maintainer=np.array([c.maintainer or c.owner for c in cats]),
        grid=grid,
        state=np.array(STATES)[rng.choice(len(STATES), n, p=STATE_WEIGHTS)],
        installed_on=installed.astype(str),
        surveyed_on=np.maximum(surveyed, installed).astype(str),
        geom=geom,
        lon=lon,
        lat=lat,
        is_point=np.array([c.geometry == "point" for c in cats]),
    )
