"""The synthetic line work of the standard map: river, reservoir, trunk roads, streets and admin boundaries.

Roads exist in no layer yet, so they are made up here, deterministically from the seed: trunk roads join the
town centres (a minimum spanning tree plus a spoke from every town to the county seat; they stop at the edge of
the built-up area, where the streets take over) and follow the river
valley. The built-up area's streets are those read from the addresses (:mod:`.streets`), or, without addresses,
a slightly rotated grid. Every geometry is shapely, EPSG:3857 metres.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import LineString, MultiLineString, Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import substring

from .sources import CountyFeatures
from .terrain import Landscape

STREET_SPACING_M = 200.0
"""Ground distance between the streets of the built-up area, metres; every 4th street is a main street."""
VALLEY_ROAD_OFFSET_M = 650.0
"""Ground distance of the valley trunk road north of the river, metres."""
RESERVOIR_AXES_M = (1_800.0, 420.0)
"""Ground half-length and half-width of the reservoir, metres."""


@dataclass(frozen=True)
class Overlays:
    """Line and area work drawn over the hillshade, EPSG:3857 metres."""

    river: BaseGeometry
    reservoir: BaseGeometry
    trunk_roads: BaseGeometry
    streets: BaseGeometry
    main_streets: BaseGeometry
    town_lines: BaseGeometry
    county_line: BaseGeometry


def _river(landscape: Landscape, step: float) -> LineString:
    minx, _, maxx, _ = landscape.extent
    pad = 0.1 * (maxx - minx)
    xs = np.arange(minx - pad, maxx + pad + step, step)
    return LineString(np.column_stack([xs, landscape.river_y(xs)]))


def _reservoir(landscape: Landscape) -> BaseGeometry:
    minx, _, maxx, _ = landscape.extent
    x0 = minx + 0.22 * (maxx - minx)
    dx = 0.01 * (maxx - minx)
    ys = landscape.river_y(np.array([x0 - dx, x0, x0 + dx]))
    angle = math.degrees(math.atan2(ys[2] - ys[0], 2 * dx))
    half_length, half_width = (a / landscape.ground_scale for a in RESERVOIR_AXES_M)
    ellipse = affinity.scale(Point(x0, ys[1]).buffer(1.0, quad_segs=32), half_length, half_width)
    return affinity.rotate(ellipse, angle)


def _spanning_edges(points: list[Point]) -> list[tuple[int, int]]:
    """Edges of the Euclidean minimum spanning tree of ``points`` (Prim's algorithm; a dozen points)."""
    if len(points) < 2:
        return []
    inside, edges = {0}, []
    while len(inside) < len(points):
        i, j = min(
            ((a, b) for a in inside for b in range(len(points)) if b not in inside),
            key=lambda e: points[e[0]].distance(points[e[1]]),
        )
        edges.append((i, j))
        inside.add(j)
    return edges


def _winding(a: Point, b: Point, rng: np.random.Generator, scale: float) -> LineString:
    """A road from ``a`` to ``b`` that winds sideways by a few per cent of its length, ends fixed."""
    length = a.distance(b)
    n = max(2, int(length * scale / 1_500.0))
    t = np.linspace(0.0, 1.0, n + 1)
    offsets = rng.normal(0.0, 0.035 * length, n + 1) * np.sin(math.pi * t)
    nx, ny = -(b.y - a.y) / length, (b.x - a.x) / length
    xs = a.x + t * (b.x - a.x) + offsets * nx
    ys = a.y + t * (b.y - a.y) + offsets * ny
    return LineString(np.column_stack([xs, ys]))


def _trunk_roads(features: CountyFeatures, landscape: Landscape, river: LineString) -> BaseGeometry:
    hub = features.built_up.centroid
    centres = [hub] + [t.centre for t in features.towns if t.centre.distance(hub) > 1.0]
    edges = set(_spanning_edges(centres)) | {(0, k) for k in range(1, len(centres))}
    rng = np.random.default_rng([landscape.seed, 3])
    roads = [_winding(centres[i], centres[j], rng, landscape.ground_scale) for i, j in sorted(edges)]
    valley = affinity.translate(river, yoff=VALLEY_ROAD_OFFSET_M / landscape.ground_scale)
    roads.append(valley.intersection(features.county.buffer(2_000.0)))
    return shapely.unary_union(roads).difference(features.built_up)


def _street_grid(features: CountyFeatures, landscape: Landscape) -> tuple[BaseGeometry, BaseGeometry]:
    """(streets, main streets) of the built-up area: those read from the addresses, else a made-up grid."""
    if features.streets:
        return (
            shapely.unary_union([s.line for s in features.streets if not s.main]),
            shapely.unary_union([s.line for s in features.streets if s.main]),
        )
    area = features.built_up
    centre = area.centroid
    spacing = STREET_SPACING_M / landscape.ground_scale
    half = math.hypot(area.bounds[2] - area.bounds[0], area.bounds[3] - area.bounds[1])
    offsets = np.arange(-half, half + spacing, spacing)
    angle = float(np.random.default_rng([landscape.seed, 5]).uniform(-15.0, 15.0))
    streets, main = [], []
    for k, d in enumerate(offsets):
        for line in (
            LineString([(centre.x - half, centre.y + d), (centre.x + half, centre.y + d)]),
            LineString([(centre.x + d, centre.y - half), (centre.x + d, centre.y + half)]),
        ):
            (main if k % 4 == 0 else streets).append(affinity.rotate(line, angle, origin=centre))
    return (
        MultiLineString(streets).intersection(area),
        MultiLineString(main).intersection(area),
    )


def dashed(lines: BaseGeometry, *, dash: float, gap: float) -> BaseGeometry:
    """``lines`` cut into dashes of length ``dash`` separated by ``gap`` (EPSG:3857 metres)."""
    pieces = []
    for line in getattr(lines, "geoms", [lines]):
        if line.geom_type != "LineString" or line.is_empty:
            continue
        start = 0.0
        while start < line.length:
            pieces.append(substring(line, start, min(start + dash, line.length)))
            start += dash + gap
    return MultiLineString([p for p in pieces if p.geom_type == "LineString"])


def synthetic_overlays(features: CountyFeatures, landscape: Landscape, *, resolution: float) -> Overlays:
    """The overlays of the county for a raster of ``resolution`` EPSG:3857 metres a pixel."""
    river = _river(landscape, step=max(resolution, 50.0))
    streets, main_streets = _street_grid(features, landscape)
    county_line = features.county.boundary
    town_lines = shapely.unary_union([t.area.boundary for t in features.towns])
    if not town_lines.is_empty:
        town_lines = shapely.line_merge(town_lines.difference(county_line.buffer(3 * resolution)))
    return Overlays(
        river=river,
        reservoir=_reservoir(landscape),
        trunk_roads=_trunk_roads(features, landscape, river),
        streets=streets,
        main_streets=main_streets,
        town_lines=dashed(town_lines, dash=8 * resolution, gap=5 * resolution),
        county_line=county_line,
    )
