"""The statements of a commit: lock the features the import changes, check none changed since the dry run, then
DELETE, UPDATE ... FROM and INSERT ... SELECT from the staged rows, one statement each (the layer's statement-level
triggers record the history of each statement in one pass). Values come from the staged jsonb through
``jsonb_populate_record`` (typed as the layer's columns); identifiers from the registry and the model."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from psycopg2 import sql

from layers.editing.inputs import model_fields
from layers.registry import Layer

from .sql import ROWS, _t


def lock(layer: Layer) -> sql.Composed:
    """The features the import updates or deletes, locked in id order: how many there are still."""
    return sql.SQL(
        "SELECT count(*) FROM (SELECT 1 FROM {table} AS t JOIN {rows} AS r ON t.{pk} = r.feature_id"
        " WHERE r.import_id = %(id)s AND r.action IN ('update', 'delete') ORDER BY t.{pk} FOR UPDATE OF t) AS l"
    ).format(**_t(layer))


def stale() -> sql.Composed:
    """Staged rows whose feature is gone or changed since the dry run (first few, by row)."""
    return sql.SQL(
        "SELECT r.row, r.code, r.feature_id FROM {rows} AS r WHERE r.import_id = %(id)s"
        " AND r.action IN ('update', 'delete') AND r.version IS DISTINCT FROM (SELECT max(h.version)"
        " FROM layers_history AS h WHERE h.layer = %(layer)s AND h.feature_id = r.feature_id)"
        " AND (r.version > 0 OR EXISTS (SELECT 1 FROM layers_history AS h WHERE h.layer = %(layer)s"
        " AND h.feature_id = r.feature_id))"
        " ORDER BY r.row NULLS LAST LIMIT 5"
    ).format(rows=ROWS)


def delete(layer: Layer) -> sql.Composed:
    return sql.SQL(
        "DELETE FROM {table} AS t USING {rows} AS r WHERE r.import_id = %(id)s AND r.action = 'delete'"
        " AND t.{pk} = r.feature_id"
    ).format(**_t(layer))


def _derived(layer: Layer, *, insert: bool) -> list[tuple[sql.Composable, sql.Composable]]:
    """(column, value) of the derived columns: grid and area of a new or moved geometry, now() for timestamps."""
    pairs = []
    moved = sql.SQL("TRUE") if insert else sql.SQL("r.moved")
    if layer.snapped_to_grid:
        pairs.append((layer.grid_column, sql.SQL("CASE WHEN {m} THEN r.grid ELSE t.{c} END").format(
            m=moved, c=sql.Identifier(layer.grid_column)) if not insert else sql.SQL("r.grid")))
    if layer.area_field:
        column = layer.model._meta.get_field(layer.area_field).column
        area = sql.SQL("r.area * {f}").format(f=sql.Literal(layer.area_factor))
        pairs.append((column, area if insert else sql.SQL("CASE WHEN r.moved THEN {a} ELSE t.{c} END").format(
            a=area, c=sql.Identifier(column))))
    for column, field in model_fields(layer).items():
        if getattr(field, "auto_now", False) or (insert and getattr(field, "auto_now_add", False)):
            pairs.append((column, sql.SQL("now()")))
    return [(sql.Identifier(column), value) for column, value in pairs]


def update(layer: Layer, columns: Sequence[str]) -> sql.Composed:
    """UPDATE every staged update: the file's ``columns`` (not derived) and, when moved, the geometry."""
    pairs = [(sql.Identifier(c), sql.SQL("p.{}").format(sql.Identifier(c))) for c in columns]
    pairs.append((sql.Identifier(layer.geometry_column),
                  sql.SQL("CASE WHEN r.moved THEN r.geom ELSE t.{} END").format(sql.Identifier(layer.geometry_column))))
    pairs += _derived(layer, insert=False)
    sets = sql.SQL(", ").join(sql.SQL("{} = {}").format(c, v) for c, v in pairs)
    return sql.SQL(
        "UPDATE {table} AS t SET {sets} FROM {rows} AS r CROSS JOIN LATERAL"
        " jsonb_populate_record(NULL::{table}, r.attributes) AS p"
        " WHERE r.import_id = %(id)s AND r.action = 'update' AND t.{pk} = r.feature_id"
    ).format(sets=sets, **_t(layer))


def insert(layer: Layer, columns: Sequence[str]) -> sql.Composed:
    """INSERT every staged add, in file order: ``%(defaults)s`` (jsonb) under the row's attributes, for
    ``columns`` (every non-derived column), the geometry and the derived columns; returns the new ids."""
    pairs = [(sql.Identifier(c), sql.SQL("p.{}").format(sql.Identifier(c))) for c in columns]
    pairs.append((sql.Identifier(layer.geometry_column), sql.SQL("r.geom")))
    pairs += _derived(layer, insert=True)
    return sql.SQL(
        "INSERT INTO {table} ({names}) SELECT {values} FROM {rows} AS r CROSS JOIN LATERAL"
        " jsonb_populate_record(NULL::{table}, %(defaults)s::jsonb || r.attributes) AS p"
        " WHERE r.import_id = %(id)s AND r.action = 'add' ORDER BY r.row"
    ).format(names=sql.SQL(", ").join(c for c, _ in pairs), values=sql.SQL(", ").join(v for _, v in pairs),
             **_t(layer))


VERSIONS = (
    "SELECT operation, feature_id, version FROM layers_history WHERE layer = %(layer)s"
    " AND changed_at = transaction_timestamp() AND txid = txid_current() ORDER BY feature_id"
)
"""The versions this transaction wrote (the history index on (layer, changed_at) finds them)."""


def params(import_id, layer: Layer, extra: Mapping | None = None) -> dict:
    return {"id": import_id, "layer": layer.id, **(extra or {})}
