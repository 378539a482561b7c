"""The set-based statements of an import, on the staged rows (``imports_importrow``) of one import ``%(id)s``.

The dry run's judgement, statement by statement (``layers.imports.judging`` runs them; rows coded twice in the file
are found before they are staged, by ``layers.imports.staging``): in one pass, the feature each row matches, whether
its geometry moves and the fields it changes (typed comparisons); the geometry of every new or moved row judged as an
edit judges one (valid, with ``ST_IsValidDetail``'s reason and place; inside the county; in a base grid; of its
category's kind), its grid and area derived; the writer's rights; the deletions. A row found invalid gets its reason
at once. The commit's statements are in ``layers.imports.writes``. Identifiers come from the layer registry and the
model (column types from the model's fields); every value is bound.
"""
from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from psycopg2 import sql

from layers.access import LayerView
from layers.editing.sql import ADMIN_AREAS, COUNTY_LEVEL
from layers.locate.sql_bulk import sql_snap_point_of
from layers.registry import Layer, get_layer

from .models import ImportRow

ROWS = sql.Identifier(ImportRow._meta.db_table)
MOVE_TOLERANCE_DEG = 1e-7
"""A geometry moves when it differs from the stored one on a grid of 1e-7 degrees (about 1 cm, the precision the
server's exports write): a file exported in GCJ-02 or rounded by a GIS program imports back unchanged."""
KIND_TYPES = {"point": ["POINT", "MULTIPOINT"], "line": ["LINESTRING", "MULTILINESTRING"],
              "polygon": ["POLYGON", "MULTIPOLYGON"]}


NO_JIT = "SET LOCAL jit = off"
"""For the rest of an import's transaction: the planner reckons the staged rows joined to the layer far above what
they are and compiles the statements with JIT, which costs more than running them (the stale check of a commit:
0.7 s compiled, 0.06 s not)."""


def _t(layer: Layer) -> dict[str, sql.Composable]:
    return {"table": sql.Identifier(layer.table), "pk": sql.Identifier(layer.id_column),
            "geom": sql.Identifier(layer.geometry_column), "rows": ROWS}


def cast(layer: Layer, column: str, value: sql.Composable) -> sql.Composable:
    """``value`` (text) cast to the type of ``column`` in the layer's table."""
    field = next(f for f in layer.model._meta.concrete_fields if f.column == column)
    return sql.SQL("({})::{}").format(value, sql.SQL(field.db_type(connection)))


def staged(layer: Layer, column: str, source: sql.Composable = sql.SQL("r.attributes")) -> sql.Composable:
    """A staged row's value of ``column``, typed as the layer's column."""
    return cast(layer, column, sql.SQL("{} ->> {}").format(source, sql.Literal(column)))


def exists_already(layer: Layer, column: str) -> sql.Composed:
    """match=none: a row whose code exists already in the layer is invalid."""
    return sql.SQL(
        "UPDATE {rows} AS r SET action = 'invalid', reason = format('%%s %%s exists already in the collection "
        "(match=none only adds)', {column_name}, r.code) FROM {table} AS t"
        " WHERE r.import_id = %(id)s AND r.action IS NULL AND t.{column}::text = r.code"
    ).format(column=sql.Identifier(column), column_name=sql.Literal(column), **_t(layer))


def match(layer: Layer, column: str, columns: Sequence[str]) -> sql.Composed:
    """ONE pass over the rows that match a feature (by ``column``, unique): the feature, whether the geometry moves,
    the fields that change (typed comparisons of the file's ``columns``) and so the action, update or same. The
    changes are computed where they are set (twice: a ``SET`` sees the row as it was), which costs less than joining
    a subquery of them back to the rows."""
    geom = sql.Identifier(layer.geometry_column)
    moved = sql.SQL("r.geom IS NOT NULL AND ST_SnapToGrid(r.geom, {q}) IS DISTINCT FROM ST_SnapToGrid(t.{g}, {q})"
                    ).format(g=geom, q=sql.Literal(MOVE_TOLERANCE_DEG))
    tests = [sql.SQL("CASE WHEN {} IS DISTINCT FROM t.{} THEN {} END").format(
        staged(layer, c), sql.Identifier(c), sql.Literal(c)) for c in sorted(columns)]
    tests.append(sql.SQL("CASE WHEN {} THEN 'geometry' END").format(moved))
    changed = sql.SQL("array_remove(ARRAY[{}]::text[], NULL)").format(sql.SQL(", ").join(tests))
    return sql.SQL(
        "UPDATE {rows} AS r SET feature_id = t.{pk}, moved = {moved}, changed = {changed},"
        " action = CASE WHEN cardinality({changed}) > 0 THEN 'update' ELSE 'same' END"
        " FROM {table} AS t WHERE t.{column}::text = r.code AND r.import_id = %(id)s AND r.action IS NULL"
    ).format(moved=moved, changed=changed, column=sql.Identifier(column), **_t(layer))


