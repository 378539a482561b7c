"""Changing features through the admin's HTML forms: the same services, validation and rights as the API, and the
history path ``admin`` with the username."""
from __future__ import annotations

import json

import pytest

from layers.history.selectors import current_versions
from layers.models import Building, Component, Grid
from layers.registry import get_layer

from .conftest import admin_url, form_data, form_errors, history, shown_form

pytestmark = pytest.mark.django_db


def point_component() -> Component:
    return Component.objects.extra(where=["GeometryType(geom) = 'POINT'"]).order_by("pk")[3]


def other_state(state: str) -> str:
    return "damaged" if state != "damaged" else "missing"


def test_an_editor_changes_a_feature_through_the_form_and_the_history_says_admin_and_who(client, signed_in):
    user = signed_in("gis_editor")
    target = point_component()
    url = admin_url(Component, "change", target.pk)
    form = shown_form(client.get(url))
    assert form["version"].value() == current_versions(get_layer("components"), [target.pk])[target.pk]
    new_state = other_state(target.state)
    answer = client.post(url, form_data(form, state=new_state, name="改过的井盖", _continue="1"))
    assert answer.status_code == 302 and answer["Location"] == url
    target.refresh_from_db()
    assert (target.state, target.name) == (new_state, "改过的井盖")
    assert history("components", target.pk)[-1][1:] == ("update", "admin", user.username)


def test_a_moved_geometry_is_saved_and_the_grid_re_derived(client, signed_in):
    signed_in("gis_editor")
    target = point_component()
    url = admin_url(Component, "change", target.pk)
    form = shown_form(client.get(url))
    geometry = json.loads(form["geometry"].value())
    assert geometry["type"] == "Point"
    lon, lat = target.geom.x + 0.0002, target.geom.y + 0.0001
    answer = client.post(url, form_data(form, geometry=json.dumps({"type": "Point", "coordinates": [lon, lat]})))
    assert answer.status_code == 302, form_errors(answer)
    target.refresh_from_db()
    assert (target.geom.x, target.geom.y) == pytest.approx((lon, lat), abs=1e-8)
    assert Grid.objects.get(code=target.grid_id).geom.contains(target.geom)


def test_an_editor_adds_a_feature_and_a_duplicate_code_is_a_form_error_that_saves_nothing(client, signed_in):
    user = signed_in("gis_editor")
    template = point_component()
    form = shown_form(client.get(admin_url(Component, "add")))
    assert "grid_code" not in form.fields and "version" not in form.fields  # derived; nothing loaded yet
    code = template.code[:10] + "999998"
    values = {"code": code, "category_code": template.category_id, "name": "新消防栓", "supervising_department": "住建局",
              "owner_department": "消防大队", "maintainer_department": "消防大队", "state": "intact",
              "geometry": json.dumps({"type": "Point", "coordinates": [template.geom.x, template.geom.y]}),
              "_save": "1"}
    answer = client.post(admin_url(Component, "add"), form_data(form, **values))
    assert answer.status_code == 302 and answer["Location"] == admin_url(Component)
    created = Component.objects.get(code=code)
    assert created.grid_id == template.grid_id
    assert history("components", created.pk) == [(1, "insert", "admin", user.username)]

    count = Component.objects.count()
    again = client.post(admin_url(Component, "add"), form_data(form, **values))
    errors = form_errors(again)
    assert list(errors) == ["code"] and "code" in errors["code"][0]
    assert Component.objects.count() == count


def test_an_invalid_geometry_is_a_form_error_on_the_geometry_and_nothing_is_saved(client, signed_in):
    signed_in("gis_editor")
    target = Building.objects.order_by("pk").first()
    url = admin_url(Building, "change", target.pk)
    form = shown_form(client.get(url))
    x, y = target.geom.centroid.x, target.geom.centroid.y
    d = 0.0002
    bowtie = {"type": "Polygon", "coordinates": [[[x - d, y - d], [x + d, y + d], [x + d, y - d], [x - d, y + d],
                                                  [x - d, y - d]]]}
    before = (target.geom.ewkb, current_versions(get_layer("buildings"), [target.pk])[target.pk])
    answer = client.post(url, form_data(form, geometry=json.dumps(bowtie), name="不该保存"))
    errors = form_errors(answer)
    assert list(errors) == ["geometry"] and "not valid" in errors["geometry"][0]
    for bad in ("{not json", json.dumps({"type": "Point", "coordinates": [x, y]}),
                json.dumps({"type": "Polygon", "coordinates": [[[1000, 1000], [1001, 1000], [1000, 1001], [1000, 1000]]]}),
                json.dumps({"type": "Polygon", "coordinates": [[["x", y], [x, y], [x, y], ["x", y]]]})):
        assert list(form_errors(client.post(url, form_data(form, geometry=bad)))) == ["geometry"], bad
    target.refresh_from_db()
    assert (target.geom.ewkb, current_versions(get_layer("buildings"), [target.pk])[target.pk]) == before
    assert target.name != "不该保存"


def test_a_value_the_services_refuse_is_shown_on_its_field_or_the_form(client, signed_in):
    signed_in("gis_editor")
    target = point_component()
    url = admin_url(Component, "change", target.pk)
    form = shown_form(client.get(url))
    errors = form_errors(client.post(url, form_data(form, category_code="9999", name="不该保存")))
    assert list(errors) == ["category_code"] and "no" in errors["category_code"][0]
    rule = form_errors(client.post(url, form_data(form, code=target.code[:10] + "000000")))
    assert list(rule) == ["code"]  # the code parser of spatial.codes, as the API runs it
    building = Building.objects.order_by("pk").first()
    building_url = admin_url(Building, "change", building.pk)
    table_rule = form_errors(client.post(building_url, form_data(shown_form(client.get(building_url)), floors_above="0")))
    assert "building_floors_above_positive" in table_rule["__all__"][0]  # a CHECK names no column: the whole form
    target.refresh_from_db()
    building.refresh_from_db()
    assert (target.category_id, target.name) == (point_component().category_id, point_component().name)
    assert target.name != "不该保存" and building.floors_above >= 1


