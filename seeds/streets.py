"""The synthetic street network of the seat's built-up area: two families of straight, jittered, named roads.

Coordinates: frame metres (:mod:`seeds.frame`) and the *street frame* (``u`` along the main street direction,
``v`` across it), a rotation by ``angle`` radians. Roads of family ``"v"`` keep ``v`` constant (they run along
``u``); family ``"u"`` keeps ``u`` constant. Blocks are the rectangles between consecutive roads of both families.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from .frame import Pair
from .names import road_names

MAIN_HALF_WIDTH_M = 15.0
MINOR_HALF_WIDTH_M = 9.0


@dataclass(frozen=True)
class Road:
    """One named road: ``family`` ``"u"`` (u = offset) or ``"v"`` (v = offset); ``line`` is clipped to the
    built-up area, in frame metres."""

    name: str
    family: str
    offset: float
    half_width: float
    line: BaseGeometry


@dataclass(frozen=True)
class Block:
    """The usable rectangle of one block in the street frame (metres, roads and kerbs excluded)."""

    u0: float
    u1: float
    v0: float
    v1: float
    roads: tuple[int, int, int, int]
    """Indices into ``StreetNet.roads`` of the west, east, south and north bounding roads."""

    @property
    def centre(self) -> tuple[float, float]:
        return (self.u0 + self.u1) / 2, (self.v0 + self.v1) / 2


@dataclass(frozen=True)
class StreetNet:
    """The roads and blocks of the built-up area."""

    angle: float
    roads: tuple[Road, ...]
    blocks: tuple[Block, ...]
    built_up: Polygon

    def to_frame(self, u: NDArray[np.float64], v: NDArray[np.float64]) -> Pair:
        """Street frame to frame metres."""
        c, s = np.cos(self.angle), np.sin(self.angle)
        return u * c - v * s, u * s + v * c

    def to_street(self, x: NDArray[np.float64], y: NDArray[np.float64]) -> Pair:
        """Frame metres to the street frame."""
        c, s = np.cos(self.angle), np.sin(self.angle)
        return x * c + y * s, -x * s + y * c


def _offsets(rng: np.random.Generator, lo: float, hi: float) -> NDArray[np.float64]:
    """Road positions from ``lo`` to ``hi`` (metres), 280-420 m apart, the outermost beyond both ends."""
    pos = [lo - rng.uniform(50, 250)]
    while pos[-1] < hi:
        pos.append(pos[-1] + rng.uniform(280, 420))
    return np.array(pos)


def street_net(rng: np.random.Generator, built_up: Polygon, angle: float) -> StreetNet:
    """Roads across the built-up area every 280-420 m in both directions, every third one a main road."""
    probe = StreetNet(angle, (), (), built_up)
    ring = np.asarray(built_up.exterior.coords)
    u, v = probe.to_street(ring[:, 0], ring[:, 1])
    u_pos, v_pos = _offsets(rng, u.min(), u.max()), _offsets(rng, v.min(), v.max())
    names = road_names(len(u_pos) + len(v_pos))
    order = rng.permutation(len(names))
    main_phase = int(rng.integers(0, 3))
    roads: list[Road] = []
    families = (("u", u_pos, (v.min() - 500, v.max() + 500)), ("v", v_pos, (u.min() - 500, u.max() + 500)))
    for family, positions, span in families:
        for k, offset in enumerate(positions):
            a, b = (offset, span[0]), (offset, span[1])
            if family == "v":
                a, b = (span[0], offset), (span[1], offset)
            xs, ys = probe.to_frame(np.array([a[0], b[0]]), np.array([a[1], b[1]]))
            line = shapely.intersection(LineString(np.column_stack([xs, ys])), built_up)
            half = MAIN_HALF_WIDTH_M if (k + main_phase) % 3 == 0 else MINOR_HALF_WIDTH_M
            roads.append(Road(names[order[len(roads)]], family, float(offset), half, line))
    n_u = len(u_pos)
    blocks = []
    for i in range(n_u - 1):
        for j in range(len(v_pos) - 1):
            west, east, south, north = i, i + 1, n_u + j, n_u + j + 1
            blocks.append(
                Block(
                    u_pos[i] + roads[west].half_width, u_pos[i + 1] - roads[east].half_width,
                    v_pos[j] + roads[south].half_width, v_pos[j + 1] - roads[north].half_width,
                    (west, east, south, north),
                )
            )
    return StreetNet(angle, tuple(roads), tuple(blocks), built_up)