ADDS = sql.SQL(
    "UPDATE {rows} SET action = 'add' WHERE import_id = %(id)s AND action IS NULL"
).format(rows=ROWS)
"""The rows that matched nothing are new features."""

JUDGED = sql.SQL("r.import_id = %(id)s AND (r.action = 'add' OR (r.action = 'update' AND r.moved))")
"""The rows whose geometry is judged: new features and moved ones."""


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
        "UPDATE {rows} AS r SET reason = k.reason, action = CASE WHEN k.reason IS NULL THEN r.action ELSE 'invalid'"
        " END, grid = k.grid, area = k.area"
        " FROM (SELECT j.id, j.grid, j.area, CASE"
        "  WHEN NOT j.valid THEN format('geometry invalid: %%s at (%%s %%s), lon/lat EPSG:4490', j.why, j.x, j.y)"
        "  WHEN NOT j.inside THEN 'geometry outside the county: check its coordinates and their CRS'"
        "  WHEN {no_grid} THEN 'geometry in no base grid' END AS reason"
        " FROM (SELECT r.id, d.valid, d.reason AS why, round(ST_X(d.location)::numeric, 7) AS x,"
        "  round(ST_Y(d.location)::numeric, 7) AS y,"
        "  CASE WHEN d.valid THEN {inside} END AS inside,"
        "  CASE WHEN d.valid THEN (SELECT {grid} FROM (SELECT {snap} AS p) AS s) END AS grid,"
        "  CASE WHEN d.valid THEN ST_Area(r.geom::geography) END AS area"
        "  FROM {rows} AS r CROSS JOIN LATERAL ST_IsValidDetail(r.geom) AS d"
        "  WHERE {judged} AND r.geom IS NOT NULL) AS j) AS k"
        " WHERE r.id = k.id"
    ).format(inside=inside, grid=grid, snap=sql_snap_point_of(layer, sql.SQL("r.geom")), no_grid=no_grid,
             judged=JUDGED, **names)


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
        "UPDATE {rows} AS r SET action = 'invalid', reason = format('wrong geometry kind: a feature of %%s %%s is a"
        " %%s, not a %%s', {name}, c.{key}, c.geometry_kind, GeometryType(r.geom))"
        " FROM {rows} AS s LEFT JOIN {table} AS t ON t.{pk} = s.feature_id"
        " JOIN {categories} AS c ON c.{key} = coalesce(s.attributes ->> {column_name}, t.{column}::text)"
        " WHERE s.id = r.id AND s.import_id = %(id)s AND r.geom IS NOT NULL"
        " AND (s.action = 'add' OR (s.action = 'update' AND (s.moved OR {column_name} = ANY (s.changed))))"
        " AND NOT GeometryType(r.geom) = ANY (CASE c.geometry_kind {cases} ELSE ARRAY[GeometryType(r.geom)] END)"
    ).format(name=sql.Literal(layer.geometry_kind_field), key=key, column=sql.Identifier(column),
             column_name=sql.Literal(column), categories=categories, cases=cases, **_t(layer))


def _scope_after(view: LayerView, column: str) -> sql.Composable:
    if column == view.grid_column:
        return sql.SQL("CASE WHEN r.feature_id IS NULL OR r.moved THEN r.grid ELSE t.{c}::text END").format(
            c=sql.Identifier(column))
    return sql.SQL("coalesce(r.attributes ->> {name}, t.{c}::text)").format(name=sql.Literal(column),
                                                                             c=sql.Identifier(column))


