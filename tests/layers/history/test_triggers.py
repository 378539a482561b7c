"""The history triggers: generated from the registry and installed on every layer table."""
import pytest
from django.db import connection

from layers.history import triggers
from layers.registry import LAYERS


@pytest.mark.parametrize("layer", LAYERS, ids=lambda layer: layer.id)
def test_every_registry_layer_table_has_its_four_history_triggers(db, layer):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname, pg_get_triggerdef(t.oid) FROM pg_trigger AS t"
            " WHERE tgrelid = %s::regclass AND tgname LIKE 'layers_history_%%'",
            [layer.table],
        )
        found = dict(cursor.fetchall())
    assert set(found) == {triggers.trigger_name(event) for event in triggers.EVENTS}, (
        f"run `manage.py history_triggers`: {layer.table} lacks history triggers"
    )
    for definition in found.values():
        assert f"layers_history_record('{layer.id}', '{layer.id_column}', '{layer.geometry_column}')" in definition
        assert "FOR EACH STATEMENT" in definition


def test_install_is_idempotent(db):
    with connection.cursor() as cursor:
        triggers.install(cursor)
        triggers.install(cursor)


def test_generated_sql_quotes_identifiers_from_the_registry():
    layer = LAYERS[0]
    drop, create = triggers.layer_trigger_sql(layer)[:2]
    assert drop == f'DROP TRIGGER IF EXISTS layers_history_insert ON "{layer.table}"'
    assert create.startswith(f'CREATE TRIGGER layers_history_insert AFTER INSERT ON "{layer.table}" REFERENCING NEW TABLE')


def test_the_command_drops_and_reinstalls_the_triggers_and_keeps_the_history(db):
    import io

    from django.core.management import call_command

    def count():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'layers_history_%%'")
            triggers_found = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM layers_history")
            return triggers_found, cursor.fetchone()[0]

    installed, rows = count()
    assert installed == 4 * len(LAYERS) and rows > 0
    out = io.StringIO()
    call_command("history_triggers", "--uninstall", stdout=out)
    assert "Dropped history triggers on: layers_adminarea" in out.getvalue()
    assert count() == (0, rows)
    call_command("history_triggers", stdout=out)
    assert count() == (installed, rows)
