"""The access seam: ``layer_view`` from the registry, and the feature SQL and documents read through it.

There is no authentication yet, so principals other than anonymous are built directly here.
"""
from __future__ import annotations

import dataclasses
import json

import pytest
from django.db import connection
from django.http import QueryDict

from accounts.principal import ANONYMOUS, Principal
from layers.access import LayerView, as_view, layer_view, readable_layer, visible_layers
from layers.models import Component, Grid
from layers.ogc.documents import queryables_document
from layers.ogc.params import parse_items_query
from layers.query import sql
from layers.registry import LAYERS, UnknownLayer, get_layer
from layers.selectors import feature_get, feature_page_open
from spatial.crs import CRS84

MEMBER = Principal(user_id=1, roles={"grid_member"}, grids={"140321100001001"})
LEADER = Principal(user_id=2, roles={"leader"})
EDITOR = Principal(user_id=3, roles={"gis_editor"})
GRIDS = get_layer("grids")
COMPONENTS = get_layer("components")


@pytest.mark.parametrize("layer", LAYERS, ids=lambda layer: layer.id)
def test_anonymous_reads_the_public_fields_of_every_public_layer_and_writes_nothing(layer):
    view = layer_view(layer, ANONYMOUS)
    assert view.may_read and not view.may_write and view.row_scope is None
    assert dict(view.fields) == layer.fields
    assert not set(view.fields) & set(layer.restricted)


def test_a_role_the_registry_allows_reads_the_restricted_fields_too():
    view = layer_view(GRIDS, MEMBER)
    assert list(view.fields) == [*GRIDS.fields, "member_phone"]
    assert "member_phone" not in layer_view(GRIDS, EDITOR).fields  # gis_editor is not among the restricted readers
    assert layer_view(GRIDS, EDITOR).may_write and not layer_view(GRIDS, MEMBER).may_write


def test_a_view_is_the_layer_for_everything_but_what_is_read():
    view = layer_view(COMPONENTS, MEMBER)
    assert (view.id, view.table, view.geometry_column, view.minzoom) == (
        COMPONENTS.id, COMPONENTS.table, COMPONENTS.geometry_column, COMPONENTS.minzoom
    )
    assert as_view(COMPONENTS) == layer_view(COMPONENTS) and as_view(view) is view
    assert hash(view) == hash(layer_view(COMPONENTS, MEMBER))


def test_a_layer_read_by_one_role_only_is_unknown_to_everyone_else():
    hidden = dataclasses.replace(get_layer("facilities"), read_roles=("department",))
    assert not layer_view(hidden, ANONYMOUS).may_read and not layer_view(hidden, ANONYMOUS).fields
    assert not layer_view(hidden, MEMBER).may_read
    assert layer_view(hidden, Principal(user_id=4, roles={"department"})).may_read
    assert layer_view(hidden, LEADER).may_read  # leaders read every layer


def test_readable_layer_refuses_unknown_and_unreadable_alike(monkeypatch):
    hidden = dataclasses.replace(get_layer("facilities"), read_roles=("leader",))
    monkeypatch.setitem(__import__("layers.registry").registry.REGISTRY, "facilities", hidden)
    with pytest.raises(UnknownLayer):
        readable_layer("facilities", ANONYMOUS)
    with pytest.raises(UnknownLayer):
        readable_layer("no-such-layer", LEADER)
    assert readable_layer("facilities", LEADER).layer == hidden


def test_visible_layers_are_the_readable_ones_in_registry_order():
    assert [view.id for view in visible_layers(ANONYMOUS)] == [layer.id for layer in LAYERS]
    assert all(isinstance(view, LayerView) for view in visible_layers(LEADER))


def test_an_unknown_role_in_a_declaration_is_refused():
    with pytest.raises(ValueError, match="unknown roles"):
        dataclasses.replace(COMPONENTS, edit_roles=("editor",))
    with pytest.raises(ValueError, match="carries a grid"):
        dataclasses.replace(get_layer("admin-areas"), grid_scoped_roles=("grid_member",))


def test_the_feature_sql_selects_the_restricted_field_for_a_role_that_may_read_it(db):
    grid = Grid.objects.order_by("code").first()
    Grid.objects.filter(pk=grid.pk).update(member_phone="13800000001")
    member, public = layer_view(GRIDS, MEMBER), layer_view(GRIDS, ANONYMOUS)
    assert '"member_phone"' in sql.sql_feature(member, grid.pk, CRS84, tuple(member.fields)).text
    assert '"member_phone"' not in sql.sql_feature(public, grid.pk, CRS84, tuple(public.fields)).text
    assert json.loads(feature_get(layer=member, feature_id=grid.pk, crs=CRS84))["properties"]["member_phone"] == (
        "13800000001"
    )
    assert "member_phone" not in json.loads(feature_get(layer=GRIDS, feature_id=grid.pk, crs=CRS84))["properties"]


