"""Building footprints: rotated rectangles on lots, urban ones along the street blocks, rural ones around village
centres. Each is kept only if it lies inside exactly one grid (decided on the stored EPSG:4490 polygon).

Centres, sizes and axes are in frame metres / radians from east (:mod:`seeds.frame`); ``geom`` is EPSG:4490.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import shapely
from numpy.typing import NDArray

from .frame import LocalFrame
from .locate import GridLocator
from .streets import StreetNet

LOT_SPECS: dict[str, tuple[float, float, tuple[float, float], tuple[float, float]]] = {
    "old": (18.0, 18.0, (8.0, 13.0), (8.0, 12.0)),
    "residential": (42.0, 34.0, (24.0, 36.0), (11.0, 16.0)),
    "mixed": (36.0, 28.0, (18.0, 30.0), (12.0, 18.0)),
    "commercial": (34.0, 30.0, (14.0, 28.0), (12.0, 24.0)),
    "public": (48.0, 44.0, (20.0, 40.0), (16.0, 36.0)),
    "industrial": (50.0, 46.0, (24.0, 40.0), (18.0, 40.0)),
}
"""Urban lot kinds: lot size along / across the street axis, building length and depth ranges (metres)."""
ZONES: tuple[tuple[float, dict[str, float]], ...] = (
    (0.35, {"old": 0.3, "commercial": 0.3, "mixed": 0.25, "public": 0.15}),
    (0.8, {"residential": 0.6, "old": 0.1, "commercial": 0.1, "public": 0.1, "mixed": 0.1}),
    (np.inf, {"residential": 0.4, "industrial": 0.35, "public": 0.1, "commercial": 0.15}),
)
"""Block use by distance from the centre of the built-up area, relative to its equivalent radius."""
RURAL_LOT_M = 24.0


@dataclass
class Footprints:
    """Rectangular footprints: centre, axis, length ``w`` along the axis and depth ``d`` (metres), lot ``kind``,
    street block (urban, else -1), village community index (rural, else -1), grid index, EPSG:4490 polygon."""

    cx: NDArray[np.float64]
    cy: NDArray[np.float64]
    angle: NDArray[np.float64]
    w: NDArray[np.float64]
    d: NDArray[np.float64]
    kind: NDArray[np.str_]
    block: NDArray[np.int64]
    village: NDArray[np.int64]
    grid: NDArray[np.int64]
    geom: NDArray[np.object_]

    def __len__(self) -> int:
        return len(self.cx)

    def take(self, idx: NDArray[np.int64]) -> Footprints:
        return Footprints(*(getattr(self, f.name)[idx] for f in fields(self)))

    @staticmethod
    def concat(parts: list[Footprints]) -> Footprints:
        return Footprints(*(np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(Footprints)))


def rectangles(
    frame: LocalFrame, cx: NDArray, cy: NDArray, angle: NDArray, w: NDArray, d: NDArray
) -> NDArray[np.object_]:
    """EPSG:4490 polygons of rectangles given in frame metres (counter-clockwise, closed)."""
    lx = np.array([-0.5, 0.5, 0.5, -0.5, -0.5])[None, :] * w[:, None]
    ly = np.array([-0.5, -0.5, 0.5, 0.5, -0.5])[None, :] * d[:, None]
    c, s = np.cos(angle)[:, None], np.sin(angle)[:, None]
    lon, lat = frame.to_lonlat(cx[:, None] + lx * c - ly * s, cy[:, None] + lx * s + ly * c)
    return shapely.polygons(np.stack([lon, lat], axis=-1))


def _urban_lots(rng: np.random.Generator, net: StreetNet) -> tuple[NDArray, NDArray, NDArray, NDArray]:
    """Lot centres (street frame), lot kind and block index of every lot of every block."""
    centre = net.built_up.centroid
    radius = (net.built_up.area / np.pi) ** 0.5
    us, vs, kinds, blocks = [], [], [], []
    for b, block in enumerate(net.blocks):
        x, y = net.to_frame(np.array(block.centre[0]), np.array(block.centre[1]))
        rel = float(np.hypot(x - centre.x, y - centre.y)) / radius
        mix = next(m for limit, m in ZONES if rel < limit)
        kind = str(rng.choice(list(mix), p=list(mix.values())))
        lot_u, lot_v, _, _ = LOT_SPECS[kind]
        span_u, span_v = block.u1 - block.u0 - 4, block.v1 - block.v0 - 4
        nu, nv = int(span_u // lot_u), int(span_v // lot_v)
        if nu < 1 or nv < 1:
            continue
        u = block.u0 + 2 + (span_u - nu * lot_u) / 2 + lot_u * (np.arange(nu) + 0.5)
        v = block.v0 + 2 + (span_v - nv * lot_v) / 2 + lot_v * (np.arange(nv) + 0.5)
        uu, vv = np.meshgrid(u, v)
        us.append(uu.ravel())
        vs.append(vv.ravel())
        kinds.append(np.full(uu.size, kind))
        blocks.append(np.full(uu.size, b))
    return np.concatenate(us), np.concatenate(vs), np.concatenate(kinds), np.concatenate(blocks)


def urban(
    rng: np.random.Generator, net: StreetNet, frame: LocalFrame, locator: GridLocator,
    built_up_ll: shapely.Geometry, n: int,
) -> Footprints:
    """``n`` footprints on the street blocks, inside the built-up area, each within one grid."""
    u, v, kind, block = _urban_lots(rng, net)
    cx, cy = net.to_frame(u, v)
    lo_w = np.array([LOT_SPECS[k][2][0] for k in kind])
    hi_w = np.array([LOT_SPECS[k][2][1] for k in kind])
    lo_d = np.array([LOT_SPECS[k][3][0] for k in kind])
    hi_d = np.array([LOT_SPECS[k][3][1] for k in kind])
    w, d = rng.uniform(lo_w, hi_w), rng.uniform(lo_d, hi_d)
    angle = net.angle + rng.normal(0, 0.012, len(u))
    geom = rectangles(frame, cx, cy, angle, w, d)
    shapely.prepare(built_up_ll)
    grid = locator.footprints(geom)
    ok = np.flatnonzero(shapely.contains(built_up_ll, geom) & (grid >= 0))
    if len(ok) < n:
        raise ValueError(f"the built-up area has room for {len(ok)} buildings, {n} asked; lower --scale")
    pick = np.sort(rng.choice(ok, n, replace=False))
    none = np.full(len(u), -1)
    return Footprints(cx, cy, angle, w, d, kind, block, none, grid, geom).take(pick)


def rural(
    rng: np.random.Generator, frame: LocalFrame, locator: GridLocator, seats: NDArray[np.float64],
    per_village: NDArray[np.int64], grid_village: NDArray[np.int64], built_up_ll: shapely.Geometry,
) -> Footprints:
    """Village houses: ``per_village[i]`` footprints clustered around ``seats[i]`` (frame metres), each within one
    grid of village ``i`` (``grid_village`` maps grid index to village index) and outside the built-up area."""
    parts: list[Footprints] = []
    for i, ((sx, sy), n) in enumerate(zip(seats, per_village)):
        n = int(n)
        m = 6 * n + 60
        half = int(np.ceil((m / np.pi) ** 0.5)) + 1
        gx, gy = np.meshgrid(np.arange(-half, half + 1), np.arange(-half, half + 1))
        inside = gx**2 + gy**2 <= half**2
        lx, ly = gx[inside] * RURAL_LOT_M, gy[inside] * RURAL_LOT_M
        turn = rng.uniform(0, np.pi / 2)
        cx = sx + lx * np.cos(turn) - ly * np.sin(turn)
        cy = sy + lx * np.sin(turn) + ly * np.cos(turn)
        k = len(cx)
        w, d = rng.uniform(10, 18, k), rng.uniform(8, 13, k)
        angle = turn + rng.normal(0, 0.05, k)
        geom = rectangles(frame, cx, cy, angle, w, d)
        grid = locator.footprints(geom)
        ok = (grid >= 0) & ~shapely.intersects(built_up_ll, geom)
        ok &= np.where(grid >= 0, grid_village[grid], -1) == i
        score = np.hypot(lx, ly) + rng.uniform(0, 2.5 * RURAL_LOT_M, k)
        order = np.flatnonzero(ok)[np.argsort(score[ok], kind="stable")]
        if len(order) < n:
            raise ValueError(f"village {i} has room for {len(order)} houses, {n} asked; lower --scale")
        pick = np.sort(order[:n])
        parts.append(
            Footprints(
                cx, cy, angle, w, d, np.full(k, "rural"), np.full(k, -1), np.full(k, i), grid, geom
            ).take(pick)
        )
    return Footprints.concat(parts)
