"""The set-based statements of an import, on the staged rows (``imports_importrow``) of one import ``%(id)s``.

Judging (the dry run, repeated at commit): rows coded twice in the file; the feature each row matches and its
version; whether its geometry moves; the geometry of every new or moved row judged as an edit judges one (valid
with ``ST_IsValidDetail``'s reason and place, inside the county, in a base grid, of its category's kind), its grid
and area derived; the fields each update changes; the writer's rights. Applying (the commit): DELETE, UPDATE ...
FROM and INSERT ... SELECT, one statement each, so the layer's statement-level triggers (history, tiles) run once
per statement. Identifiers come from the layer registry and the model; every value is bound.
"""
from __future__ import annotations

from collections.abc import Sequence

from psycopg2 import sql

from layers.access import LayerView
from layers.editing.sql import ADMIN_AREAS, COUNTY_LEVEL
from layers.locate.sql_bulk import sql_snap_point_of
from layers.registry import Layer, get_layer

from .models import ImportRow

ROWS = sql.Identifier(ImportRow._meta.db_table)
KIND_TYPES = {"point": ["POINT", "MULTIPOINT"], "line": ["LINESTRING", "MULTILINESTRING"],
              "polygon": ["POLYGON", "MULTIPOLYGON"]}


def _t(layer: Layer) -> dict[str, sql.Composable]:
    return {"table": sql.Identifier(layer.table), "pk": sql.Identifier(layer.id_column),
            "geom": sql.Identifier(layer.geometry_column), "rows": ROWS}


def _object(columns: Sequence[str], alias: str) -> sql.Composable:
    """``jsonb_build_object('c', alias.c, ...)``: a row's columns as jsonb without turning its geometry into JSON."""
    if not columns:
        return sql.SQL("'{}'::jsonb")
    pairs = [sql.SQL("{}, {}.{}").format(sql.Literal(c), sql.Identifier(alias), sql.Identifier(c)) for c in columns]
    return sql.SQL("jsonb_build_object({})").format(sql.SQL(", ").join(pairs))


def duplicates() -> sql.Composed:
    """Rows whose match code appears more than once in the file: every one of them is invalid."""
    return sql.SQL(
        "UPDATE {rows} AS r SET action = 'invalid', reason = format('code %%s appears on rows %%s of the file',"
        " r.code, d.rows) FROM (SELECT code, string_agg(row::text, ', ' ORDER BY row) AS rows FROM {rows}"
        " WHERE import_id = %(id)s AND row IS NOT NULL AND code IS NOT NULL GROUP BY code HAVING count(*) > 1) AS d"
        " WHERE r.import_id = %(id)s AND r.row IS NOT NULL AND r.code = d.code"
    ).format(rows=ROWS)


def match(layer: Layer, column: str, *, adds_only: bool) -> sql.Composed:
    """Each row's feature (by ``column``), its version and whether the row moves its geometry; with ``adds_only``
    (match=none) a row whose code exists already is invalid instead."""
    names = _t(layer)
    if adds_only:
        return sql.SQL(
            "UPDATE {rows} AS r SET action = 'invalid', reason = format('%%s %%s exists already in the collection "
            "(match=none only adds)', {column_name}, r.code) FROM {table} AS t"
            " WHERE r.import_id = %(id)s AND r.action IS NULL AND t.{column}::text = r.code"
        ).format(column=sql.Identifier(column), column_name=sql.Literal(column), **names)
    return sql.SQL(
        "UPDATE {rows} AS r SET feature_id = t.{pk},"
        " version = (SELECT coalesce(max(h.version), 0) FROM layers_history AS h WHERE h.layer = %(layer)s"
        "  AND h.feature_id = t.{pk}),"
        " moved = r.geom IS NOT NULL AND r.geom IS DISTINCT FROM t.{geom}"
        " FROM {table} AS t WHERE r.import_id = %(id)s AND r.action IS NULL AND t.{column}::text = r.code"
    ).format(column=sql.Identifier(column), **names)


