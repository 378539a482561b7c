"""The pre-reform division: the grids before the county's grid reform merged 574 of them into 452 (scaled like
every published count), deterministic from the seed, and the steps that lead from it to today's grids.

Built backwards from today's grids (EPSG:4490, :mod:`seeds.world`): some grids were merged from two or three old
ones, which are cut out of today's grid along chords between its own vertices (so the old pieces fit their
neighbours and each other exactly, with no new vertex on any edge); a few pairs of neighbouring grids of one
community were split from one old grid, their union. Every other grid is kept. Old grids that no longer exist
take sequences from ``OLD_SEQUENCE`` up in their community, so none collides with a code of today.
``python manage.py replay_redivision`` replays the steps with the re-division services (``layers.grids``).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon

from .counts import PUBLISHED
from .topology import merge
from .world import World

PRIOR_GRIDS = 574
"""Grids before the reform (the published figure; 452 after it)."""
OLD_SEQUENCE = 501
SPLIT_SHARE = 0.1
"""About one step in ten of the reform is a split (one old grid became two), the rest are merges."""


@dataclass(frozen=True)
class PriorGrid:
    """One grid of the pre-reform division: ``reform`` says what became of it (``kept``; ``merged`` into the one
    grid of ``successors``; ``split`` into the grids of ``successors``); ``source`` is the index of today's grid
    whose attributes (town, community, kind, staff) it takes."""

    code: str
    reform: str
    successors: tuple[str, ...]
    source: int
    geom: MultiPolygon


def prior_count(grids: int) -> int:
    """The number of pre-reform grids for a county of ``grids`` grids today (574 for 452)."""
    return round(grids * PRIOR_GRIDS / PUBLISHED["grids"])


def chord_pieces(geom: MultiPolygon) -> tuple[MultiPolygon, MultiPolygon] | None:
    """``geom`` cut in two along a chord between two vertices of its largest part's outer ring, the chord as near
    to halving the area as any; the other parts stay with the first piece. ``None`` when no chord lies inside."""
    parts = sorted(geom.geoms, key=lambda p: -p.area)
    largest = parts[0]
    if largest.interiors:
        return None
    ring = list(largest.exterior.coords)[:-1]
    n = len(ring)
    best, best_gap = None, None
    for i, j in _chords(n):
        first = Polygon(ring[i:j + 1])
        second = Polygon(ring[j:] + ring[:i + 1])
        if not (first.is_valid and second.is_valid) or first.area <= 0 or second.area <= 0:
            continue
        if abs(first.area + second.area - largest.area) > 1e-9 * largest.area:
            continue
        gap = abs(first.area - second.area)
        if best_gap is None or gap < best_gap:
            best, best_gap = (first, second), gap
    if best is None:
        return None
    return MultiPolygon([best[0], *parts[1:]]), MultiPolygon([best[1]])


CHORDS_TRIED = 48
"""Chords tried per grid: spread around the ring, each towards the vertex about opposite (a long ring of a big
village grid has hundreds of vertices; trying every pair cost most of the test seed's time)."""


def _chords(n: int) -> list[tuple[int, int]]:
    """Vertex index pairs ``i < j`` that are not neighbours on a ring of ``n`` vertices, about opposite first."""
    step = max(1, n // CHORDS_TRIED)
    found = set()
    for i in range(0, n, step):
        for offset in (n // 2, n // 2 - 1, n // 2 + 1, n // 3, 2 * n // 3):
            a, b = sorted((i, (i + offset) % n))
            if b - a >= 2 and not (a == 0 and b == n - 1):
                found.add((a, b))
    return sorted(found)


def _neighbour_pairs(world: World) -> list[tuple[int, int]]:
    """Pairs of grids of one community that share a stretch of boundary."""
    by_community = defaultdict(list)
    for i, community in enumerate(world.grid_community):
        by_community[int(community)].append(i)
    pairs = []
    for members in by_community.values():
        for k, a in enumerate(members):
            for b in members[k + 1:]:
                shared = shapely.intersection(world.grid_ll[a].boundary, world.grid_ll[b].boundary)
                if shared.length > 0:
                    pairs.append((a, b))
    return pairs


def prior_division(world: World) -> list[PriorGrid]:
    """The pre-reform grids of ``world`` (``prior_count`` of them), in code order."""
    rng = world.rng("reform")
    codes = [str(code) for code in world.grid_codes]
    extra = prior_count(len(codes)) - len(codes)
    splits = max(1, round(extra * SPLIT_SHARE)) if extra > 0 else 0
    pairs = _neighbour_pairs(world)
    chosen_pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for k in rng.permutation(len(pairs)):
        a, b = pairs[k]
        if len(chosen_pairs) < splits and a not in used and b not in used:
            chosen_pairs.append((a, b))
            used |= {a, b}
    pieces_left = extra + len(chosen_pairs)
    merged: dict[int, list[MultiPolygon]] = {}
    for i in rng.permutation(len(codes)):
        if pieces_left <= 0:
            break
        if i in used:
            continue
        pieces = [world.grid_ll[i]]
        for _ in range(min(pieces_left, 2 if rng.random() < 0.25 else 1)):
            cut = chord_pieces(pieces[0])
            if cut is None:
                break
            pieces = [*cut, *pieces[1:]]
        if len(pieces) > 1:
            merged[int(i)] = sorted(pieces, key=lambda p: (-p.centroid.y, p.centroid.x))
            pieces_left -= len(pieces) - 1
    if pieces_left > 0:
        raise ValueError(f"seed {world.seed}: {pieces_left} pre-reform grids could not be cut out of today's")
    return _coded(world, codes, chosen_pairs, merged)


def _coded(world: World, codes: list[str], pairs: list[tuple[int, int]],
           merged: dict[int, list[MultiPolygon]]) -> list[PriorGrid]:
    next_old: dict[str, int] = defaultdict(lambda: OLD_SEQUENCE)

    def old_code(i: int) -> str:
        community = world.grids[i].community_code
        sequence = next_old[community]
        next_old[community] += 1
        return f"{community}{sequence:03d}"

    in_pairs = {i for pair in pairs for i in pair}
    result = []
    for i, code in enumerate(codes):
        if i in merged:
            result += [PriorGrid(old_code(i), "merged", (code,), i, piece) for piece in merged[i]]
        elif i not in in_pairs:
            result.append(PriorGrid(code, "kept", (code,), i, world.grid_ll[i]))
    for a, b in pairs:
        union = merge(np.array([world.grid_ll[a], world.grid_ll[b]], dtype=object))
        result.append(PriorGrid(old_code(a), "split", (codes[a], codes[b]), a, union))
    return sorted(result, key=lambda grid: grid.code)