def test_a_form_opened_before_someone_else_changed_the_feature_is_refused_and_saves_nothing(client, signed_in):
    signed_in("gis_editor")
    target = point_component()
    url = admin_url(Component, "change", target.pk)
    opened = shown_form(client.get(url))
    first = client.post(url, form_data(opened, state=other_state(target.state)))
    assert first.status_code == 302
    stale = client.post(url, form_data(opened, name="旧表单的改动"))
    errors = form_errors(stale)
    assert "changed by someone else since you opened it" in errors["__all__"][0]
    assert Component.objects.get(pk=target.pk).name != "旧表单的改动"
    assert history("components", target.pk)[-1][:2] == (opened["version"].value() + 1, "update")  # the first only


def test_an_editor_deletes_through_the_confirmation_page(client, signed_in):
    user = signed_in("gis_editor")
    target = point_component()
    url = admin_url(Component, "delete", target.pk)
    page = client.get(url)
    assert page.status_code == 200
    answer = client.post(url, {"version": page.context["version"]})
    assert answer.status_code == 302
    assert not Component.objects.filter(pk=target.pk).exists()
    assert history("components", target.pk)[-1][1:] == ("delete", "admin", user.username)


def test_a_grid_member_changes_its_own_grid_only_and_never_the_codes(client, signed_in):
    mine = Building.objects.order_by("pk").first()
    user = signed_in("grid_member", grids=[mine.grid_id])
    url = admin_url(Building, "change", mine.pk)
    form = shown_form(client.get(url))
    assert form.fields["code"].disabled and not form.fields["name"].disabled
    answer = client.post(url, form_data(form, name="网格员改的名"))
    assert answer.status_code == 302, form_errors(answer)
    assert Building.objects.get(pk=mine.pk).name == "网格员改的名"
    assert history("buildings", mine.pk)[-1][2:] == ("admin", user.username)

    elsewhere = Grid.objects.exclude(code=mine.grid_id).order_by("code").first().geom.point_on_surface
    d = 0.00005
    x, y = elsewhere.x, elsewhere.y
    out = {"type": "Polygon", "coordinates": [[[x - d, y - d], [x + d, y - d], [x + d, y + d], [x - d, y + d],
                                               [x - d, y - d]]]}
    moved_out = form_errors(client.post(url, form_data(shown_form(client.get(url)), geometry=json.dumps(out))))
    assert "rows of your grids" in " ".join(sum(moved_out.values(), []))
    assert Building.objects.get(pk=mine.pk).grid_id == mine.grid_id

    theirs = Building.objects.exclude(grid_id=mine.grid_id).order_by("pk").first()
    other_url = admin_url(Building, "change", theirs.pk)
    shown = shown_form(client.get(other_url))
    assert all(field.disabled for field in shown.fields.values())  # seen, not changeable
    refused = client.post(other_url, form_data(shown, name="别的网格", version="0"))
    assert refused.status_code == 403
    assert Building.objects.get(pk=theirs.pk).name != "别的网格"
    assert client.post(admin_url(Building, "delete", theirs.pk), {"version": "0"}).status_code == 403
    assert Building.objects.filter(pk=theirs.pk).exists()


def test_a_leader_sees_every_layer_but_changes_nothing(client, signed_in):
    signed_in("leader")
    target = point_component()
    assert client.get(admin_url(Component)).status_code == 200
    url = admin_url(Component, "change", target.pk)
    page = client.get(url)
    form = shown_form(page)
    assert all(field.disabled for field in form.fields.values())
    assert page.context["has_change_permission"] is False
    refused = client.post(url, {"name": "领导改的", "version": str(form["version"].value())})
    assert refused.status_code == 403
    assert Component.objects.get(pk=target.pk).name != "领导改的"
    assert client.get(admin_url(Component, "add")).status_code == 403
    assert client.post(admin_url(Component, "delete", target.pk), {"version": "0"}).status_code == 403


def test_a_post_without_the_csrf_token_changes_nothing(signed_in, client):
    from django.test import Client

    user = signed_in("gis_editor")
    target = point_component()
    url = admin_url(Component, "change", target.pk)
    data = form_data(shown_form(client.get(url)), name="没有令牌")
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(user)
    assert guarded.post(url, data).status_code == 403
    assert Component.objects.get(pk=target.pk).name != "没有令牌"


def test_a_layer_read_by_grid_lists_and_opens_only_the_rows_of_the_user_s_grids(client, signed_in, redeclared):
    from layers.models import Incident

    redeclared("incidents", grid_scoped_roles=("grid_member",))
    mine = Incident.objects.exclude(grid=None).order_by("pk").first()
    signed_in("grid_member", grids=[mine.grid_id])
    listed = client.get(admin_url(Incident))
    assert listed.context["cl"].result_count == Incident.objects.filter(grid_id=mine.grid_id).count()
    theirs = Incident.objects.exclude(grid_id=mine.grid_id).exclude(grid=None).order_by("pk").first()
    assert client.get(admin_url(Incident, "change", theirs.pk)).status_code == 302  # "does not exist", to the list
    assert client.get(admin_url(Incident, "history", theirs.pk)).status_code == 302
    assert client.get(admin_url(Incident, "change", mine.pk)).status_code == 200
