"""The history of one statement that changes many rows (a bulk import, a re-snap): one row per changed feature,
numbered from each feature's own last version, none for a row the statement left as it was."""
import json

import pytest
from django.db import connection
from psycopg2 import sql

from layers import registry
from layers.history.selectors import current_versions, feature_history
from layers.models import Component
from layers.registry import get_layer

COMPONENTS = get_layer("components")


def _rows(query, params=()):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def _history_count(layer_id: str) -> int:
    return _rows("SELECT count(*) FROM layers_history WHERE layer = %s", [layer_id])[0][0]


def test_a_bulk_update_numbers_each_feature_from_its_own_history(db):
    ids = list(Component.objects.order_by("pk").values_list("pk", flat=True)[:30])
    edited, unrecorded, plain = ids[:10], ids[10:20], ids[20:]
    for n in range(2):
        Component.objects.filter(pk__in=edited).update(name=f"earlier {n}")
    _rows("DELETE FROM layers_history WHERE layer = 'components' AND feature_id = ANY(%s) RETURNING 1", [unrecorded])
    Component.objects.filter(pk__in=ids).update(surveyed_on="2026-12-01")
    versions = current_versions(COMPONENTS, ids)
    assert {versions[i] for i in edited} == {4}
    assert {versions[i] for i in unrecorded} == {1}
    assert {versions[i] for i in plain} == {2}
    assert [v.version for v in feature_history(COMPONENTS, unrecorded[0])] == [1]


def test_a_bulk_update_records_only_the_rows_it_changed(db):
    ids = list(Component.objects.order_by("pk").values_list("pk", flat=True)[:40])
    renamed, moved, kept = ids[:10], ids[10:15], ids[15:]
    before = _history_count("components")
    _rows(
        "UPDATE layers_component SET"
        " name = CASE WHEN id = ANY(%s) THEN name || ' 改' ELSE name END,"
        " geom = CASE WHEN id = ANY(%s) THEN ST_Translate(geom, 0.00001, 0) ELSE geom END"
        " WHERE id = ANY(%s) RETURNING 1",
        [renamed, moved, ids],
    )
    assert _history_count("components") - before == 15
    recorded = _rows(
        "SELECT feature_id FROM layers_history WHERE layer = 'components' AND operation = 'update'"
        " AND txid = txid_current() ORDER BY feature_id"
    )
    assert [r[0] for r in recorded] == sorted(renamed + moved)
    (name_change,) = [v for v in feature_history(COMPONENTS, renamed[0]) if v.version == 2]
    assert name_change.changed_fields == ["name"]
    assert name_change.attributes_after["name"] == name_change.attributes_before["name"] + " 改"
    (move,) = [v for v in feature_history(COMPONENTS, moved[0]) if v.version == 2]
    assert move.changed_fields == ["geometry"] and move.attributes_after == move.attributes_before
    assert all(current_versions(COMPONENTS, kept)[i] == 1 for i in kept)


def test_the_recorded_images_are_every_column_but_the_geometry(db):
    component = Component.objects.order_by("pk").first()
    Component.objects.filter(pk=component.pk).update(state="damaged", installed_on=None)
    ((image,),) = _rows("SELECT to_jsonb(c) - 'geom' FROM layers_component AS c WHERE c.id = %s", [component.pk])
    latest = feature_history(COMPONENTS, component.pk)[0]
    assert latest.attributes_after == json.loads(image)
    assert latest.attributes_after["installed_on"] is None and latest.attributes_after["state"] == "damaged"
    assert latest.attributes_before["state"] == component.state


@pytest.mark.parametrize("layer", registry.LAYERS, ids=lambda layer: layer.id)
def test_an_update_that_leaves_every_row_as_it_was_records_nothing(db, layer):
    before = _history_count(layer.id)
    column = sql.Identifier(layer.id_column)
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("UPDATE {} SET {} = {}").format(sql.Identifier(layer.table), column, column))
        assert cursor.rowcount > 0
    assert _history_count(layer.id) == before
