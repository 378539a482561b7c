"""The statements of a commit: DELETE, UPDATE ... FROM and INSERT ... SELECT from the staged rows, one statement each
(the layer's statement-level triggers record the history of each statement in one pass), then the check that none of
the features changed since the dry run (the DELETE and UPDATE lock the rows they write; how many they wrote tells
whether one was deleted meanwhile). Values are the staged jsonb's, cast to the layer's column types; identifiers come
from the registry and the model."""
from __future__ import annotations

from collections.abc import Sequence

from psycopg2 import sql

from layers.editing.inputs import model_fields
from layers.registry import Layer

from .sql import ROWS, _t, staged


HISTORY_NOW = "SELECT coalesce(max(id), 0) FROM layers_history"
"""The last history row before the commit writes: the rows its own statements write come after it."""

OWN = "(h.txid = txid_current() AND h.id > %(history_now)s)"
JOURNAL = (
    f"SELECT {OWN} AS own, h.operation, h.feature_id, h.version FROM layers_history AS h"
    " WHERE h.id > %(history_seen)s AND h.layer = %(layer)s"
    " UNION ALL SELECT false, h.operation, h.feature_id, h.version FROM layers_history AS h"
    " WHERE h.layer = %(layer)s AND h.changed_at >= %(seen_at)s::timestamptz - interval '1 day'"
    " AND h.id <= %(history_seen)s AND NOT txid_visible_in_snapshot(h.txid, %(snapshot)s::txid_snapshot)"
    " ORDER BY 3"
)
"""After the commit's writes, the layer's history since its dry run, in one pass: the commit's own rows (``own``:
this transaction's, after ``history_now``), whose versions the result lists, and the others: features changed since
the dry run, by a history row written after it or by a transaction it did not see (from the index on (layer,
changed_at); one older than a day when the dry run ran is not looked for). Usually there are none: the commit's
DELETE and UPDATE locked their rows, so a concurrent edit has committed before them or waits for this transaction."""

STALE_ROWS = sql.SQL(
    "SELECT r.row, r.code, r.feature_id FROM {rows} AS r WHERE r.import_id = %(id)s"
    " AND r.action IN ('update', 'delete') AND r.feature_id = ANY (%(stale)s) ORDER BY r.row NULLS LAST LIMIT 5"
).format(rows=ROWS)
"""The staged updates and deletions of features changed since the dry run, looked up only when there are some: the
planner, which does not know the staged rows' actions, read every staged row of every import for an empty list (1 s
when the staging table held dead rows)."""

CHANGING = sql.SQL(
    "SELECT DISTINCT unnest(changed) FROM {rows} WHERE import_id = %(id)s AND action = 'update'"
).format(rows=ROWS)
"""The fields some staged update changes (and ``geometry`` when some row moves)."""


def delete(layer: Layer) -> sql.Composed:
    return sql.SQL(
        "DELETE FROM {table} AS t USING {rows} AS r WHERE r.import_id = %(id)s AND r.action = 'delete'"
        " AND t.{pk} = r.feature_id"
    ).format(**_t(layer))


def _derived(layer: Layer, *, insert: bool, moved: bool) -> list[tuple[str, sql.Composable]]:
    """(column, value) of the derived columns: grid and area of a new or moved geometry, now() for timestamps."""
    pairs: list[tuple[str, sql.Composable]] = []
    if insert or moved:
        keep = (lambda column, value: value) if insert else (
            lambda column, value: sql.SQL("CASE WHEN r.moved THEN {} ELSE t.{} END").format(value,
                                                                                         sql.Identifier(column)))
        if layer.snapped_to_grid:
            pairs.append((layer.grid_column, keep(layer.grid_column, sql.SQL("r.grid"))))
        if layer.area_field:
            column = layer.model._meta.get_field(layer.area_field).column
            pairs.append((column, keep(column, sql.SQL("r.area * {}").format(sql.Literal(layer.area_factor)))))
    for column, field in model_fields(layer).items():
        if getattr(field, "auto_now", False) or (insert and getattr(field, "auto_now_add", False)):
            pairs.append((column, sql.SQL("now()")))
    return pairs


def update(layer: Layer, changing: Sequence[str]) -> sql.Composed:
    """UPDATE every staged update: the fields some update ``changing`` changes (each row's own value, unchanged
    or not) and, when some row moves, the geometry of the rows that move."""
    moved = "geometry" in changing
    pairs = [(c, staged(layer, c)) for c in changing if c != "geometry"]
    if moved:
        pairs.append((layer.geometry_column, sql.SQL("CASE WHEN r.moved THEN r.geom ELSE t.{} END").format(
            sql.Identifier(layer.geometry_column))))
    pairs += _derived(layer, insert=False, moved=moved)
    sets = sql.SQL(", ").join(sql.SQL("{} = {}").format(sql.Identifier(c), v) for c, v in pairs)
    return sql.SQL(
        "UPDATE {table} AS t SET {sets} FROM {rows} AS r"
        " WHERE r.import_id = %(id)s AND r.action = 'update' AND t.{pk} = r.feature_id"
    ).format(sets=sets, **_t(layer))


def insert(layer: Layer, columns: Sequence[str]) -> sql.Composed:
    """INSERT every staged add, in file order: ``columns`` (every non-derived column) from the row's attributes
    over ``%(defaults)s`` (jsonb), the geometry and the derived columns."""
    values = sql.SQL("(%(defaults)s::jsonb || r.attributes)")
    pairs = [(c, staged(layer, c, values)) for c in columns]
    pairs.append((layer.geometry_column, sql.SQL("r.geom")))
    pairs += _derived(layer, insert=True, moved=True)
    return sql.SQL(
        "INSERT INTO {table} ({names}) SELECT {values} FROM {rows} AS r"
        " WHERE r.import_id = %(id)s AND r.action = 'add' ORDER BY r.row"
    ).format(names=sql.SQL(", ").join(sql.Identifier(c) for c, _ in pairs),
             values=sql.SQL(", ").join(v for _, v in pairs), **_t(layer))
