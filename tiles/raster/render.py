"""The cartography of the standard map: colours of the terrain, water, built-up area, roads and boundaries.

Works on numpy arrays only: heights in metres, hillshade in [0, 1] and the coverage (0..1, anti-aliased) of
each overlay, all on the same pixel grid (rows north to south). The result is RGBA, band first, uint8, alpha 0
outside the county.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Coverage = NDArray[np.float32]
RGB = tuple[int, int, int]

ELEVATION_RAMP: tuple[tuple[float, RGB], ...] = (
    (400.0, (196, 218, 170)),
    (700.0, (222, 228, 182)),
    (1_000.0, (232, 218, 180)),
    (1_300.0, (214, 194, 160)),
    (1_650.0, (236, 230, 224)),
)
"""Hypsometric tints: metres above sea level to light, print-friendly colours."""

BUILT_UP: RGB = (238, 226, 216)
WATER: RGB = (122, 178, 226)
STREET: RGB = (255, 255, 255)
MAIN_STREET: RGB = (252, 232, 176)
TRUNK_CASING: RGB = (196, 130, 70)
TRUNK_FILL: RGB = (250, 200, 110)
TOWN_LINE: RGB = (128, 104, 164)
COUNTY_LINE: RGB = (150, 60, 140)


@dataclass(frozen=True)
class Layers:
    """The coverage (0..1) of each overlay to paint, each the shape of the height grid."""

    county: Coverage
    built_up: Coverage
    water: Coverage
    streets: Coverage
    main_streets: Coverage
    trunk_casing: Coverage
    trunk_fill: Coverage
    town_lines: Coverage
    county_line: Coverage


def _ramp(dem: NDArray[np.float32]) -> NDArray[np.float32]:
    """Hypsometric colours (3 x rows x cols) of ``dem``, looked up by whole metres."""
    stops = np.array([s for s, _ in ELEVATION_RAMP], dtype=np.float32)
    colours = np.array([c for _, c in ELEVATION_RAMP], dtype=np.float32)
    low, high = int(stops[0]), int(stops[-1])
    metres = np.arange(low, high + 1, dtype=np.float32)
    table = np.stack([np.interp(metres, stops, colours[:, k]) for k in range(3)]).astype(np.float32)
    index = np.clip(np.rint(dem), low, high).astype(np.int32) - low
    return table[:, index]


def _paint(rgb: NDArray[np.float32], cover: Coverage, colour: RGB, opacity: float = 1.0) -> None:
    """Blend ``colour`` over ``rgb`` (3 x rows x cols) in place, in proportion to ``cover`` x ``opacity``."""
    rows = np.nonzero(cover.any(axis=1))[0]
    if rows.size == 0:
        return
    part = slice(rows[0], rows[-1] + 1)
    weight = cover[part] * np.float32(opacity)
    for k in range(3):
        rgb[k, part] += (np.float32(colour[k]) - rgb[k, part]) * weight


def compose(dem: NDArray[np.float32], shade: NDArray[np.float32], layers: Layers) -> NDArray[np.uint8]:
    """The RGBA image (4 x rows x cols, uint8): tinted, shaded terrain under the overlays; alpha is the
    coverage of the county and its outline (255 inside, 0 outside, anti-aliased between). Colours are kept
    outside the county (under alpha 0) so that averaged overviews do not darken at the edge."""
    rgb = _ramp(dem) * (0.5 + 0.62 * shade)[None, :, :]
    _paint(rgb, layers.built_up, BUILT_UP, 0.8)
    _paint(rgb, layers.water, WATER)
    _paint(rgb, layers.streets, STREET)
    _paint(rgb, layers.trunk_casing, TRUNK_CASING)
    _paint(rgb, layers.trunk_fill, TRUNK_FILL)
    _paint(rgb, layers.main_streets, MAIN_STREET)
    _paint(rgb, layers.town_lines, TOWN_LINE, 0.85)
    _paint(rgb, layers.county_line, COUNTY_LINE)
    alpha = np.rint(np.maximum(layers.county, layers.county_line) * 255).astype(np.uint8)
    return np.concatenate([np.clip(rgb, 0, 255).astype(np.uint8), alpha[None]])