def test_an_items_page_and_its_filters_use_the_fields_of_the_view(db):
    grid = Grid.objects.order_by("code").first()
    Grid.objects.filter(pk=grid.pk).update(member_phone="13800000002")
    member = layer_view(GRIDS, MEMBER)
    query = parse_items_query(member, QueryDict("member_phone=13800000002&f=json"), None)
    page = feature_page_open(layer=member, query=query)
    try:
        features = [json.loads(text) for chunk in page.chunks() for text in chunk]
    finally:
        page.close()
    assert page.number_matched == 1 and features[0]["properties"]["member_phone"] == "13800000002"
    assert "member_phone" in queryables_document(_request(), member)["properties"]
    assert "member_phone" not in queryables_document(_request(), GRIDS)["properties"]


def test_a_grid_scoped_view_reads_only_the_rows_of_its_grids(db):
    first, second = Grid.objects.order_by("code")[:2]
    scoped_layer = dataclasses.replace(COMPONENTS, grid_scoped_roles=("grid_member",))
    principal = Principal(user_id=5, roles={"grid_member"}, grids={first.code})
    view = layer_view(scoped_layer, principal)
    assert view.row_scope is not None and view.row_scope.grids == (first.code,) and view.row_scope.column == "grid_code"
    assert layer_view(scoped_layer, LEADER).row_scope is None  # leaders are not scoped
    query = parse_items_query(view, QueryDict("limit=10000&f=json"), None)
    page = feature_page_open(layer=view, query=query)
    try:
        codes = {json.loads(text)["properties"]["grid_code"] for chunk in page.chunks() for text in chunk}
    finally:
        page.close()
    assert page.number_matched == Component.objects.filter(grid=first).count() > 0 and codes == {first.code}
    elsewhere = Component.objects.filter(grid=second).first()
    assert feature_get(layer=view, feature_id=elsewhere.pk, crs=CRS84) is None
    assert feature_get(layer=COMPONENTS, feature_id=elsewhere.pk, crs=CRS84) is not None


def test_the_row_scope_is_a_bound_parameter(db):
    hostile = "x'); DROP TABLE layers_component; --"
    scoped_layer = dataclasses.replace(COMPONENTS, grid_scoped_roles=("grid_member",))
    view = layer_view(scoped_layer, Principal(user_id=5, roles={"grid_member"}, grids={hostile}))
    query = parse_items_query(view, QueryDict(""), None)
    assert "DROP" not in sql.sql_where(view, query).text and sql.sql_where(view, query).params == ([hostile],)
    count = sql.sql_count(view, query)
    with connection.cursor() as cursor:
        cursor.execute(count.text, count.params)
        assert cursor.fetchone()[0] == 0
    assert Component.objects.exists()


def _request():
    from django.test import RequestFactory

    return RequestFactory().get("/ogc/collections/grids/queryables")


@pytest.fixture
def redeclared(monkeypatch):
    """``redeclared(layer_id, **changes)``: the registry with one layer's declaration changed for this test."""
    from layers import registry
    from layers.locate.sql import snap_columns

    def redeclare(layer_id: str, **changes):
        layer = dataclasses.replace(registry.get_layer(layer_id), **changes)
        monkeypatch.setattr(registry, "LAYERS", tuple(layer if l.id == layer_id else l for l in registry.LAYERS))
        monkeypatch.setitem(registry.REGISTRY, layer_id, layer)
        snap_columns.cache_clear()
        return layer

    yield redeclare
    snap_columns.cache_clear()


def test_snap_answers_show_what_the_view_reads(db, redeclared):
    from layers.locate.sql import snap_columns
    from layers.locate.snap import reverse_point, snap_point

    assert snap_columns(ANONYMOUS).hidden == {("grids", "member_phone")} and not snap_columns(LEADER).hidden
    component = Component.objects.exclude(owner_department="").order_by("id").first()
    point = component.geom.point_on_surface
    public = snap_point(lon=point.x, lat=point.y, crs=CRS84, radius_m=5).components
    assert component.code in {c.code for c in public} and all(c.owner_department for c in public)
    fields = tuple(name for name in COMPONENTS.public_fields if name != "owner_department")
    redeclared("components", public_fields=fields, restricted_fields=("owner_department",))
    redeclared("addresses", read_roles=("leader",))
    hidden = snap_point(lon=point.x, lat=point.y, crs=CRS84, radius_m=5)
    assert component.code in {c.code for c in hidden.components}
    assert all(c.owner_department is None for c in hidden.components) and hidden.address is None
    shown = snap_point(lon=point.x, lat=point.y, crs=CRS84, radius_m=5, principal=LEADER)
    assert all(c.owner_department for c in shown.components) and shown.address is not None
    assert not reverse_point(lon=point.x, lat=point.y, crs=CRS84).addresses
    assert reverse_point(lon=point.x, lat=point.y, crs=CRS84, principal=LEADER).addresses


def test_open311_reads_incidents_through_the_view(db, redeclared):
    from cases.reports.selectors import service_request_get, service_requests

    public = service_requests(codes=None, limit=5)
    assert public and all(i.get_deferred_fields() >= {"reporter", "reporter_phone"} for i in public)
    assert not service_requests(codes=None, limit=5, principal=MEMBER)[0].get_deferred_fields() & {"reporter"}
    redeclared("incidents", read_roles=("leader",))
    assert service_requests(codes=None, limit=5) == [] and service_request_get(code=public[0].code) is None
    assert service_request_get(code=public[0].code, principal=LEADER) == public[0]
