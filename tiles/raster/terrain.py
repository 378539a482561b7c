"""The synthetic terrain of the standard map: a Taihang-slope DEM and its hillshade; numpy only, deterministic.

The county is modelled in its own unit box: ``u`` runs 0 (west) to 1 (east) and ``v`` 0 (south) to 1 (north)
across the county's EPSG:3857 extent. The land is high and rough in the west and north (the Taihang slopes, up
to about 1,600 m) and falls to the east, where the Mian river leaves the county near 娘子关 at about 400 m.
The fractal relief is synthesised once per county box and seed on a fixed lattice and sampled from it, so a
place has the same height whatever the extent or resolution of the raster that samples it. Heights are metres above sea level.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from tiles.grid import BBox, mercator_to_lonlat

from .layout import RasterGrid, ground_scale

F32 = NDArray[np.float32]

MIN_ELEVATION_M = 380.0
MAX_ELEVATION_M = 1650.0
NOISE_SPACING_M = 30.0
"""Ground spacing of the lattice the fractal relief is synthesised on, metres (finer detail is interpolated)."""
NOISE_MAX_CELLS = 4096
"""Largest side of that lattice, cells: a larger extent gets a coarser spacing."""
NOISE_MARGIN = 0.15
"""Share of the county's width and height by which the relief lattice extends beyond it on each side."""


