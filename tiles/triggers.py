"""The invalidation triggers of the tile cache, generated from the layer registry.

``tiles/sql/invalidate.sql`` defines one function, ``tiles_invalidate()``; every layer table (tiles are drawn of
every layer, for the audiences that may read it) gets four
statement-level triggers that call it: after INSERT (``NEW TABLE AS new_rows``), UPDATE (``OLD TABLE AS old_rows
NEW TABLE AS new_rows``), DELETE (``OLD TABLE AS old_rows``) and TRUNCATE. The migration ``0002`` installs them,
and so does ``manage.py tiles_triggers`` after the registry gains or loses a layer (installing is
idempotent; ``tests/tiles/test_tile_triggers.py`` fails when a public layer has no trigger).
"""
from __future__ import annotations

from pathlib import Path

from layers import registry
from layers.registry import Layer

from .catalog import tilesets_of_layer
from .sql import quote_ident, quote_literal

FUNCTION_SQL = Path(__file__).with_name("sql") / "invalidate.sql"

EVENTS: dict[str, str] = {
    "insert": "AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows",
    "update": "AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows",
    "truncate": "AFTER TRUNCATE ON {table}",
}


def trigger_name(event: str) -> str:
    return f"tiles_invalidate_{event}"


def layer_trigger_sql(layer: Layer) -> list[str]:
    """``CREATE TRIGGER`` statements (after dropping any previous ones) for one layer table."""
    table = quote_ident(layer.table)
    values = (layer.id, layer.geometry_column, layer.id_column, *tilesets_of_layer(layer))
    arguments = ", ".join(quote_literal(value) for value in values)
    statements = []
    for event, clause in EVENTS.items():
        name = trigger_name(event)
        statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        statements.append(
            f"CREATE TRIGGER {name} {clause.format(table=table)}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION tiles_invalidate({arguments})"
        )
    return statements


def drop_layer_trigger_sql(layer: Layer) -> list[str]:
    table = quote_ident(layer.table)
    return [f"DROP TRIGGER IF EXISTS {trigger_name(event)} ON {table}" for event in EVENTS]


def install_sql() -> list[str]:
    """Every statement that (re)installs the function, the version rows and the triggers of the layers."""
    statements = [FUNCTION_SQL.read_text(encoding="utf-8")]
    for layer in registry.LAYERS:
        statements.append(
            f"INSERT INTO tiles_layerversion (layer, version) VALUES ({quote_literal(layer.id)}, 0)"
            " ON CONFLICT (layer) DO NOTHING"
        )
        statements.extend(layer_trigger_sql(layer))
    return statements


def uninstall_sql() -> list[str]:
    statements: list[str] = []
    for layer in registry.LAYERS:
        statements.extend(drop_layer_trigger_sql(layer))
    return statements + ["DROP FUNCTION IF EXISTS tiles_invalidate()"]


def install(cursor) -> None:
    """Install (or refresh) the invalidation triggers with a DB-API cursor."""
    for statement in install_sql():
        cursor.execute(statement)


def uninstall(cursor) -> None:
    for statement in uninstall_sql():
        cursor.execute(statement)
