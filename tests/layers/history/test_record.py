"""The history triggers record every change of a layer row, on every path, in the edit's own transaction."""
import pytest
from django.db import connection, transaction

from accounts.principal import Principal
from layers.history.context import history_context
from layers.history.selectors import current_versions, feature_history, feature_version
from layers.models import Component, Facility
from layers.registry import get_layer

COMPONENTS = get_layer("components")
FACILITIES = get_layer("facilities")
EDITOR = Principal(user_id=42, roles={"gis_editor"})


def _one(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _versions(layer, feature_id):
    return [v.version for v in feature_history(layer, feature_id)]


def test_an_update_by_plain_sql_is_recorded_with_path_sql_and_no_actor(db):
    component = Component.objects.order_by("pk").first()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE layers_component SET name = 'renamed by sql' WHERE id = %s", [component.pk])
    (latest, *_) = feature_history(COMPONENTS, component.pk)
    assert (latest.operation, latest.path, latest.actor_id, latest.actor_name) == ("update", "sql", None, None)
    assert latest.attributes_before["name"] == component.name
    assert latest.attributes_after["name"] == "renamed by sql"
    assert latest.changed_fields == ["name"]
    assert latest.txid == _one("SELECT txid_current()")[0]
    assert latest.changed_at == _one("SELECT transaction_timestamp()")[0]


def test_inside_history_context_the_principal_and_path_are_recorded_and_cleared_after(db):
    first, second = Component.objects.order_by("pk")[:2]
    with transaction.atomic():
        with history_context(principal=EDITOR, path="admin", actor_name="editor42"):
            Component.objects.filter(pk=first.pk).update(state="damaged")
        Component.objects.filter(pk=second.pk).update(state="damaged")
    inside = feature_history(COMPONENTS, first.pk)[0]
    assert (inside.path, inside.actor_id, inside.actor_name) == ("admin", 42, "editor42")
    after = feature_history(COMPONENTS, second.pk)[0]
    assert (after.path, after.actor_id, after.actor_name) == ("sql", None, None)


def test_history_context_refuses_an_unknown_path(db):
    with pytest.raises(ValueError, match="unknown history path"):
        with transaction.atomic(), history_context(path="web"):
            pass


def test_a_database_error_inside_history_context_surfaces_as_itself(db):
    from django.db import IntegrityError

    component = Component.objects.order_by("pk").first()
    with pytest.raises(IntegrityError):
        with transaction.atomic(), history_context(principal=EDITOR, path="api"):
            Component.objects.filter(pk=component.pk).update(code="not a code")  # a CHECK: refused at once
    assert _versions(COMPONENTS, component.pk) == [1]


def test_insert_update_delete_images_are_exact(db):
    template = Facility.objects.order_by("pk").first()
    facility = Facility.objects.create(
        code="F999999", name="新设施", kind=template.kind, capacity=12, address=None, grid=template.grid,
        geom="SRID=4490;POINT(113.61 37.79)",
    )
    Facility.objects.filter(pk=facility.pk).update(capacity=13, geom="SRID=4490;POINT(113.62 37.795)")
    Facility.objects.filter(pk=facility.pk).delete()
    delete, update, insert = feature_history(FACILITIES, facility.pk)
    assert [insert.operation, update.operation, delete.operation] == ["insert", "update", "delete"]
    assert [insert.version, update.version, delete.version] == [1, 2, 3]
    assert insert.attributes_before is None and insert.geom_before is None
    assert insert.attributes_after["code"] == "F999999" and insert.attributes_after["capacity"] == 12
    assert insert.attributes_after["grid_code"] == template.grid_id and insert.attributes_after["id"] == facility.pk
    assert "geom" not in insert.attributes_after
    assert insert.geom_after.ewkt == "SRID=4490;POINT (113.61 37.79)"
    assert update.attributes_before == insert.attributes_after
    assert update.attributes_after == {**insert.attributes_after, "capacity": 13}
    assert update.geom_before.ewkb == insert.geom_after.ewkb
    assert update.geom_after.ewkt == "SRID=4490;POINT (113.62 37.795)"
    assert update.changed_fields == ["capacity", "geometry"]
    assert delete.attributes_before == update.attributes_after and delete.geom_before.ewkb == update.geom_after.ewkb
    assert delete.attributes_after is None and delete.geom_after is None
    assert feature_version(FACILITIES, facility.pk, 2) == update
    assert feature_version(FACILITIES, facility.pk, 4) is None


def test_the_version_increases_by_one_per_change_and_a_no_op_update_records_nothing(db):
    component = Component.objects.order_by("pk").first()
    assert current_versions(COMPONENTS, [component.pk]) == {component.pk: 1}  # the seed's insert
    for n in range(3):
        Component.objects.filter(pk=component.pk).update(name=f"name {n}")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE layers_component SET name = name WHERE id = %s", [component.pk])
    assert _versions(COMPONENTS, component.pk) == [4, 3, 2, 1]
    assert current_versions(COMPONENTS, [component.pk, -1]) == {component.pk: 4, -1: 0}


def test_a_rolled_back_edit_leaves_no_history(db):
    component = Component.objects.order_by("pk").first()
    before = _one("SELECT count(*) FROM layers_history")[0]
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            with history_context(principal=EDITOR, path="api"):
                Component.objects.filter(pk=component.pk).update(name="never")
                raise RuntimeError("abandon the edit")
    assert _one("SELECT count(*) FROM layers_history")[0] == before
    assert _versions(COMPONENTS, component.pk) == [1]


def test_bulk_resnapping_records_path_resnap_one_row_per_moved_feature(db):
    from layers.locate.bulk import resnap_layers

    grids = list(Component.objects.values_list("grid_id", flat=True).distinct().order_by("grid_id")[:2])
    wrong = Component.objects.filter(grid_id=grids[0]).order_by("pk")[:5]
    ids = [c.pk for c in wrong]
    Component.objects.filter(pk__in=ids).update(grid_id=grids[1])
    before = _one("SELECT count(*) FROM layers_history WHERE path = 'resnap'")[0]
    report = resnap_layers(layers=["components"])["components"]
    assert report.moved == 5
    rows = _one(
        "SELECT count(*), array_agg(feature_id ORDER BY feature_id), bool_and(attributes_after->>'grid_code' = %s)"
        " FROM layers_history WHERE path = 'resnap' AND layer = 'components'", [grids[0]],
    )
    assert rows[0] - before == 5 and rows[1] == sorted(ids) and rows[2]


def test_a_dry_run_resnap_records_nothing(db):
    from layers.locate.bulk import resnap_layers

    grids = list(Component.objects.values_list("grid_id", flat=True).distinct().order_by("grid_id")[:2])
    Component.objects.filter(pk=Component.objects.filter(grid_id=grids[0]).order_by("pk")[0].pk).update(grid_id=grids[1])
    before = _one("SELECT count(*) FROM layers_history")[0]
    assert resnap_layers(layers=["components"], dry_run=True)["components"].moved == 1
    assert _one("SELECT count(*) FROM layers_history")[0] == before
