"""The topology triggers, generated from the rules the layer registry declares (STYLE rule 10: named here and in
the migration ``layers.0009_topology``; ``manage.py topology_triggers`` refreshes them after the registry changes).

``cover`` is a deferred constraint trigger per row (``layers_topology_cover``): a boundary moved between
neighbours by several statements is judged once, at commit or at ``SET CONSTRAINTS ALL IMMEDIATE`` (which every
edit of ``layers.editing`` runs before it ends). ``no_overlap`` and ``inside_county`` are statement-level triggers
on inserts and updates (``layers_topology_<rule>_insert`` / ``_update``) that judge only the rows moved.
"""
from __future__ import annotations

from pathlib import Path

from layers import registry
from layers.locate.sql_bulk import key_column
from layers.registry import Layer, get_layer
from layers.sqltext import quote_ident, quote_literal

FUNCTION_SQL = Path(__file__).with_name("sql") / "rules.sql"
PREFIX = "layers_topology"
FUNCTIONS = {"cover": "layers_topology_cover", "no_overlap": "layers_topology_no_overlap",
             "inside_county": "layers_topology_inside"}
COUNTY_LEVEL = "county"
STATEMENT_EVENTS = {
    "insert": "AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows",
    "update": "AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
}


def rule_name(layer: Layer, rule: str) -> str:
    """The constraint name a breach is raised with: ``<layer>_<rule>`` (``grids_cover``)."""
    return f"{layer.id.replace('-', '_')}_{rule}"


def _arguments(layer: Layer, rule: str) -> tuple[str, ...]:
    own = (layer.table, layer.id_column, layer.geometry_column, key_column(layer))
    if rule == "no_overlap":
        return (*own, rule_name(layer, rule))
    counties = get_layer("admin-areas")
    level = counties.model._meta.get_field("level").column
    return (*own, counties.table, counties.geometry_column, level, COUNTY_LEVEL, rule_name(layer, rule))


def trigger_names(rule: str) -> list[str]:
    if rule == "cover":
        return [f"{PREFIX}_cover"]
    return [f"{PREFIX}_{rule}_{event}" for event in STATEMENT_EVENTS]


def layer_trigger_sql(layer: Layer) -> list[str]:
    """Statements that (re)create the triggers of the rules ``layer`` declares and drop those of the others."""
    table = quote_ident(layer.table)
    statements = drop_layer_trigger_sql(layer)
    for rule in layer.topology:
        call = f"{FUNCTIONS[rule]}({', '.join(quote_literal(value) for value in _arguments(layer, rule))})"
        if rule == "cover":
            statements.append(
                f"CREATE CONSTRAINT TRIGGER {PREFIX}_cover AFTER INSERT OR UPDATE OF "
                f"{quote_ident(layer.geometry_column)} OR DELETE ON {table} DEFERRABLE INITIALLY DEFERRED "
                f"FOR EACH ROW EXECUTE FUNCTION {call}"
            )
            continue
        for event, clause in STATEMENT_EVENTS.items():
            statements.append(f"CREATE TRIGGER {PREFIX}_{rule}_{event} {clause.format(table=table)} "
                              f"FOR EACH STATEMENT EXECUTE FUNCTION {call}")
    return statements


def drop_layer_trigger_sql(layer: Layer) -> list[str]:
    table = quote_ident(layer.table)
    return [f"DROP TRIGGER IF EXISTS {name} ON {table}" for rule in FUNCTIONS for name in trigger_names(rule)]


def install_sql() -> list[str]:
    statements = [FUNCTION_SQL.read_text(encoding="utf-8")]
    for layer in registry.LAYERS:
        statements.extend(layer_trigger_sql(layer))
    return statements


def install(cursor) -> None:
    for statement in install_sql():
        cursor.execute(statement)


def uninstall(cursor) -> None:
    for layer in registry.LAYERS:
        for statement in drop_layer_trigger_sql(layer):
            cursor.execute(statement)
