"""Statement-level triggers on every layer table of the registry, for what must hold on every write path (STYLE
rule 10): the tile cache's invalidation (``tiles.triggers``) and the history (``layers.history.triggers``). Each
names its triggers ``<prefix>_<event>`` and one function that reads the changed rows from transition tables."""
from __future__ import annotations

from layers.registry import Layer

from .sqltext import quote_ident, quote_literal

EVENTS: dict[str, str] = {
    "insert": "AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows",
    "update": "AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows",
    "truncate": "AFTER TRUNCATE ON {table}",
}


def trigger_name(prefix: str, event: str) -> str:
    return f"{prefix}_{event}"


def drop_triggers_sql(layer: Layer, *, prefix: str) -> list[str]:
    table = quote_ident(layer.table)
    return [f"DROP TRIGGER IF EXISTS {trigger_name(prefix, event)} ON {table}" for event in EVENTS]


def triggers_sql(layer: Layer, *, prefix: str, function: str, arguments: tuple[str, ...]) -> list[str]:
    """``CREATE TRIGGER`` statements for one layer table (after dropping any previous ones): every event calls
    ``function`` once per statement with ``arguments`` as constant text."""
    table = quote_ident(layer.table)
    call = f"{function}({', '.join(quote_literal(value) for value in arguments)})"
    statements = []
    for event, clause in EVENTS.items():
        name = trigger_name(prefix, event)
        statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        statements.append(f"CREATE TRIGGER {name} {clause.format(table=table)} FOR EACH STATEMENT EXECUTE FUNCTION {call}")
    return statements
