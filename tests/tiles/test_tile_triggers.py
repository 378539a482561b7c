"""The invalidation triggers: generated from the registry and installed on every public layer table."""
import pytest
from django.db import connection

from layers.registry import public_layers
from tiles import triggers


@pytest.mark.parametrize("layer", public_layers(), ids=lambda layer: layer.id)
def test_every_public_layer_table_has_its_four_triggers(db, layer):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname, pg_get_triggerdef(t.oid) FROM pg_trigger AS t"
            " WHERE tgrelid = %s::regclass AND tgname LIKE 'tiles_invalidate_%%'",
            [layer.table],
        )
        found = dict(cursor.fetchall())
    assert set(found) == {triggers.trigger_name(event) for event in triggers.EVENTS}, (
        f"run `manage.py tiles_triggers`: {layer.table} lacks tile cache triggers"
    )
    for definition in found.values():
        arguments = f"'{layer.id}', '{layer.geometry_column}', '{layer.id_column}', 'all', '{layer.id}'"
        assert f"tiles_invalidate({arguments})" in definition
        assert "FOR EACH STATEMENT" in definition


def test_the_version_rows_exist(db):
    from tiles.models import LayerVersion

    assert set(LayerVersion.objects.values_list("layer", flat=True)) >= {layer.id for layer in public_layers()}


def test_install_is_idempotent(db):
    with connection.cursor() as cursor:
        triggers.install(cursor)
        triggers.install(cursor)


def test_generated_sql_quotes_identifiers_from_the_registry():
    layer = public_layers()[0]
    (drop, create) = triggers.layer_trigger_sql(layer)[:2]
    assert drop == f'DROP TRIGGER IF EXISTS tiles_invalidate_insert ON "{layer.table}"'
    assert create.startswith(
        f'CREATE TRIGGER tiles_invalidate_insert AFTER INSERT ON "{layer.table}" REFERENCING NEW TABLE AS new_rows'
    )


def test_a_statement_that_changes_no_row_takes_no_lock_and_keeps_the_version(db):
    from layers.models import Component
    from tiles.models import LayerVersion

    before = LayerVersion.objects.get(layer="components").version
    Component.objects.filter(pk=-1).update(name="x")
    assert LayerVersion.objects.get(layer="components").version == before