ADD_RIGHTS = sql.SQL(
    "UPDATE {rows} AS r SET action = 'invalid', reason = CASE WHEN %(no_adds)s::text IS NOT NULL THEN %(no_adds)s"
    " WHEN r.geom IS NULL THEN 'a new feature needs a geometry' ELSE %(required)s END"
    " WHERE r.import_id = %(id)s AND r.action = 'add'"
    " AND (%(no_adds)s::text IS NOT NULL OR r.geom IS NULL OR %(required)s::text IS NOT NULL)"
).format(rows=ROWS)
"""New rows the writer may not add: its role sets no required field (``%(no_adds)s``), the file lacks one
(``%(required)s``), or the row has no geometry."""


def rights(view: LayerView) -> sql.Composed:
    """What a scoped writer may not do, on the rows that add or update: change a row that is not of its grids or
    department, before or after the change; change a field it may not set (``%(unwritable)s``)."""
    scope = view.write_scope
    before = sql.SQL("FALSE")
    after = sql.SQL("FALSE")
    if scope is not None:
        before = sql.SQL("t.{pk} IS NOT NULL AND NOT ({held})").format(pk=sql.Identifier(view.id_column), held=sql.SQL(
            " OR ").join(sql.SQL("t.{}::text = ANY (%(scope)s)").format(sql.Identifier(c)) for c in scope.columns))
        after = sql.SQL("NOT ({held})").format(held=sql.SQL(" OR ").join(
            sql.SQL("{} = ANY (%(scope)s)").format(_scope_after(view, c)) for c in scope.columns))
    return sql.SQL(
        "UPDATE {rows} AS r SET action = 'invalid', reason = k.reason"
        " FROM (SELECT r.id, CASE WHEN {before} THEN %(why_before)s"
        "  WHEN r.changed && %(unwritable)s::text[] THEN format('no write right: your role may not change %%s',"
        "   array_to_string(ARRAY(SELECT unnest(r.changed) INTERSECT SELECT unnest(%(unwritable)s::text[])), ', '))"
        "  WHEN {after} THEN %(why_after)s END AS reason"
        "  FROM {rows} AS r LEFT JOIN {table} AS t ON t.{pk} = r.feature_id"
        "  WHERE r.import_id = %(id)s AND r.action IN ('add', 'update')) AS k"
        " WHERE r.id = k.id AND k.reason IS NOT NULL"
    ).format(before=before, after=after, **_t(view.layer))


def deletions(view: LayerView, column: str) -> sql.Composed:
    """Features of the layer the file does not name (by ``column``), within the writer's rows, staged as
    deletions."""
    scope = view.write_scope
    held = sql.SQL("TRUE")
    if scope is not None:
        held = sql.SQL(" OR ").join(sql.SQL("t.{}::text = ANY (%(scope)s)").format(sql.Identifier(c))
                                    for c in scope.columns)
    return sql.SQL(
        "INSERT INTO {rows} (import_id, row, code, attributes, feature_id, moved, action)"
        " SELECT %(id)s, NULL, t.{column}::text, '{{}}'::jsonb, t.{pk}, FALSE, 'delete'"
        " FROM {table} AS t WHERE ({held}) AND NOT EXISTS (SELECT 1 FROM {rows} AS r WHERE r.import_id = %(id)s"
        " AND r.code = t.{column}::text)"
    ).format(column=sql.Identifier(column), held=held, **_t(view.layer))


COUNTS = sql.SQL("SELECT action, count(*) FROM {rows} WHERE import_id = %(id)s GROUP BY action").format(rows=ROWS)

SNAPSHOT = ("SELECT txid_current_snapshot()::text, transaction_timestamp(),"
            " (SELECT coalesce(max(id), 0) FROM layers_history)")
"""What the dry run saw (taken before it matches): a feature with a history row written after it, or by a
transaction not visible in it, has changed since (``layers.imports.writes.JOURNAL``)."""
