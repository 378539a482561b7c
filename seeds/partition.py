"""Small deterministic building blocks: per-phase random streams, apportionment, seeding points, Voronoi cells.

All geometry here is in frame metres (:mod:`seeds.frame`).
"""
from __future__ import annotations

import zlib

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry


def phase_rng(seed: int, phase: str) -> np.random.Generator:
    """An independent random stream for one phase of the generator, so phases do not shift each other."""
    return np.random.default_rng([seed, zlib.crc32(phase.encode())])


def apportion(
    total: int, weights: NDArray[np.float64], minimum: int | NDArray[np.int64] = 0
) -> NDArray[np.int64]:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder) on top of ``minimum``
    (a number or one per part). Deterministic: ties go to the lower index. Raises ValueError if the minimums
    alone exceed ``total``.
    """
    w = np.asarray(weights, dtype=np.float64)
    base = np.broadcast_to(np.asarray(minimum, dtype=np.int64), w.shape).copy()
    rest = total - int(base.sum())
    if rest < 0:
        raise ValueError(f"the minimums of {len(w)} parts add up to more than {total}")
    if rest == 0 or len(w) == 0:
        return base
    if w.sum() <= 0:
        w = np.ones_like(w)
    share = rest * w / w.sum()
    floor = np.floor(share).astype(np.int64)
    left = rest - int(floor.sum())
    order = np.lexsort((np.arange(len(w)), -(share - floor)))
    floor[order[:left]] += 1
    return base + floor


def points_in(
    rng: np.random.Generator, region: BaseGeometry, n: int, min_dist: float, *, fixed: NDArray[np.float64] | None = None
) -> NDArray[np.float64]:
    """``n`` random points (n x 2, metres) inside ``region``, greedily kept ``min_dist`` apart from each other
    and from the ``fixed`` points; the spacing is relaxed by 20 % whenever a batch of candidates runs dry."""
    minx, miny, maxx, maxy = region.bounds
    shapely.prepare(region)
    kept: list[tuple[float, float]] = [] if fixed is None else [tuple(p) for p in fixed]
    start = len(kept)
    while len(kept) - start < n:
        cand = rng.uniform((minx, miny), (maxx, maxy), size=(max(64, 8 * n), 2))
        cand = cand[shapely.contains_xy(region, cand[:, 0], cand[:, 1])]
        for x, y in cand:
            if len(kept) - start == n:
                break
            if all((x - kx) ** 2 + (y - ky) ** 2 >= min_dist**2 for kx, ky in kept):
                kept.append((float(x), float(y)))
        min_dist *= 0.8
    return np.array(kept[start:], dtype=np.float64).reshape(-1, 2)


def polygonal(geom: BaseGeometry) -> MultiPolygon:
    """The polygonal part of an overlay result as a MultiPolygon (lines and points of a collection dropped)."""
    parts = [g for g in shapely.get_parts(geom) if isinstance(g, Polygon) and not g.is_empty]
    nested = [p for g in shapely.get_parts(geom) if isinstance(g, MultiPolygon) for p in g.geoms]
    return MultiPolygon(parts + nested)


def voronoi_cells(points: NDArray[np.float64], clip: BaseGeometry) -> list[MultiPolygon]:
    """The Voronoi cell of each point (same order) intersected with ``clip``; together they partition ``clip``."""
    if len(points) == 1:
        return [polygonal(clip)]
    sites = shapely.multipoints(points)
    cells = shapely.get_parts(shapely.voronoi_polygons(sites, extend_to=clip, ordered=True))
    if len(cells) != len(points):
        raise ValueError(f"Voronoi gave {len(cells)} cells for {len(points)} sites (duplicate sites?)")
    return [polygonal(c) for c in shapely.intersection(cells, clip)]


def rank_within(group: NDArray, order: NDArray | None = None) -> NDArray[np.int64]:
    """The 0-based rank of each element inside its ``group``, by ``order`` (ties and no order: by position)."""
    n = len(group)
    keys: tuple[NDArray, ...] = (np.arange(n),) if order is None else (np.arange(n), order)
    idx = np.lexsort(keys + (group,))
    g = group[idx]
    start = np.r_[True, g[1:] != g[:-1]] if n else np.zeros(0, dtype=bool)
    first = np.maximum.accumulate(np.where(start, np.arange(n), 0))
    ranks = np.empty(n, dtype=np.int64)
    ranks[idx] = np.arange(n) - first
    return ranks
