"""Migration ``layers.0013``: the standard layer tables partitioned by range of county code, with everything that
hung on them before, judged against what the models and the trigger installers expect."""
from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from layers.history import triggers as history
from layers.partitions import PARTITIONED_LAYERS, add_county
from layers.registry import get_layer
from layers.topology import triggers as topology
from tiles import triggers as tiles

LAYERS = [get_layer(layer_id) for layer_id in PARTITIONED_LAYERS]


def copy_component(cursor, county: str) -> str:
    """Insert a copy of a component whose code starts with ``county``; return the partition it landed in."""
    columns = ", ".join(f.column for f in get_layer("components").model._meta.concrete_fields
                        if not f.primary_key and f.column != "code")
    cursor.execute(f"INSERT INTO layers_component (code, {columns}) SELECT %s || substr(code, 7), {columns}"
                   " FROM layers_component ORDER BY code LIMIT 1 RETURNING tableoid::regclass::text", [county])
    return cursor.fetchone()[0]


def rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@pytest.mark.parametrize("layer", LAYERS, ids=lambda layer: layer.id)
def test_each_table_is_partitioned_by_range_of_code_with_the_county_and_a_default(db, layer):
    [(strategy, key)] = rows("SELECT p.partstrat, a.attname FROM pg_partitioned_table p JOIN pg_attribute a"
                             " ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] WHERE p.partrelid = %s::regclass",
                             [layer.table])
    assert (strategy, key) == ("r", "code")
    bounds = dict(rows("SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i"
                       " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass", [layer.table]))
    county = settings.PINGDING_COUNTY_CODE
    assert bounds[f"{layer.table}_{county}"] == f"FOR VALUES FROM ('{county}') TO ('{int(county) + 1}')"
    assert bounds[f"{layer.table}_default"] == "DEFAULT"
    assert rows(f"SELECT count(*) FROM {layer.table}_default") == [(0,)]
    assert rows(f"SELECT count(*) FROM ONLY {layer.table}") == [(0,)]
    seeded = rows(f"SELECT count(*) FROM {layer.table}")[0][0]
    assert seeded > 0 and rows(f"SELECT count(*) FROM {layer.table}_{county}") == [(seeded,)]


@pytest.mark.parametrize("layer", LAYERS, ids=lambda layer: layer.id)
def test_every_index_the_model_declares_is_on_the_parent_and_on_every_partition(db, layer):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, layer.table)
    indexed = {tuple(c["columns"]) for c in constraints.values() if c["index"] or c["unique"] or c["primary_key"]}
    model = layer.model
    for field in model._meta.concrete_fields:
        if field.primary_key:
            assert (field.column, "code") in indexed
        elif field.unique or field.db_index or getattr(field, "spatial_index", False) or field.is_relation:
            assert (field.column,) in indexed, field.name
    for index in model._meta.indexes:
        assert index.name in constraints
    parent = rows("SELECT count(*) FROM pg_index WHERE indrelid = %s::regclass", [layer.table])[0][0]
    for (partition,) in rows("SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = %s::regclass",
                             [layer.table]):
        assert rows("SELECT count(*) FROM pg_index WHERE indrelid = %s::regclass", [partition]) == [(parent,)]


