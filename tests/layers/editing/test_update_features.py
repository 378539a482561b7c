"""The same values set on many features at once (a WFS Update of many): one statement, every row checked against
the writer's scope before and after, the category's geometry kind kept, history one version per changed row."""
from __future__ import annotations

import pytest
from django.db import connection

from accounts.principal import Principal
from layers.access import layer_view
from layers.editing.services import Edit, update_features
from layers.models import Component
from layers.registry import get_layer
from web.errors import ApiError

EDITOR = Principal(user_id=1, roles={"gis_editor"})


def edit_of(principal: Principal) -> Edit:
    return Edit(view=layer_view(get_layer("components"), principal), principal=principal)


def versions(ids) -> dict[int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT feature_id, max(version) FROM layers_history WHERE layer = 'components'"
                       " AND feature_id = ANY(%s) GROUP BY 1", [list(ids)])
        return dict(cursor.fetchall())


def test_every_feature_changes_in_one_go_with_one_version_each(db):
    ids = list(Component.objects.filter(state="intact").order_by("pk").values_list("pk", flat=True)[:50])
    before = versions(ids)
    assert update_features(edit_of(EDITOR), ids, properties={"state": "damaged"}) == 50
    assert set(Component.objects.filter(pk__in=ids).values_list("state", flat=True)) == {"damaged"}
    assert versions(ids) == {fid: version + 1 for fid, version in before.items()}
    assert update_features(edit_of(EDITOR), ids, properties={"state": "damaged"}) == 0  # nothing to change


def test_a_grid_member_changes_all_or_nothing(db):
    first = Component.objects.order_by("pk").first()
    mine = list(Component.objects.filter(grid_id=first.grid_id).order_by("pk").values_list("pk", flat=True)[:5])
    other = Component.objects.exclude(grid_id=first.grid_id).order_by("pk").first().pk
    member = Principal(user_id=2, roles={"grid_member"}, grids={first.grid_id})
    with pytest.raises(ApiError) as refused:
        update_features(edit_of(member), [*mine, other], properties={"state": "occupied"})
    assert refused.value.status == 403
    assert not Component.objects.filter(pk__in=mine, state="occupied").exists()
    assert update_features(edit_of(member), mine, properties={"state": "occupied"}) == len(mine)


def test_a_category_of_another_kind_is_refused(db):
    points = list(Component.objects.extra(where=["GeometryType(geom) = 'POINT'"]).order_by("pk")
                  .values_list("pk", flat=True)[:3])
    line_category = Component.objects.extra(where=["GeometryType(geom) = 'LINESTRING'"]).first().category_id
    with pytest.raises(ApiError) as refused:
        update_features(edit_of(EDITOR), points, properties={"category_code": line_category})
    assert refused.value.code == "InvalidGeometry"
