"""A province on one machine: more counties beside the seeded one, copied from it in SQL.

Each new county is the seeded county (``PINGDING_COUNTY_CODE``) again: every code re-prefixed with the new county's
GB/T 2260 code (every code of a standard layer starts with its county's), every geometry translated by the county's
offset so that the counties lie side by side without overlapping, inside Shanxi: two columns going west, five rows
(Pingding, then north, south, further north, further south), with a tenth of the county's size between them.
The admin areas (county renamed, towns and communities re-parented), grids, buildings, addresses, components and
incidents are copied; cases and the records (housing, residents, organisations, facilities) are not.

One transaction per county: ``layers_add_county`` first (its partitions), then one ``INSERT ... SELECT`` per table.
The history's insert triggers are switched off inside that transaction (``ALTER TABLE ... DISABLE TRIGGER`` is
transactional), so the copies start at version 0 like any row loaded before the history existed, instead of writing
nine counties of insert history; tile invalidation and topology triggers stay on (the copies are checked).
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connections, transaction

from layers import models as m
from layers.history.triggers import trigger_name as history_trigger
from layers.partitions import add_county
from layers.sqltext import quote_ident, quote_literal


@dataclass(frozen=True)
class ProvinceCounty:
    code: str
    name: str
    city: str


SHANXI_COUNTIES: tuple[ProvinceCounty, ...] = (
    ProvinceCounty("140322", "盂县", "阳泉市"),
    ProvinceCounty("140302", "城区", "阳泉市"),
    ProvinceCounty("140303", "矿区", "阳泉市"),
    ProvinceCounty("140311", "郊区", "阳泉市"),
    ProvinceCounty("140721", "榆社县", "晋中市"),
    ProvinceCounty("140722", "左权县", "晋中市"),
    ProvinceCounty("140723", "和顺县", "晋中市"),
    ProvinceCounty("140724", "昔阳县", "晋中市"),
    ProvinceCounty("140725", "寿阳县", "晋中市"),
)
"""The counties after the seeded one, in the order ``--counties`` takes them (real GB/T 2260 codes near Pingding)."""
ROWS = (0, 1, -1, 2, -2)
GAP = 1.1

COPIED: tuple[type, ...] = (m.AdminArea, m.Grid, m.Building, m.Address, m.Component, m.Incident)
"""The tables copied, in foreign-key order."""
CODE_COLUMNS: dict[type, tuple[str, ...]] = {
    m.AdminArea: ("code", "stat_code", "parent_code"),
    m.Grid: ("code", "community_code", "town_code"),
    m.Building: ("code", "grid_code"),
    m.Address: ("code", "community_code", "building_code", "grid_code"),
    m.Component: ("code", "grid_code"),
    m.Incident: ("code", "grid_code", "component_code"),
}
"""The columns holding county-prefixed codes (a component's category code is not one)."""


def offset(index: int, width: float, height: float) -> tuple[float, float]:
    """Degrees (lon, lat) to translate the seeded county by for the ``index``-th county (0 = the seeded one)."""
    return -(index % 2) * width * GAP, ROWS[index // 2] * height * GAP


def _expressions(model: type, county: ProvinceCounty) -> dict[str, str]:
    """Column -> SQL expression (over the source row ``s``) for the columns that change in a copy."""
    new = quote_literal(county.code)
    exprs = {column: f"{new} || substr(s.{column}, 7)" for column in CODE_COLUMNS[model]}
    exprs["geom"] = "ST_Translate(s.geom, %(dx)s, %(dy)s)"
    if model is m.AdminArea:
        exprs["name"] = f"CASE WHEN s.level = 'county' THEN {quote_literal(county.name)} ELSE s.name END"
        exprs["area_km2"] = "ST_Area(ST_Translate(s.geom, %(dx)s, %(dy)s)::geography) / 1e6"
    if model is m.Grid:
        exprs["area_m2"] = "ST_Area(ST_Translate(s.geom, %(dx)s, %(dy)s)::geography)"
    if model is m.Address:
        name, new_city = quote_literal(county.name), quote_literal(county.city)
        exprs["county"] = name
        exprs["city"] = new_city
        exprs["full_text"] = f"replace(replace(s.full_text, s.county, {name}), s.city, {new_city})"
    return exprs


def copy_sql(model: type, county: ProvinceCounty) -> str:
    """``INSERT ... SELECT`` copying the rows of ``model`` whose codes lie in [``low``, ``high``) (the seeded
    county's) as ``county``'s (ids from the table's own identity); parameters ``dx``, ``dy`` (degrees), ``low``,
    ``high`` (a range of code, which prunes to the source county's partition)."""
    exprs = _expressions(model, county)
    columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    table = quote_ident(model._meta.db_table)
    select = ", ".join(exprs.get(column, f"s.{quote_ident(column)}") for column in columns)
    return (f"INSERT INTO {table} ({', '.join(quote_ident(c) for c in columns)}) SELECT {select} FROM {table} AS s"
            " WHERE s.code >= %(low)s AND s.code < %(high)s ORDER BY s.id")


def _history_triggers(cursor, enable: bool) -> None:
    verb = "ENABLE" if enable else "DISABLE"
    for model in COPIED:
        cursor.execute(f"ALTER TABLE {quote_ident(model._meta.db_table)} {verb} TRIGGER {history_trigger('insert')}")


def present_counties(*, using: str = "default") -> set[str]:
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT code FROM {m.AdminArea._meta.db_table} WHERE level = 'county'")
        return {row[0] for row in cursor.fetchall()}


def _extent(cursor, source: str) -> tuple[float, float]:
    cursor.execute(f"SELECT ST_XMax(e) - ST_XMin(e), ST_YMax(e) - ST_YMin(e) FROM (SELECT ST_Extent(geom) AS e"
                   f" FROM {m.AdminArea._meta.db_table} WHERE code = %s) AS x", [source])
    width, height = cursor.fetchone()
    if width is None:
        raise ValueError(f"county {source} is not seeded: run seed_pingding first")
    return float(width), float(height)


def copy_county(index: int, county: ProvinceCounty, *, using: str = "default") -> dict[str, int]:
    """Copy the seeded county as ``county`` (the ``index``-th, 1-based) in one transaction; rows per table."""
    source = settings.PINGDING_COUNTY_CODE
    bounds = {"low": source, "high": str(int(source) + 1).zfill(6)}
    counts: dict[str, int] = {}
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        width, height = _extent(cursor, source)
        dx, dy = offset(index, width, height)
        add_county(cursor, county.code)
        _history_triggers(cursor, enable=False)
        for model in COPIED:
            cursor.execute(copy_sql(model, county), {"dx": dx, "dy": dy, **bounds})
            counts[model._meta.db_table] = cursor.rowcount
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # fires the pending checks: no ALTER TABLE before that
        _history_triggers(cursor, enable=True)
    return counts


def seed_province(
    counties: int, *, if_missing: bool = False, using: str = "default", say: Callable[[str], None] = lambda _: None
) -> dict[str, dict[str, int]]:
    """Make the province ``counties`` counties large (the seeded one and the first ``counties - 1`` of
    :data:`SHANXI_COUNTIES`); return rows per table of each county written. Raises ValueError for a count out of
    range, or a county already present without ``if_missing``."""
    if not 1 <= counties <= len(SHANXI_COUNTIES) + 1:
        raise ValueError(f"--counties must be between 1 and {len(SHANXI_COUNTIES) + 1}, got {counties}")
    present = present_counties(using=using)
    written: dict[str, dict[str, int]] = {}
    for index, county in enumerate(SHANXI_COUNTIES[: counties - 1], start=1):
        if county.code in present:
            if if_missing:
                say(f"  {county.code} {county.name}: present, skipped")
                continue
            raise ValueError(f"county {county.code} ({county.name}) is already present; use --if-missing")
        start = time.perf_counter()
        written[county.code] = counts = copy_county(index, county, using=using)
        rows = ", ".join(f"{table.removeprefix('layers_')} {n}" for table, n in counts.items())
        say(f"  {county.code} {county.name}: {rows} ({time.perf_counter() - start:.1f} s)")
    with connections[using].cursor() as cursor:
        for model in COPIED:
            cursor.execute(f"ANALYZE {quote_ident(model._meta.db_table)}")
    return written
