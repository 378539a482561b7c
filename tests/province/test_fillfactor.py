"""The partitions of the layer tables leave room on their pages (``layers/partitions/storage.py``, migration
``layers.0017``), so an update that changes no indexed column is HOT: it stays on its page and writes no index
entry."""
from __future__ import annotations

import pytest
from django.db import connection

from layers.partitions import PARTITIONED_LAYERS, add_county
from layers.partitions.storage import FILLFACTORS
from layers.registry import get_layer


def rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def fillfactors(table: str) -> dict[str, str | None]:
    return {name: next((o.split("=")[1] for o in options or [] if o.startswith("fillfactor=")), None)
            for name, options in rows("SELECT c.relname, c.reloptions FROM pg_inherits i JOIN pg_class c"
                                      " ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass", [table])}


def test_every_partitioned_layer_has_a_fillfactor():
    assert set(FILLFACTORS) == set(PARTITIONED_LAYERS)


@pytest.mark.parametrize("layer_id", PARTITIONED_LAYERS)
def test_every_partition_and_those_of_a_new_county_take_their_layers_fillfactor(db, layer_id):
    table = get_layer(layer_id).table
    with connection.cursor() as cursor:
        add_county(cursor, "140322")
    found = fillfactors(table)
    assert set(found) == {f"{table}_140321", f"{table}_140322", f"{table}_default"}
    assert set(found.values()) == {str(FILLFACTORS[layer_id])}


def _hot_share(table: str, partition: str) -> tuple[int, int]:
    """Update an unindexed column of every row of ``table`` (in the test's transaction): rows updated, rows HOT
    (this transaction's counters of ``partition``, before and after)."""
    counters = "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relid = %s::regclass"
    with connection.cursor() as cursor:
        cursor.execute(counters, [partition])
        updated, hot = cursor.fetchone()
        cursor.execute(f"UPDATE {table} SET surveyed_on = coalesce(surveyed_on, DATE '2020-01-01') + 1")
        cursor.execute(counters, [partition])
        now_updated, now_hot = cursor.fetchone()
        return now_updated - updated, now_hot - hot


def test_an_attribute_update_of_a_whole_layer_is_hot_on_its_partitions_and_was_not_on_full_pages(db):
    """Every component re-surveyed at once: each new version finds room on its page. The same rows in a table
    written at PostgreSQL's default fillfactor (full pages) mostly move, rewriting their eight index entries."""
    components = get_layer("components").table
    [(count,)] = rows(f"SELECT count(*) FROM {components}")
    assert count > 1000
    updated, hot = _hot_share(components, f"{components}_140321")
    assert updated == count and hot >= 0.9 * count, (updated, hot)  # rows earlier tests updated may still hold room
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE full_pages (LIKE {components} INCLUDING INDEXES)")
        cursor.execute(f"INSERT INTO full_pages SELECT * FROM {components}")
    updated, hot = _hot_share("full_pages", "full_pages")
    assert updated == count and hot < 0.2 * count, (updated, hot)
