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

FUNCTION_SQL = Path(__file__).with_name("sql") / "record.sql"

TABLE_SQL = """
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
    geom_before geometry(Geometry, 4490) NULL,
    geom_after geometry(Geometry, 4490) NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS layers_history_feature_version ON layers_history (layer, feature_id, version);
CREATE INDEX IF NOT EXISTS layers_history_changes_after ON layers_history (layer, changed_at)
    INCLUDE (feature_id, version, operation);
"""
"""The history table: written only by the triggers. (layer, feature_id, version) answers a feature's history and
its current version; (layer, changed_at) with the feature, version and operation answers what changed after an
instant (the as-of read) from the index alone."""

EVENTS: dict[str, str] = {
    "insert": "AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT",
    "update": "AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT",
    "delete": "AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT",
    "truncate": "AFTER TRUNCATE ON {table} FOR EACH STATEMENT",
}


def trigger_name(event: str) -> str:
    return f"layers_history_{event}"


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _ident(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def layer_trigger_sql(layer: Layer) -> list[str]:
    """``CREATE TRIGGER`` statements (after dropping any previous ones) for one layer table."""
    table = _ident(layer.table)
    arguments = ", ".join(_literal(value) for value in (layer.id, layer.id_column, layer.geometry_column))
    statements = []
    for event, clause in EVENTS.items():
        name = trigger_name(event)
        statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        statements.append(
            f"CREATE TRIGGER {name} {clause.format(table=table)} EXECUTE FUNCTION layers_history_record({arguments})"
        )
    return statements


def install_sql() -> list[str]:
    """Every statement that (re)installs the table, the function and the triggers of every registry layer."""
    statements = [TABLE_SQL, FUNCTION_SQL.read_text(encoding="utf-8")]
    for layer in registry.LAYERS:
        statements.extend(layer_trigger_sql(layer))
    return statements


def uninstall_triggers_sql() -> list[str]:
    """Statements that drop the triggers (the table and its rows stay: history is never dropped by a command)."""
    return [
        f"DROP TRIGGER IF EXISTS {trigger_name(event)} ON {_ident(layer.table)}"
        for layer in registry.LAYERS for event in EVENTS
    ]


def install(cursor) -> None:
    for statement in install_sql():
        cursor.execute(statement)


def uninstall(cursor) -> None:
    for statement in uninstall_triggers_sql():
        cursor.execute(statement)


__all__ = ["EVENTS", "install", "install_sql", "layer_trigger_sql", "trigger_name", "uninstall"]
