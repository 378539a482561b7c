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

from layers.sqltext import quote_literal
from layers.triggers import EVENTS, drop_triggers_sql, triggers_sql

from .catalog import tilesets_of_layer

FUNCTION_SQL = Path(__file__).with_name("sql") / "invalidate.sql"
PREFIX = "tiles_invalidate"


def trigger_name(event: str) -> str:
    return f"{PREFIX}_{event}"


def layer_trigger_sql(layer: Layer) -> list[str]:
    """``CREATE TRIGGER`` statements (after dropping any previous ones) for one layer table."""
    arguments = (layer.id, layer.geometry_column, layer.id_column, *tilesets_of_layer(layer))
    return triggers_sql(layer, prefix=PREFIX, function="tiles_invalidate", arguments=arguments)


def drop_layer_trigger_sql(layer: Layer) -> list[str]:
    return drop_triggers_sql(layer, prefix=PREFIX)


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
