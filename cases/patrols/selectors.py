"""Reading patrols: coverage per grid and day, and a day's tracks as GeoJSON, each one SQL statement."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction

from accounts.principal import Principal
from layers.access import layer_view
from layers.registry import get_layer

from . import conf
from .sql import statement

CHUNK_ROWS = 200
"""Tracks per chunk of the streamed collection (a track is a few kB to a few hundred)."""
READ_ROLES = frozenset({"grid_member", "gis_editor", "leader", "admin", "department"})
"""Who reads tracks (personal location data); a grid member reads only the tracks touching its grids."""


@dataclass(frozen=True)
class GridCoverage:
    """One grid on one day: road length (m), the part within the buffer of the day's tracks (m), the tracks touching
    it, those started before and after noon. Patrolled twice (两巡): a morning and an afternoon track."""

    code: str
    name: str
    town: str
    road_m: float
    covered_m: float
    tracks: int
    morning: int
    afternoon: int

    @property
    def coverage(self) -> float | None:
        return min(1.0, self.covered_m / self.road_m) if self.road_m > 0 else None

    @property
    def twice(self) -> bool:
        return self.morning > 0 and self.afternoon > 0


def grid_coverage(*, day: date, grid: str | None = None, town: str | None = None) -> list[GridCoverage]:
    """Coverage of every grid (or of ``grid``, or of the grids of ``town``) on local day ``day``."""
    params = {"day": day, "grid": grid, "town": town, "buffer_m": conf.buffer_m(), "noon": conf.noon()}
    with connection.cursor() as cursor:
        cursor.execute(statement("coverage"), params)
        return [GridCoverage(code, name, town_code, float(road), float(covered), tracks, morning, afternoon)
                for code, name, town_code, road, covered, tracks, morning, afternoon in cursor.fetchall()]


def may_read_tracks(principal: Principal) -> bool:
    return bool(principal.roles & READ_ROLES)


def may_name_members(principal: Principal) -> bool:
    """Whether ``principal`` reads the grid staff's personal fields (the grids layer's restricted ones)."""
    view = layer_view(get_layer("grids"), principal)
    return bool(view.restricted) and set(view.restricted) <= set(view.fields)


def day_tracks_geojson(*, day: date, grid: str | None, principal: Principal) -> Iterator[bytes]:
    """The tracks of local day ``day`` (touching ``grid`` when given) that ``principal`` may read, as the chunks of a
    GeoJSON FeatureCollection, read from a server-side cursor :data:`CHUNK_ROWS` features at a time. A reader holding
    only the grid member role sees the tracks touching its grids."""
    scoped = principal.roles <= {"grid_member"}
    params = {"day": day, "grid": grid, "names": may_name_members(principal), "caller": principal.user_id or 0,
              "scope": sorted(principal.grids) if scoped else None}
    yield b'{"type": "FeatureCollection", "features": ['
    # In a transaction: a server-side cursor without WITH HOLD, which also works behind a transaction pooler.
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(statement("tracks"), params)
        first = True
        while rows := cursor.fetchmany(CHUNK_ROWS):
            text = ",".join(row[0] for row in rows)
            yield (text if first else "," + text).encode()
            first = False
    yield b"]}"