def judge(layer: Layer) -> sql.Composed:
    """The geometry of each new or moved row judged as :func:`layers.editing.sql.sql_judge` judges one edit's:
    the first reason it cannot be taken, else its grid and area (m²)."""
    names = _t(layer)
    counties, grids = get_layer(ADMIN_AREAS), get_layer("grids")
    inside = sql.SQL("TRUE")
    if layer.inside_county:
        inside = sql.SQL(
            "EXISTS (SELECT 1 FROM {areas} AS a WHERE a.level = {county} AND a.{ageom} && r.geom"
            " AND ST_CoveredBy(r.geom, a.{ageom}))"
        ).format(areas=sql.Identifier(counties.table), county=sql.Literal(COUNTY_LEVEL),
                 ageom=sql.Identifier(counties.geometry_column))
    grid = sql.SQL("NULL::text")
    if layer.snapped_to_grid:
        grid = sql.SQL(
            "(SELECT g.code FROM {grids} AS g WHERE g.{ggeom} && s.p AND ST_Covers(g.{ggeom}, s.p)"
            " ORDER BY g.code LIMIT 1)"
        ).format(grids=sql.Identifier(grids.table), ggeom=sql.Identifier(grids.geometry_column))
    no_grid = sql.SQL("j.grid IS NULL") if layer.snapped_to_grid else sql.SQL("FALSE")
    return sql.SQL(
        "UPDATE {rows} AS r SET reason = CASE"
        "  WHEN NOT j.valid THEN format('geometry invalid: %%s at (%%s %%s), lon/lat EPSG:4490', j.why, j.x, j.y)"
        "  WHEN NOT j.inside THEN 'geometry outside the county: check its coordinates and their CRS'"
        "  WHEN {no_grid} THEN 'geometry in no base grid' END,"
        " grid = j.grid, area = j.area"
        " FROM (SELECT r.id, d.valid, d.reason AS why, round(ST_X(d.location)::numeric, 7) AS x,"
        "  round(ST_Y(d.location)::numeric, 7) AS y,"
        "  CASE WHEN d.valid THEN {inside} END AS inside,"
        "  CASE WHEN d.valid THEN (SELECT {grid} FROM (SELECT {snap} AS p) AS s) END AS grid,"
        "  CASE WHEN d.valid THEN ST_Area(r.geom::geography) END AS area"
        "  FROM {rows} AS r CROSS JOIN LATERAL ST_IsValidDetail(r.geom) AS d"
        "  WHERE r.import_id = %(id)s AND r.action IS NULL AND r.geom IS NOT NULL"
        "  AND (r.feature_id IS NULL OR r.moved)) AS j"
        " WHERE r.id = j.id"
    ).format(inside=inside, grid=grid, snap=sql_snap_point_of(layer, sql.SQL("r.geom")), no_grid=no_grid, **names)


def kinds(layer: Layer) -> sql.Composed | None:
    """Rows whose geometry is not of the kind their category says (a layer with a ``geometry_kind_field``)."""
    if layer.geometry_kind_field is None:
        return None
    field = layer.model._meta.get_field(layer.geometry_kind_field)
    column = field.column
    categories = sql.Identifier(field.related_model._meta.db_table)
    key = sql.Identifier(field.target_field.column)
    cases = sql.SQL(" ").join(sql.SQL("WHEN {} THEN {}").format(sql.Literal(kind), sql.Literal(types))
                              for kind, types in KIND_TYPES.items())
    return sql.SQL(
        "UPDATE {rows} AS r SET reason = format('wrong geometry kind: a feature of %%s %%s is a %%s, not a %%s',"
        " {name}, c.{key}, c.geometry_kind, GeometryType(r.geom))"
        " FROM {rows} AS s LEFT JOIN {table} AS t ON t.{pk} = s.feature_id"
        " JOIN {categories} AS c ON c.{key} = coalesce(s.attributes ->> {column_name}, t.{column}::text)"
        " WHERE s.id = r.id AND r.import_id = %(id)s AND r.action IS NULL AND r.reason IS NULL AND r.geom IS NOT NULL"
        " AND (r.feature_id IS NULL OR r.moved OR (s.attributes ->> {column_name}) IS DISTINCT FROM t.{column}::text)"
        " AND NOT GeometryType(r.geom) = ANY (CASE c.geometry_kind {cases} ELSE ARRAY[GeometryType(r.geom)] END)"
    ).format(name=sql.Literal(layer.geometry_kind_field), key=key, column=sql.Identifier(column),
             column_name=sql.Literal(column), categories=categories, cases=cases, **_t(layer))


def changes(layer: Layer, columns: Sequence[str]) -> sql.Composed:
    """The fields each matched row changes (``geometry`` when it moves)."""
    return sql.SQL(
        "UPDATE {rows} AS r SET changed = ARRAY(SELECT k FROM jsonb_each(r.attributes) AS e(k, v)"
        "  WHERE v IS DISTINCT FROM (o.j -> k) ORDER BY k)"
        "  || CASE WHEN r.moved THEN ARRAY['geometry'] ELSE ARRAY[]::text[] END"
        " FROM {table} AS t CROSS JOIN LATERAL (SELECT {current} AS j) AS o"
        " WHERE r.import_id = %(id)s AND r.action IS NULL AND t.{pk} = r.feature_id"
    ).format(current=_object(columns, "t"), **_t(layer))


