"""The history triggers, generated from the layer registry (STYLE rule 10: named here and in the migration).

``sql/record.sql`` defines one function, ``layers_history_record()``; every layer table of the registry gets four
statement-level triggers that call it, ``layers_history_insert`` / ``_update`` / ``_delete`` / ``_truncate``
(with transition tables, like the tile cache's). The migration ``layers.0007_history`` installs them, and so does
``manage.py history_triggers`` after the registry gains or loses a layer (installing is idempotent;
``tests/layers/history/test_triggers.py`` fails when a layer has none).
"""
from __future__ import annotations

from pathlib import Path

from layers import registry
from layers.registry import Layer
from layers.triggers import EVENTS, drop_triggers_sql, triggers_sql
from spatial.crs import STORAGE_SRID

FUNCTION_SQL = Path(__file__).with_name("sql") / "record.sql"

TABLE_SQL = f"""
CREATE TABLE IF NOT EXISTS layers_history (
    id bigserial PRIMARY KEY,
    layer varchar(40) NOT NULL,
    feature_id bigint NOT NULL,
    version integer NOT NULL CHECK (version > 0),
    operation varchar(6) NOT NULL CHECK (operation IN ('insert', 'update', 'delete')),
    changed_at timestamptz NOT NULL,
    txid bigint NOT NULL,
    actor_id bigint NULL,
    actor_name varchar(150) NULL,
    path varchar(20) NOT NULL,
    attributes_before jsonb NULL,
    attributes_after jsonb NULL,
    geom_before geometry(Geometry, {STORAGE_SRID}) NULL,
    geom_after geometry(Geometry, {STORAGE_SRID}) NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS layers_history_feature_version ON layers_history (layer, feature_id, version);
CREATE INDEX IF NOT EXISTS layers_history_changes_after ON layers_history (layer, changed_at)
    INCLUDE (feature_id, version, operation);
CREATE INDEX IF NOT EXISTS layers_history_deletions ON layers_history (layer, feature_id) WHERE operation = 'delete';
"""
"""The history table: written only by the triggers. (layer, feature_id, version) answers a feature's history and
its current version; (layer, changed_at) with the feature, version and operation answers what changed after an
instant (the as-of read) from the index alone; the deletions of a layer are indexed apart (the restorable ones)."""

PREFIX = "layers_history"


def trigger_name(event: str) -> str:
    return f"{PREFIX}_{event}"


def layer_trigger_sql(layer: Layer) -> list[str]:
    """``CREATE TRIGGER`` statements (after dropping any previous ones) for one layer table."""
    arguments = (layer.id, layer.id_column, layer.geometry_column)
    return triggers_sql(layer, prefix=PREFIX, function="layers_history_record", arguments=arguments)


def install_sql() -> list[str]:
    """Every statement that (re)installs the table, the function and the triggers of every registry layer."""
    statements = [TABLE_SQL, FUNCTION_SQL.read_text(encoding="utf-8")]
    for layer in registry.LAYERS:
        statements.extend(layer_trigger_sql(layer))
    return statements


def uninstall_triggers_sql() -> list[str]:
    """Statements that drop the triggers (the table and its rows stay: history is never dropped by a command)."""
    return [statement for layer in registry.LAYERS for statement in drop_triggers_sql(layer, prefix=PREFIX)]


def install(cursor) -> None:
    for statement in install_sql():
        cursor.execute(statement)


def uninstall(cursor) -> None:
    for statement in uninstall_triggers_sql():
        cursor.execute(statement)


__all__ = ["EVENTS", "install", "install_sql", "layer_trigger_sql", "trigger_name", "uninstall"]
