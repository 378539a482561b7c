"""The county outline (about 1,394 km²) and the built-up area of the county seat (15 km²).

Both are smooth irregular blobs: an ellipse in polar form whose radius is modulated by a few random harmonics,
built in the local metric frame (:mod:`seeds.frame`) and scaled until the geodesic area of its EPSG:4490 image
hits the published figure. The shapes depend on the seed; the areas do not.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from shapely.geometry import Polygon

from .frame import LocalFrame, geodesic_area_m2

COUNTY_AREA_M2 = 1_394e6
BUILT_UP_AREA_M2 = 15e6
COUNTY_CENTRE_M = (3_000.0, -500.0)
"""Centre of the county blob in the frame, metres east/north of the seat (the seat lies west of centre)."""


@dataclass(frozen=True)
class Blob:
    """A radial shape: an ellipse (semi-axes in metres, rotated ``angle`` radians from east) with harmonics."""

    centre: tuple[float, float]
    semi_major: float
    semi_minor: float
    angle: float
    amplitudes: tuple[float, ...]
    phases: tuple[float, ...]
    vertices: int = 720

    def polygon(self, scale: float = 1.0) -> Polygon:
        """The blob in frame metres, its radius multiplied by ``scale``."""
        theta = np.linspace(0.0, 2 * math.pi, self.vertices, endpoint=False)
        local = theta - self.angle
        a, b = self.semi_major, self.semi_minor
        radius = a * b / np.sqrt((b * np.cos(local)) ** 2 + (a * np.sin(local)) ** 2)
        wobble = np.ones_like(theta)
        for k, (amp, phase) in enumerate(zip(self.amplitudes, self.phases), start=2):
            wobble += amp * np.cos(k * theta + phase)
        r = scale * radius * wobble
        x = self.centre[0] + r * np.cos(theta)
        y = self.centre[1] + r * np.sin(theta)
        return Polygon(np.column_stack([x, y]))


def _random_blob(
    rng: np.random.Generator, *, centre: tuple[float, float], axes: tuple[float, float], angle: float,
    harmonics: int, strength: float,
) -> Blob:
    amplitudes = tuple(float(strength / k * rng.uniform(0.5, 1.0)) for k in range(2, 2 + harmonics))
    phases = tuple(float(p) for p in rng.uniform(0, 2 * math.pi, harmonics))
    return Blob(centre, axes[0], axes[1], angle, amplitudes, phases)


def fit_area(blob: Blob, frame: LocalFrame, target_m2: float, *, rtol: float = 1e-5) -> Polygon:
    """The blob scaled so that the geodesic area of its lon/lat image is ``target_m2`` (m², within ``rtol``)."""
    scale = 1.0
    for _ in range(8):
        shape = blob.polygon(scale)
        area = geodesic_area_m2(frame.geom_to_lonlat(shape))
        if abs(area / target_m2 - 1) < rtol:
            return shape
        scale *= math.sqrt(target_m2 / area)
    raise RuntimeError(f"blob area did not converge to {target_m2} m² (last {area} m²)")


def county_outline(rng: np.random.Generator, frame: LocalFrame) -> Polygon:
    """Pingding's synthetic outline in frame metres: about 60 km east-west by 35 km north-south, 1,394 km²."""
    blob = _random_blob(
        rng, centre=COUNTY_CENTRE_M, axes=(30_000.0, 17_500.0), angle=math.radians(8), harmonics=10, strength=0.16
    )
    return fit_area(blob, frame, COUNTY_AREA_M2)


def built_up_area(rng: np.random.Generator, frame: LocalFrame, street_angle: float) -> Polygon:
    """The built-up area of the seat in frame metres: 15 km², elongated along the main street direction."""
    blob = _random_blob(
        rng, centre=(float(rng.uniform(-300, 300)), float(rng.uniform(-200, 200))), axes=(2_700.0, 1_800.0),
        angle=street_angle, harmonics=5, strength=0.12,
    )
    return fit_area(blob, frame, BUILT_UP_AREA_M2)