def _scope_after(view: LayerView, column: str) -> sql.Composable:
    if column == view.grid_column:
        return sql.SQL("CASE WHEN r.feature_id IS NULL OR r.moved THEN r.grid ELSE t.{c}::text END").format(
            c=sql.Identifier(column))
    return sql.SQL("coalesce(r.attributes ->> {name}, t.{c}::text)").format(name=sql.Literal(column),
                                                                             c=sql.Identifier(column))


def rights(view: LayerView) -> sql.Composed | None:
    """What a scoped writer may not do: change a row that is not of its grids or department, before or after;
    change a field it may not set (``%(unwritable)s``); add at all when it may not set a required field
    (``%(no_adds)s``, the reason, or NULL)."""
    scope = view.write_scope
    before = sql.SQL("FALSE")
    after = sql.SQL("FALSE")
    if scope is not None:
        before = sql.SQL("t.{pk} IS NOT NULL AND NOT ({held})").format(pk=sql.Identifier(view.id_column), held=sql.SQL(
            " OR ").join(sql.SQL("t.{}::text = ANY (%(scope)s)").format(sql.Identifier(c)) for c in scope.columns))
        after = sql.SQL("NOT ({held})").format(held=sql.SQL(" OR ").join(
            sql.SQL("{} = ANY (%(scope)s)").format(_scope_after(view, c)) for c in scope.columns))
    return sql.SQL(
        "UPDATE {rows} AS r SET reason = CASE"
        "  WHEN r.feature_id IS NULL AND %(no_adds)s::text IS NOT NULL THEN %(no_adds)s::text"
        "  WHEN r.feature_id IS NULL AND r.geom IS NULL THEN 'a new feature needs a geometry'"
        "  WHEN r.feature_id IS NULL AND %(required)s::text IS NOT NULL THEN %(required)s::text"
        "  WHEN {before} THEN %(why_before)s"
        "  WHEN r.changed && %(unwritable)s::text[] THEN format('no write right: your role may not change %%s',"
        "   array_to_string(ARRAY(SELECT unnest(r.changed) INTERSECT SELECT unnest(%(unwritable)s::text[])), ', '))"
        "  WHEN {after} THEN %(why_after)s END"
        " FROM {rows} AS s LEFT JOIN {table} AS t ON t.{pk} = s.feature_id"
        " WHERE s.id = r.id AND r.import_id = %(id)s AND r.action IS NULL AND r.reason IS NULL"
    ).format(before=before, after=after, **_t(view.layer))


ACTIONS = sql.SQL(
    "UPDATE {rows} SET action = CASE WHEN reason IS NOT NULL THEN 'invalid' WHEN feature_id IS NULL THEN 'add'"
    " WHEN cardinality(changed) > 0 THEN 'update' ELSE 'same' END"
    " WHERE import_id = %(id)s AND action IS NULL"
).format(rows=ROWS)


def deletions(view: LayerView, column: str) -> sql.Composed:
    """Features of the layer the file does not name (by ``column``), within the writer's rows, staged as
    deletions."""
    scope = view.write_scope
    held = sql.SQL("TRUE")
    if scope is not None:
        held = sql.SQL(" OR ").join(sql.SQL("t.{}::text = ANY (%(scope)s)").format(sql.Identifier(c))
                                    for c in scope.columns)
    return sql.SQL(
        "INSERT INTO {rows} (import_id, row, code, attributes, feature_id, version, moved, action)"
        " SELECT %(id)s, NULL, t.{column}::text, '{{}}'::jsonb, t.{pk},"
        " (SELECT coalesce(max(h.version), 0) FROM layers_history AS h WHERE h.layer = %(layer)s"
        "  AND h.feature_id = t.{pk}), FALSE, 'delete'"
        " FROM {table} AS t WHERE ({held}) AND NOT EXISTS (SELECT 1 FROM {rows} AS r WHERE r.import_id = %(id)s"
        " AND r.code = t.{column}::text)"
    ).format(column=sql.Identifier(column), held=held, **_t(view.layer))


COUNTS = sql.SQL("SELECT action, count(*) FROM {rows} WHERE import_id = %(id)s GROUP BY action").format(rows=ROWS)
