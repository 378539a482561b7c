"""Patrol roads and a week of patrol tracks for every grid, written in SQL after the layers.

Roads: the seat's streets (:mod:`seeds.streets`), and in every grid no street crosses, two lanes (east-west and
north-south through a point inside the grid) standing in for its village roads. Tracks (no owner account;
``member_name`` is the grid's member): for the :data:`DAYS` days ending :data:`LAST_DAY`, a morning patrol (from
08:00) and, on most days, an afternoon one (from 14:30), each following a share of the grid's road pieces (its first
always) at :data:`WALK_MS` (faster when that would take longer than :data:`LONGEST_S`), 50 m between points. Every
choice comes from md5 of the seed, grid, day and slot, so the same seed gives the same tracks.
"""
from __future__ import annotations

import time
from datetime import date, timedelta

import numpy as np
import shapely
from cases.patrols.coverage import fill_params
from cases.patrols.models import Coverage, GridRoads, Road, Track
from cases.patrols.sql import statement
from layers.models import Grid

DAYS = 7
LAST_DAY = date(2023, 5, 31)
WALK_MS = 1.4
LONGEST_S = 5400
"""A patrol lasts at most 90 minutes: a long rural one goes faster than walking (by e-bike)."""
AFTERNOON_SHARE = 0.85
"""Share of grid-days with an afternoon patrol too (the others were patrolled once)."""


def road_rows(roads, frame) -> tuple[list[str], list[bytes]]:
    """Names and WKB (EPSG:4490 lon/lat) of the seat's streets (``streets.Road`` lines in frame metres)."""
    kept = [road for road in roads if not road.line.is_empty]
    lines = frame.geom_to_lonlat(np.array([road.line for road in kept], dtype=object))
    return [road.name for road in kept], [bytes(wkb) for wkb in shapely.to_wkb(lines)]


def _tables() -> dict[str, str]:
    return {"grid": Grid._meta.db_table, "road": Road._meta.db_table, "track": Track._meta.db_table,
            "coverage": Coverage._meta.db_table, "gridroads": GridRoads._meta.db_table}


STREETS = """
INSERT INTO {road} (name, source, length_m, geom)
SELECT r.name, 'street', ST_Length(ST_Transform(part.geom, 4547)), part.geom
FROM unnest(%(names)s::text[], %(wkb)s::bytea[]) AS r(name, wkb)
CROSS JOIN LATERAL ST_Dump(ST_SetSRID(ST_GeomFromWKB(r.wkb), 4490)) AS part
WHERE ST_Length(ST_Transform(part.geom, 4547)) > 1
"""

LANES = """
INSERT INTO {road} (name, source, length_m, geom)
SELECT left(g.name, 28) || lane.name, 'lane', ST_Length(ST_Transform(piece.geom, 4547)), piece.geom
FROM {grid} g
CROSS JOIN LATERAL (SELECT ST_PointOnSurface(g.geom) AS p, ST_Envelope(g.geom) AS e) s
CROSS JOIN LATERAL (VALUES
    ('东西巡查道', ST_SetSRID(ST_MakeLine(ST_MakePoint(ST_XMin(s.e), ST_Y(s.p)), ST_MakePoint(ST_XMax(s.e), ST_Y(s.p))), 4490)),
    ('南北巡查道', ST_SetSRID(ST_MakeLine(ST_MakePoint(ST_X(s.p), ST_YMin(s.e)), ST_MakePoint(ST_X(s.p), ST_YMax(s.e))), 4490))
) AS lane(name, geom)
CROSS JOIN LATERAL ST_Dump(ST_CollectionExtract(ST_Intersection(g.geom, lane.geom), 2)) AS piece
WHERE NOT EXISTS (SELECT 1 FROM {road} r WHERE ST_Intersects(r.geom, g.geom))
  AND ST_Length(ST_Transform(piece.geom, 4547)) > 1
"""

