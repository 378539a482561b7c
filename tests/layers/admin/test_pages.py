"""Every page of every layer's admin renders, from the registry alone; who reaches them is the seam's decision."""
from __future__ import annotations

import re

import pytest

from layers.registry import LAYERS

from .conftest import admin_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("layer", LAYERS, ids=lambda layer: layer.id)
def test_every_page_of_every_layer_renders_for_an_admin(client, signed_in, layer):
    signed_in("admin")
    model = layer.model
    first = model.objects.order_by("pk").first()
    assert first is not None, f"the seeded county has no {layer.id}"
    pages = [admin_url(model), admin_url(model, "add"), admin_url(model, "change", first.pk),
             admin_url(model, "history", first.pk), admin_url(model, "deleted"), admin_url(model, "delete", first.pk)]
    for url in pages:
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.content[:300])
    assert admin_url(model, "deleted") in client.get(admin_url(model)).content.decode()
    listed = client.get(admin_url(model), {"q": getattr(first, client_key(layer))})
    assert listed.status_code == 200 and listed.context["cl"].result_count >= 1
    change = client.get(admin_url(model, "change", first.pk)).content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', change)
    assert sources and all(source.startswith("/static/") for source in sources), sources  # nothing from a CDN
    assert "vendor/maplibre-gl/maplibre-gl.js" in change and 'class="geojson-preview"' in change


def client_key(layer) -> str:
    from django.contrib import admin

    return admin.site._registry[layer.model].key_field


def test_the_admin_index_lists_every_layer_for_an_editor_and_the_list_filters_work(client, signed_in):
    from layers.models import Component

    signed_in("gis_editor")
    index = client.get("/admin/")
    assert index.status_code == 200
    listed = {model["object_name"] for app in index.context["app_list"] for model in app["models"]}
    assert {layer.model.__name__ for layer in LAYERS} <= listed
    damaged = client.get(admin_url(Component), {"state__exact": "damaged"})
    assert damaged.status_code == 200
    assert damaged.context["cl"].result_count == Component.objects.filter(state="damaged").count()


def test_a_role_without_layer_work_does_not_reach_the_admin(client, account):
    user, _ = account("api_client")
    assert not user.is_staff
    client.force_login(user)
    assert client.get("/admin/").status_code == 302  # to the admin's sign-in


@pytest.mark.parametrize("role", ["grid_member", "department", "gis_editor", "leader", "admin"])
def test_roles_with_layer_work_are_staff(account, role):
    user, _ = account(role)
    assert user.is_staff


@pytest.mark.parametrize("layer", LAYERS, ids=lambda layer: layer.id)
def test_a_form_posted_back_unchanged_changes_nothing_on_every_layer(client, signed_in, layer):
    from layers.history.selectors import current_versions

    from .conftest import form_data, shown_form

    signed_in("admin")
    first = layer.model.objects.order_by("pk").first()
    url = admin_url(layer.model, "change", first.pk)
    before = current_versions(layer, [first.pk])[first.pk]
    answer = client.post(url, form_data(shown_form(client.get(url)), _continue="1"))
    assert answer.status_code == 302, answer.context and answer.context["adminform"].form.errors
    assert current_versions(layer, [first.pk])[first.pk] == before  # dates, numbers and geometry round-trip
    assert any("Nothing changed" in str(m) for m in client.get(url).context["messages"])