@dataclass(frozen=True)
class Landscape:
    """The frame the synthetic terrain is drawn in: the county's extent (EPSG:3857 metres) and the seed."""

    extent: BBox
    seed: int

    @property
    def ground_scale(self) -> float:
        """Ground metres per EPSG:3857 metre at the county's centre latitude."""
        lat = mercator_to_lonlat(0.0, (self.extent[1] + self.extent[3]) / 2)[1]
        return ground_scale(lat)

    def _phases(self) -> NDArray[np.float64]:
        return np.random.default_rng([self.seed, 7]).uniform(0.0, 1.0, size=2)

    def u(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """West-east position in the county box (0 west .. 1 east) of eastings ``x`` (EPSG:3857 metres)."""
        return (x - self.extent[0]) / (self.extent[2] - self.extent[0])

    def v(self, y: NDArray[np.float64]) -> NDArray[np.float64]:
        """South-north position in the county box (0 south .. 1 north) of northings ``y`` (EPSG:3857 metres)."""
        return (y - self.extent[1]) / (self.extent[3] - self.extent[1])

    @cached_property
    def _relief_fields(self) -> tuple[F32, tuple[float, float], float]:
        """The relief lattice over the county box plus :data:`NOISE_MARGIN`: field, origin, spacing (EPSG:3857)."""
        minx, miny, maxx, maxy = self.extent
        mx, my = (maxx - minx) * NOISE_MARGIN, (maxy - miny) * NOISE_MARGIN
        width, height = maxx - minx + 2 * mx, maxy - miny + 2 * my
        spacing = max(NOISE_SPACING_M / self.ground_scale, max(width, height) / NOISE_MAX_CELLS)
        shape = (int(math.ceil(height / spacing)) + 2, int(math.ceil(width / spacing)) + 2)
        rolling, ridges = _spectral_field(shape, spacing * self.ground_scale, np.random.default_rng([self.seed, 1]))
        return rolling + ridges, (minx - mx, maxy + my), spacing

    def relief(self, xs: NDArray[np.float64], ys: NDArray[np.float64]) -> F32:
        """Fractal relief (unitless, standard deviation about 1.4) at columns ``xs`` x rows ``ys``
        (EPSG:3857 metres); the same place gets the same value whatever grid samples it."""
        field, origin, spacing = self._relief_fields
        return _sample(field, origin, spacing, xs, ys)

    def river_y(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """Northing (EPSG:3857 metres) of the river's centreline at eastings ``x``: it enters mid-west,
        meanders east and leaves in the north-east (娘子关)."""
        p1, p2 = self._phases()
        u = np.clip(self.u(x), -0.2, 1.2)
        v = (
            0.42
            + 0.33 * np.clip(u, 0.0, None) ** 1.6
            + 0.035 * np.sin(2 * math.pi * (3.1 * u + p1))
            + 0.018 * np.sin(2 * math.pi * (7.3 * u + p2))
        )
        return self.extent[1] + v * (self.extent[3] - self.extent[1])

    def river_elevation(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """Height of the river bed (metres) at eastings ``x``: about 720 m in the west, 400 m at the east edge."""
        return 720.0 - 320.0 * np.clip(self.u(x), 0.0, 1.0)


def _spectral_field(shape: tuple[int, int], spacing_m: float, rng: np.random.Generator) -> tuple[F32, F32]:
    """Two fractal fields of unit standard deviation on a lattice of ``spacing_m`` ground metres.

    Spectral synthesis: white noise filtered in the Fourier domain. The first field (amplitude ~ f**-2,
    wavelengths up to 40 km) is the rolling relief; the second, a band of 400 m to 15 km folded into ridges
    (``1 - |n|`` with a rounded crease), gives the sharp crests and valleys of the Taihang slopes.
    """
    white = np.fft.rfft2(rng.standard_normal(shape).astype(np.float32))
    fy = np.fft.fftfreq(shape[0], d=spacing_m)[:, None]
    fx = np.fft.rfftfreq(shape[1], d=spacing_m)[None, :]
    f = np.sqrt(fx * fx + fy * fy)
    f[0, 0] = 1.0
    rolling = np.where(f < 1 / 40_000, 0.0, f**-2.0)
    band = np.where((f < 1 / 15_000) | (f > 1 / 400), 0.0, f**-1.8) * np.exp(1.3j)
    fields = []
    for amplitude in (rolling, band):
        field = np.fft.irfft2(white * amplitude, s=shape).astype(np.float32)
        fields.append(field / max(float(field.std()), 1e-6))
    ridges = 1.0 - np.sqrt(fields[1] ** 2 + 0.04)
    return fields[0], (ridges - ridges.mean()).astype(np.float32)


def _sample(field: F32, origin: tuple[float, float], spacing: float, xs: NDArray[np.float64],
            ys: NDArray[np.float64]) -> F32:
    """Bilinear samples of ``field`` (rows north to south from ``origin`` = (minx, maxy), ``spacing`` EPSG:3857
    metres a cell) at the grid of ``xs`` (columns) x ``ys`` (rows); positions beyond the field take its edge."""
    def axis(coords: NDArray[np.float64], size: int) -> tuple[NDArray[np.int64], F32]:
        g = np.clip(coords / spacing, 0.0, size - 1.000001)
        i0 = np.floor(g).astype(np.int64)
        return i0, (g - i0).astype(np.float32)

    ci, fx = axis(xs - origin[0], field.shape[1])
    rj, fy = axis(origin[1] - ys, field.shape[0])
    rows = field[rj] * (1.0 - fy)[:, None] + field[rj + 1] * fy[:, None]
    return rows[:, ci] * (1.0 - fx) + rows[:, ci + 1] * fx


def pixel_centres(grid: RasterGrid) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """EPSG:3857 eastings of the column centres and northings of the row centres of ``grid``, metres."""
    xs = grid.minx + (np.arange(grid.width, dtype=np.float64) + 0.5) * grid.resolution
    ys = grid.maxy - (np.arange(grid.height, dtype=np.float64) + 0.5) * grid.resolution
    return xs, ys


def synthetic_dem(grid: RasterGrid, landscape: Landscape) -> F32:
    """Heights in metres (380..1,650) on ``grid``: the regional trend, ridged fractal relief and the river valley."""
    xs, ys = pixel_centres(grid)
    u = landscape.u(xs).astype(np.float32)[None, :]
    v = landscape.v(ys).astype(np.float32)[:, None]
    west = np.clip(1.0 - u, 0.0, 1.2)
    north = np.clip(v, -0.2, 1.2)
    trend = 450.0 + 640.0 * west**1.15 + 200.0 * north * (1.0 - 0.6 * np.clip(u, 0.0, 1.0))
    roughness = 55.0 + 165.0 * west * (0.6 + 0.4 * north)

    relief = landscape.relief(xs, ys)
    scale = landscape.ground_scale
    dem = trend + roughness * relief

    river_y = landscape.river_y(xs)[None, :]
    distance_m = np.abs(ys[:, None] - river_y).astype(np.float32) * scale
    half_width_m = (900.0 + 1600.0 * np.clip(u, 0.0, 1.0)).astype(np.float32)
    valley = np.exp(-((distance_m / half_width_m) ** 2))
    bed = landscape.river_elevation(xs).astype(np.float32)[None, :]
    dem = bed + (dem - bed) * (1.0 - 0.92 * valley)
    return _soft_clip(dem, MIN_ELEVATION_M, MAX_ELEVATION_M, knee=150.0)


def _soft_clip(values: F32, low: float, high: float, *, knee: float) -> F32:
    """``values`` squeezed into ``low``..``high`` with rounded ``knee``-wide shoulders instead of flat cuts."""
    top, bottom = high - knee, low + knee
    out = np.where(values > top, top + knee * np.tanh((values - top) / knee), values)
    out = np.where(out < bottom, bottom - knee * np.tanh((bottom - out) / knee), out)
    return out.astype(np.float32)


def hillshade(dem: F32, *, ground_resolution_m: float, azimuth_deg: float = 315.0, altitude_deg: float = 45.0,
              z_factor: float = 2.0) -> F32:
    """Lambertian hillshade in [0, 1] of ``dem`` (metres, rows north to south, square pixels of
    ``ground_resolution_m`` metres), lit from ``azimuth_deg`` (clockwise from north) and ``altitude_deg``."""
    d_row, d_col = np.gradient(dem * np.float32(z_factor), ground_resolution_m)
    dz_de, dz_dn = d_col, -d_row
    az, alt = math.radians(azimuth_deg), math.radians(altitude_deg)
    light = (math.sin(az) * math.cos(alt), math.cos(az) * math.cos(alt), math.sin(alt))
    norm = np.sqrt(dz_de * dz_de + dz_dn * dz_dn + 1.0)
    shade = (-dz_de * light[0] - dz_dn * light[1] + light[2]) / norm
    return np.clip(shade, 0.0, 1.0).astype(np.float32)
