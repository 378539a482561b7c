"""Bulk operations of the snapping service.

``resnap_layers`` (a service: it writes) re-assigns ``grid_code`` of whole layers after grids are re-divided,
one UPDATE statement per layer, all layers in one transaction. ``bulk_nearest_addresses`` (a selector) answers
the nearest standard address of up to thousands of points with one statement.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from django.db import connection, transaction
from numpy.typing import ArrayLike

from accounts.principal import ANONYMOUS, Principal
from layers.errors import InvalidParameter
from layers.history.context import history_context
from layers.registry import UnknownLayer, get_layer, snapped_layers
from spatial.crs import CrsInfo

from .points import to_storage, to_storage_many, try_storage
from .sql import render
from .sql_bulk import NotSnappable, grid_column, sql_bulk_nearest, sql_resnap

NO_JIT = "SET LOCAL jit = off"
"""JIT compilation never pays off on the bulk statements: the planner overestimates the rare branch of the re-snap
statement (cost ~600,000 for ~100 ms of work) and the 10,000 laterals of a bulk nearest, and compiling took
0.5 to 1.2 s on the seeded county, more than the statements themselves. Set per transaction only."""
SNAPPED_LAYERS: tuple[str, ...] = snapped_layers()
"""Every layer with a ``grid_code`` column (from the registry), in the order they are re-snapped."""


@dataclass(frozen=True)
class Move:
    """One feature that changed grid: its natural key (``code``, or ``credit_code`` for organisations)."""

    code: str
    old_grid: str | None
    new_grid: str


@dataclass(frozen=True)
class ResnapReport:
    """What re-snapping one layer did: rows examined, the moves (ordered by key), and the statement's time."""

    layer: str
    examined: int
    moves: tuple[Move, ...]
    seconds: float

    @property
    def moved(self) -> int:
        return len(self.moves)


def _check_layers(layers: Sequence[str]) -> list[str]:
    checked = []
    for layer_id in layers:
        try:
            grid_column(get_layer(layer_id))
        except (UnknownLayer, NotSnappable):
            raise InvalidParameter(
                f"Layer {layer_id!r} cannot be re-snapped; choose from: {', '.join(SNAPPED_LAYERS)}.", parameter="layer"
            ) from None
        if layer_id not in checked:
            checked.append(layer_id)
    return checked


def resnap_layers(
    *, layers: Sequence[str] = SNAPPED_LAYERS, dry_run: bool = False, principal: Principal = ANONYMOUS,
    actor_name: str | None = None, on_layer: Callable[[ResnapReport], None] | None = None,
) -> dict[str, ResnapReport]:
    """Re-assign ``grid_code`` of every feature of ``layers`` by the boundary rule, one UPDATE per layer.

    A feature's snap point is its geometry for point layers, else ``ST_PointOnSurface`` of it; its grid is the
    smallest code among the grids whose geometry covers that point. A feature no grid covers keeps its grid.
    All layers run in one transaction, recorded in the history with the path ``resnap``; with ``dry_run`` the same statements run and the transaction is rolled
    back, so the reports say exactly what would move and nothing changes. ``principal`` and ``actor_name`` are who
    the history names; ``on_layer`` is called with each layer's report as it is done (a progress bar).
    """
    reports: dict[str, ResnapReport] = {}
    with transaction.atomic(), history_context(principal=principal, path="resnap", actor_name=actor_name):
        with connection.cursor() as cursor:
            cursor.execute(NO_JIT)
            for layer_id in _check_layers(layers):
                layer = get_layer(layer_id)
                started = time.perf_counter()
                cursor.execute(render(sql_resnap(layer), cursor, ("resnap", layer.id)))
                rows = cursor.fetchall()
                seconds = time.perf_counter() - started
                moves = tuple(Move(key, old, new) for _, key, old, new in rows if key is not None)
                reports[layer_id] = ResnapReport(layer=layer_id, examined=rows[0][0], moves=moves, seconds=seconds)
                if on_layer is not None:
                    on_layer(reports[layer_id])
        if dry_run:
            transaction.set_rollback(True)
    return reports


