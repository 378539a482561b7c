"""The streets of the built-up area, read back from the standard addresses (roads are no layer of their own).

A door address names its road and carries a number that is odd on one side of the road and even on the other.
So the addresses of one road form a band along it with the road between its odd and its even half. The streets
are taken to be straight and to run in two perpendicular directions, as the county seat's grid does:

1. the grid's orientation is the mean direction of the elongated address bands (angles folded modulo 90°);
2. each road runs along the longer axis of its band in that grid; its position across is halfway between the
   inner edges of its odd and even halves (the median of the band when one half is missing);
3. each street crosses the whole built-up area; the third of the streets with most addresses are main streets.

Pure numpy and shapely on EPSG:3857 metres (x = easting, y = northing).
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry

MIN_ADDRESSES = 8
"""Fewest addresses a road needs to be drawn."""
MIN_ELONGATION = 3.0
"""Ratio of the long to the short spread of an address band for it to count towards the grid's orientation."""


@dataclass(frozen=True)
class Street:
    """A street of the built-up area: its road name, its line (EPSG:3857) and whether it is a main street."""

    name: str
    line: BaseGeometry
    main: bool


def _bands(points: list[tuple[str, str, float, float]]) -> dict[str, tuple[NDArray[np.float64], NDArray[np.int64]]]:
    """Per road with at least :data:`MIN_ADDRESSES` addresses: their (x, y) and their numbers (-1 if not one)."""
    grouped: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for road, number, x, y in points:
        grouped[road].append((x, y, int(number) if number.isdigit() else -1))
    return {
        road: (np.array([(x, y) for x, y, _ in rows]), np.array([n for _, _, n in rows]))
        for road, rows in grouped.items()
        if len(rows) >= MIN_ADDRESSES
    }


def grid_angle(bands: list[NDArray[np.float64]]) -> float | None:
    """Orientation of the street grid in radians (0..π/2) from the address bands' principal axes, or ``None``."""
    total = 0j
    for xy in bands:
        _, spread, axes = np.linalg.svd(xy - xy.mean(axis=0), full_matrices=False)
        if spread[1] > 0 and spread[0] / spread[1] < MIN_ELONGATION:
            continue
        total += len(xy) * np.exp(4j * math.atan2(axes[0][1], axes[0][0]))
    if abs(total) == 0:
        return None
    return (np.angle(total) / 4) % (math.pi / 2)


def _across_position(across: NDArray[np.float64], numbers: NDArray[np.int64]) -> float:
    """Where the road lies across its band: between the inner edges of its odd- and even-numbered halves."""
    odd, even = across[(numbers >= 0) & (numbers % 2 == 1)], across[(numbers >= 0) & (numbers % 2 == 0)]
    if len(odd) < 3 or len(even) < 3:
        return float(np.median(across))
    low, high = (odd, even) if np.median(odd) < np.median(even) else (even, odd)
    return float((np.percentile(low, 90) + np.percentile(high, 10)) / 2)


def infer_streets(built_up: BaseGeometry, points: list[tuple[str, str, float, float]]) -> tuple[Street, ...]:
    """The streets of ``built_up`` from address ``points`` (road name, number, x, y in EPSG:3857 metres)."""
    bands = _bands(points)
    angle = grid_angle([xy for xy, _ in bands.values()]) if len(bands) >= 2 else None
    if angle is None:
        return ()
    c, s = math.cos(angle), math.sin(angle)
    minx, miny, maxx, maxy = built_up.bounds
    reach = math.hypot(maxx - minx, maxy - miny)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    ranked = sorted(bands, key=lambda road: -len(bands[road][0]))
    streets = []
    for rank, road in enumerate(ranked):
        xy, numbers = bands[road]
        u = (xy[:, 0] - cx) * c + (xy[:, 1] - cy) * s
        v = -(xy[:, 0] - cx) * s + (xy[:, 1] - cy) * c
        if u.std() >= v.std():  # runs along u at a fixed v
            offset = _across_position(v, numbers)
            ends = [(-reach, offset), (reach, offset)]
        else:
            offset = _across_position(u, numbers)
            ends = [(offset, -reach), (offset, reach)]
        line = LineString([(cx + a * c - b * s, cy + a * s + b * c) for a, b in ends]).intersection(built_up)
        if not line.is_empty:
            streets.append(Street(name=road, line=line, main=rank < len(ranked) / 3))
    return tuple(streets)