TRACKS = """
WITH pieces AS (
    SELECT g.code, row_number() OVER (ORDER BY g.code, r.id, piece.path) AS id, piece.geom,
           row_number() OVER (PARTITION BY g.code ORDER BY r.id, piece.path) = 1 AS first
    FROM {grid} g JOIN {road} r ON ST_Intersects(r.geom, g.geom)
    CROSS JOIN LATERAL ST_Dump(ST_CollectionExtract(ST_Intersection(r.geom, g.geom), 2)) AS piece
), plan AS (
    SELECT g.code, left(coalesce(nullif(g.grid_member, ''), g.name), 40) AS member, d.day::date AS day, s.slot, s.at,
           ('x' || substr(md5(%(seed)s || g.code || d.day::date || s.slot), 1, 8))::bit(32)::bigint / 4294967295.0 AS u
    FROM {grid} g
    CROSS JOIN generate_series(%(last)s::date - (%(days)s - 1), %(last)s::date, interval '1 day') AS d(day)
    CROSS JOIN (VALUES (0, time '08:00'), (1, time '14:30')) AS s(slot, at)
), lines AS (
    SELECT p.member, p.day, ((p.day + p.at) AT TIME ZONE 'Asia/Shanghai') + make_interval(mins => floor(p.u * 90)::int) AS t0,
           ST_AddMeasure(ST_Segmentize(ST_Transform(ST_MakeLine(r.geom ORDER BY r.id), 4547), 50), 0, 1) AS line
    FROM plan p JOIN pieces r ON r.code = p.code
     AND (r.first OR ('x' || substr(md5(%(seed)s || r.id || p.day || p.slot), 1, 8))::bit(32)::bigint / 4294967295.0
                     < 0.5 + 0.5 * p.u)
    WHERE p.slot = 0 OR p.u < %(afternoon)s
    GROUP BY p.member, p.code, p.day, p.at, p.u
), timed AS (
    SELECT l.member, l.day, ST_Transform(ST_Force2D(l.line), 4490) AS geom, ST_Length(l.line) AS length_m,
           ARRAY(SELECT l.t0 + make_interval(secs => ST_M(dp.geom) * least(ST_Length(l.line) / %(speed)s, %(longest)s))
                 FROM ST_DumpPoints(l.line) AS dp ORDER BY dp.path) AS times
    FROM lines l
)
INSERT INTO {track} (member_name, grids, day, started_at, ended_at, times, length_m, points, source_format, uploaded_at, geom)
SELECT t.member, ARRAY(SELECT g.code FROM {grid} g WHERE ST_Intersects(g.geom, t.geom) ORDER BY g.code), t.day,
       t.times[1], t.times[cardinality(t.times)], t.times, t.length_m, cardinality(t.times), 'seed', now(), t.geom
FROM timed t WHERE ST_NPoints(t.geom) >= 2
"""


def seed_patrols(cursor, *, names: list[str], wkb: list[bytes], seed: int) -> dict[str, float]:
    """Replace the patrol roads, tracks and their stored coverage (in the caller's transaction); seconds per step."""
    tables = _tables()
    first = LAST_DAY - timedelta(days=DAYS - 1)
    timings: dict[str, float] = {}
    steps = (
        ("patrol roads", f"TRUNCATE {tables['track']}, {tables['road']}, {tables['coverage']}, {tables['gridroads']} "
                         "RESTART IDENTITY", {}),
        ("patrol streets", STREETS.format(**tables), {"names": names, "wkb": wkb}),
        ("patrol lanes", LANES.format(**tables), {}),
        ("patrol tracks", TRACKS.format(**tables), {"seed": str(seed), "last": LAST_DAY, "days": DAYS, "speed": WALK_MS,
                                   "afternoon": AFTERNOON_SHARE, "longest": LONGEST_S}),
        # Statistics of the new roads and tracks first: the coverage statement's plan depends on them.
        ("patrol statistics", f"ANALYZE {tables['road']}; ANALYZE {tables['track']}", {}),
        # Every grid's road length and every seeded grid-day's coverage, in one statement.
        ("patrol coverage", statement("coverage_fill"), fill_params(codes=[], days=[], first=first, last=LAST_DAY,
                                                                   all_roads=True)),
    )
    for label, sql, params in steps:
        start = time.perf_counter()
        cursor.execute(sql, params)
        timings[label] = time.perf_counter() - start
    cursor.execute(f"ANALYZE {tables['coverage']}")
    return timings