def resnap_within(cursor, *, area: bytes, codes: Sequence[str]) -> dict[str, ResnapReport]:
    """Re-snap, in the caller's transaction (and its history context), the features of every snapped layer that a
    re-division of ``area`` (EWKB, EPSG:4490: the grids' old and new extent) can move: those of the grids
    ``codes`` (retired or new) and those whose snap point lies in the area. The same boundary rule as
    :func:`resnap_layers`, one UPDATE per layer."""
    reports: dict[str, ResnapReport] = {}
    cursor.execute(NO_JIT)
    for layer_id in SNAPPED_LAYERS:
        layer = get_layer(layer_id)
        started = time.perf_counter()
        cursor.execute(render(sql_resnap(layer, within=True), cursor, ("resnap-within", layer.id)),
                       {"area": area, "codes": list(codes)})
        rows = cursor.fetchall()
        moves = tuple(Move(key, old, new) for _, key, old, new in rows if key is not None)
        reports[layer_id] = ResnapReport(layer=layer_id, examined=rows[0][0], moves=moves,
                                         seconds=time.perf_counter() - started)
    return reports


def _point_error(i: int, x: float, y: float, crs: CrsInfo) -> InvalidParameter:
    """The 400 naming ``points[i]``, with the reason :func:`to_storage` gives for that one pair."""
    try:
        to_storage(x, y, crs=crs)
        reason = "it cannot be transformed"
    except InvalidParameter as error:
        reason = error.description
    return InvalidParameter(f"points[{i}] = [{x!r}, {y!r}] is not a position in {crs.key}: {reason}", parameter=f"points[{i}]")


def _storage_arrays(points: ArrayLike, crs: CrsInfo) -> tuple[list[float], list[float]]:
    """``points`` (n pairs, x = longitude or easting) in ``crs`` to CGCS2000 lon and lat lists; a 400 naming
    ``points[i]`` for the first pair that is not finite, out of range or not transformable."""
    try:
        array = np.asarray(points, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidParameter("points must be pairs of numbers [lon, lat].", parameter="points") from None
    if array.size == 0:
        return [], []
    if array.ndim != 2 or array.shape[1] != 2:
        raise InvalidParameter(f"points must be n pairs [lon, lat], got an array of shape {array.shape}.", parameter="points")
    bad = ~np.isfinite(array).all(axis=1)
    if crs.is_geographic:
        bad |= (np.abs(array[:, 0]) > 180.0) | (np.abs(array[:, 1]) > 90.0)
    if bad.any():
        i = int(np.argmax(bad))
        raise _point_error(i, float(array[i, 0]), float(array[i, 1]), crs)
    try:
        lons, lats = to_storage_many(array[:, 0], array[:, 1], crs=crs)
    except InvalidParameter:
        for i, (x, y) in enumerate(array.tolist()):
            if try_storage(x, y, crs=crs) is None:
                raise _point_error(i, x, y, crs) from None
        raise
    return lons.tolist(), lats.tolist()


def bulk_nearest_addresses(*, points: ArrayLike, crs: CrsInfo) -> list[tuple[str | None, float | None]]:
    """The nearest standard address of each point, in input order: ``(address code, distance_m)``.

    ``points``: a list of (x, y) pairs or an (n, 2) array in ``crs`` (x = longitude or easting). ONE statement:
    the points are bound as two float8 arrays, unnested, and each is answered by a KNN lateral on the GiST index
    with the exact spheroid re-check, so the answer is the metric nearest (ties by code), the same as
    ``reverse_point`` gives. ``(None, None)`` for every point when there are no addresses.
    """
    lons, lats = _storage_arrays(points, crs)
    if not lons:
        return []
    params = {"lons": float_array(lons), "lats": float_array(lats)}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(NO_JIT)
        cursor.execute(render(sql_bulk_nearest(), cursor, ("bulk_nearest",)), params)
        return [(code, distance) for code, distance in cursor.fetchall()]


def float_array(values: list[float]) -> str:
    """A PostgreSQL array literal ``{x,y,...}`` of ``values``, bound as ONE text parameter and cast to float8[].

    ``repr`` of a float round-trips exactly. psycopg2 would send a Python list as ``ARRAY[x, y, ...]``, which
    PostgreSQL parses as 10,000 separate constants: 40+ ms of planning against well under 1 ms for the literal.
    """
    return "{" + ",".join(map(repr, values)) + "}"
