"""Write a generated county to PostGIS: COPY every table in one transaction, then derive areas and counts.

All or nothing: the (optional) truncation, the COPYs, the derived figures and ANALYZE run in one transaction, so a
failure leaves the database as it was. Areas are measured on ``geography`` (m² on the CGCS2000 ellipsoid).
"""
from __future__ import annotations

import io
import time
from collections.abc import Callable

from django.db import connections, transaction
from django.utils import timezone

from cases.backfill import open_missing
from layers import models as m

from .caseload import load_case_year
from .county import County
from .models import PriorGrid
from .patrols import seed_patrols

LAYER_MODELS: tuple[type, ...] = (
    m.ComponentCategory, m.EventClass, m.AdminArea, m.Grid, PriorGrid, m.Building, m.Address, m.Component,
    m.HousingUnit, m.Resident, m.Organisation, m.Facility, m.Incident,
)
"""Every table the seed owns, in foreign-key order (the layers, and the pre-reform division of ``seeds.reform``)."""
_LOCK_KEY = 140321
_COPY_CHUNK = 1 << 20


class AlreadySeeded(Exception):
    """The layer tables already hold data and neither replacing nor skipping was asked for."""


def layer_row_counts(*, using: str = "default") -> dict[str, int]:
    """Row count of every layer table, by database table name."""
    with connections[using].cursor() as cursor:
        counts = {}
        for model in LAYER_MODELS:
            cursor.execute(f"SELECT count(*) FROM {model._meta.db_table}")
            counts[model._meta.db_table] = cursor.fetchone()[0]
    return counts


def is_seeded(*, using: str = "default") -> bool:
    """True when any layer table holds a row."""
    with connections[using].cursor() as cursor:
        union = " UNION ALL ".join(f"(SELECT 1 FROM {model._meta.db_table} LIMIT 1)" for model in LAYER_MODELS)
        cursor.execute(f"SELECT EXISTS ({union})")
        return bool(cursor.fetchone()[0])


def _post_load_sql() -> list[tuple[str, str]]:
    """(label, statement) pairs deriving areas, households and populations from the loaded rows."""
    area, grid, building = m.AdminArea._meta.db_table, m.Grid._meta.db_table, m.Building._meta.db_table
    unit, resident = m.HousingUnit._meta.db_table, m.Resident._meta.db_table
    return [
        ("grid areas", f"UPDATE {grid} SET area_m2 = ST_Area(geom::geography)"),
        ("admin areas", f"UPDATE {area} SET area_km2 = ST_Area(geom::geography) / 1e6"),
        ("households", f"""
            UPDATE {grid} g SET households = s.n
            FROM (SELECT b.grid_code, count(*) AS n FROM {unit} h JOIN {building} b ON b.code = h.building_code
                  WHERE h.use = 'residential' AND h.tenure <> 'vacant' GROUP BY b.grid_code) s
            WHERE g.code = s.grid_code"""),
        ("population", f"""
            WITH people AS (
                SELECT g.community_code AS code, count(*) AS n FROM {resident} r
                JOIN {unit} h ON h.code = r.housing_unit_code
                JOIN {building} b ON b.code = h.building_code
                JOIN {grid} g ON g.code = b.grid_code GROUP BY g.community_code)
            UPDATE {area} a SET population = coalesce(p.n, 0)
            FROM {area} c LEFT JOIN people p ON p.code = c.code
            WHERE a.level = 'community' AND c.id = a.id"""),
        ("town population", f"""
            UPDATE {area} a SET population = (SELECT coalesce(sum(c.population), 0) FROM {area} c
                                               WHERE c.parent_code = a.code)
            WHERE a.level = 'town'"""),
        ("county population", f"""
            UPDATE {area} a SET population = (SELECT coalesce(sum(c.population), 0) FROM {area} c
                                               WHERE c.parent_code = a.code)
            WHERE a.level = 'county'"""),
    ]


def load_county(
    county: County, *, replace: bool = False, using: str = "default", progress: Callable[[str], None] | None = None
) -> dict[str, float]:
    """Write ``county`` in one transaction; return seconds per step. Raises :class:`AlreadySeeded` when the
    layer tables hold data and ``replace`` is false (with ``replace`` they are truncated first)."""
    say = progress or (lambda line: None)
    timings: dict[str, float] = {}
    connection = connections[using]
    loaded_at = timezone.now().isoformat()
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        start = time.perf_counter()
        if replace:
            tables = ", ".join(model._meta.db_table for model in LAYER_MODELS)
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
            say(f"  truncated      {len(LAYER_MODELS)} layer tables")
        elif is_seeded(using=using):
            raise AlreadySeeded("the layer tables already hold data")
        timings["truncate"] = time.perf_counter() - start
        raw = cursor.cursor
        for table in county.tables:
            start = time.perf_counter()
            extra = {"updated_at": loaded_at} if any(f.name == "updated_at" for f in table.model._meta.fields) else {}
            columns = ", ".join(table.db_columns + [table.model._meta.get_field(name).column for name in extra])
            text = table.copy_text(extra)
            raw.copy_expert(f"COPY {table.db_table} ({columns}) FROM STDIN", io.StringIO(text), size=_COPY_CHUNK)
            timings[f"copy {table.db_table}"] = elapsed = time.perf_counter() - start
            say(f"  copied         {len(table):>7} rows into {table.db_table} ({elapsed:.1f} s)")
        for label, sql in _post_load_sql():
            start = time.perf_counter()
            cursor.execute(sql)
            timings[label] = time.perf_counter() - start
        if county.case_year is not None:
            year = load_case_year(cursor, county.case_year)
            timings.update(year)
            cases = len(county.case_year.cases["code"])
            say(f"  case year      {cases} cases and their steps ({sum(year.values()):.1f} s)")
        start = time.perf_counter()
        opened = open_missing(cursor)
        timings["cases of recent incidents"] = time.perf_counter() - start
        say(f"  cases          {opened} recent incidents opened as cases ({timings['cases of recent incidents']:.1f} s)")
        patrols = seed_patrols(cursor, names=county.roads[0], wkb=county.roads[1], seed=county.seed)
        timings.update(patrols)
        say(f"  patrols        roads, members and a week of tracks ({sum(patrols.values()):.1f} s)")
        say(f"  derived        areas, households, populations ({sum(timings[k] for k, _ in _post_load_sql()):.1f} s)")
        start = time.perf_counter()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        timings["foreign keys"] = time.perf_counter() - start
        say(f"  checked        foreign keys ({timings['foreign keys']:.1f} s)")
        start = time.perf_counter()
        for model in LAYER_MODELS:
            cursor.execute(f"ANALYZE {model._meta.db_table}")
        timings["analyze"] = time.perf_counter() - start
        say(f"  analyzed       {len(LAYER_MODELS)} tables ({timings['analyze']:.1f} s)")
    return timings