@pytest.mark.parametrize("layer", LAYERS, ids=lambda layer: layer.id)
def test_every_foreign_key_out_of_and_into_the_table_is_kept(db, layer):
    out = set(rows("SELECT a.attname, confrelid::regclass::text FROM pg_constraint c JOIN pg_attribute a"
                   " ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] WHERE c.contype = 'f' AND c.conrelid = %s::regclass",
                   [layer.table]))
    into = set(rows("SELECT conrelid::regclass::text, a.attname FROM pg_constraint c JOIN pg_attribute a"
                    " ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] WHERE c.contype = 'f'"
                    " AND c.confrelid = %s::regclass AND conparentid = 0", [layer.table]))
    # by id into a partitioned table: kept by triggers (layers.partitions.references; tests/province/test_references.py)
    into |= set(rows("SELECT tgrelid::regclass::text, split_part(encode(tgargs, 'escape'), '\\000', 2) FROM pg_trigger"
                     " WHERE tgname = split_part(encode(tgargs, 'escape'), '\\000', 1) || '_insert'"
                     " AND split_part(encode(tgargs, 'escape'), '\\000', 3) = %s", [layer.table]))
    model = layer.model
    expected_out = {(f.column, f.related_model._meta.db_table) for f in model._meta.concrete_fields if f.is_relation}
    assert expected_out and expected_out <= out
    expected_in = {(r.related_model._meta.db_table, r.field.column) for r in model._meta.related_objects
                   if r.field.concrete and r.related_model._meta.managed}
    assert expected_in <= into


@pytest.mark.parametrize("layer", LAYERS, ids=lambda layer: layer.id)
def test_history_tile_and_topology_triggers_are_on_the_parent(db, layer):
    names = {name for (name,) in rows("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                                      [layer.table])}
    expected = {history.trigger_name(event) for event in history.EVENTS}
    expected |= {tiles.trigger_name(event) for event in history.EVENTS}
    expected |= {name for rule in layer.topology for name in topology.trigger_names(rule)}
    assert expected <= names


def test_ids_still_come_from_the_tables_own_sequence(db):
    [(sequence,)] = rows("SELECT pg_get_serial_sequence('layers_grid', 'id')")
    assert sequence == "public.layers_grid_id_seq"
    [(highest,)] = rows("SELECT max(id) FROM layers_grid")
    [(last,)] = rows(f"SELECT last_value FROM {sequence}")
    assert last >= highest


def test_no_partition_is_read_by_parallel_workers_and_a_bbox_page_runs_in_one_process(db):
    """A page with a bounding box over several counties: without the setting it was planned as a Parallel Append
    under a Gather (some 30 ms of worker start for a page of 100)."""
    from bench.paging import page_statement

    with connection.cursor() as cursor:
        add_county(cursor, "140322")
        partitions = rows("SELECT c.relname, c.reloptions FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                          " WHERE i.inhparent = ANY(%s::regclass[])", [[layer.table for layer in LAYERS]])
        assert len(partitions) == 3 * len(LAYERS)
        assert all("parallel_workers=0" in options for _, options in partitions), partitions
        cursor.execute("SET LOCAL parallel_setup_cost = 0")
        cursor.execute("SET LOCAL parallel_tuple_cost = 0")
        cursor.execute("SET LOCAL min_parallel_table_scan_size = 0")
        cursor.execute("SET LOCAL min_parallel_index_scan_size = 0")
        statement = page_statement(get_layer("components"), "limit=100&bbox=113.0,37.0,114.5,38.5&f=json")
        cursor.execute("EXPLAIN " + statement.text, statement.params)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "Gather" not in plan and "Parallel" not in plan, plan


def test_the_models_have_no_migration_to_make(db):
    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO())


def test_add_county_is_idempotent_and_routes_writes_to_the_new_partition(db):
    with connection.cursor() as cursor:
        assert add_county(cursor, "140322") == len(LAYERS)
        assert add_county(cursor, "140322") == 0
        assert copy_component(cursor, "140322") == "layers_component_140322"


@pytest.mark.parametrize("county", ["14032", "1403210", "abcdef", "040321"])
def test_add_county_refuses_a_code_that_is_not_a_county(db, county):
    with pytest.raises(DatabaseError, match="six digits"), transaction.atomic(), connection.cursor() as cursor:
        add_county(cursor, county)


def test_add_county_refuses_when_the_default_partition_holds_rows_of_that_county(db):
    with connection.cursor() as cursor:
        assert copy_component(cursor, "140399") == "layers_component_default"
        with pytest.raises(DatabaseError, match="1 rows of county 140399 already sit in the default partition"), \
                transaction.atomic():
            add_county(cursor, "140399")
