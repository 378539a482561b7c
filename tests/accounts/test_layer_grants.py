"""An account's granted layers (``Account.layers``): set by ``account_create --layers`` and the admin, validated
against the registry, carried into the principal by tokens and sessions alike, and narrowing writes (never reads, so
never the audience the tile cache is keyed by)."""
from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from accounts.middleware import request_principal
from accounts.models import Account
from accounts.principal import Principal
from layers.access import layer_view
from layers.models import Building, Component
from layers.registry import get_layer

from .conftest import bearer

PASSWORD = "correct horse battery"
COMPONENTS, BUILDINGS, ADMIN_AREAS = get_layer("components"), get_layer("buildings"), get_layer("admin-areas")


def test_the_grants_narrow_writes_and_nothing_else():
    every = Principal(user_id=1, roles={"gis_editor"})
    granted = Principal(user_id=1, roles={"gis_editor"}, layers={"components"})
    assert granted.audience == every.audience == "gis_editor"
    assert layer_view(COMPONENTS, granted).may_write and layer_view(COMPONENTS, granted).writable
    assert not layer_view(BUILDINGS, granted).may_write and not layer_view(BUILDINGS, granted).writable
    assert layer_view(BUILDINGS, every).may_write
    assert layer_view(BUILDINGS, granted).fields == layer_view(BUILDINGS, every).fields
    assert layer_view(BUILDINGS, granted).may_read


def test_a_grant_never_widens_what_the_role_may_write():
    editor = Principal(user_id=1, roles={"gis_editor"}, layers={"admin-areas"})
    assert not layer_view(ADMIN_AREAS, editor).may_write  # admin-areas are the admin's, grant or no grant
    member = Principal(user_id=2, roles={"grid_member"}, grids={"140321100001001"}, layers={"buildings", "grids"})
    assert layer_view(BUILDINGS, member).write_scope is not None  # still only its grids
    assert not layer_view(get_layer("grids"), member).may_write
    assert not layer_view(COMPONENTS, member).may_write  # components: the role may, the grant does not say so


def test_a_grid_member_s_grants_keep_its_audience():
    one = Principal(user_id=1, roles={"grid_member"}, grids={"A"})
    assert Principal(user_id=1, roles={"grid_member"}, grids={"A"}, layers={"buildings"}).audience == one.audience


def run(*args) -> list[str]:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_account_create_grants_layers_and_the_token_carries_them(db):
    lines = run("account_create", "zhou.min", "--role", "gis_editor", "--layers", "components, buildings", "--token")
    assert Account.objects.get(user__username="zhou.min").layers == ["components", "buildings"]
    principal = request_principal(RequestFactory().get("/", **bearer(lines[-1])))
    assert principal.layers == {"components", "buildings"} and principal.roles == {"gis_editor"}


def test_account_create_without_layers_grants_every_layer_of_the_role(db):
    lines = run("account_create", "sun.li", "--role", "gis_editor", "--token")
    assert Account.objects.get(user__username="sun.li").layers == []
    assert request_principal(RequestFactory().get("/", **bearer(lines[-1]))).layers == frozenset()


def test_an_unknown_layer_is_refused_and_nothing_is_created(db):
    with pytest.raises(CommandError, match="unknown layers: roads"):
        run("account_create", "nobody", "--role", "gis_editor", "--layers", "components,roads")
    assert not get_user_model().objects.filter(username="nobody").exists()


def test_the_command_s_help_documents_the_grants():
    from accounts.management.commands.account_create import Command

    text = Command().create_parser("manage.py", "account_create").format_help()
    assert "--layers" in text and "components,buildings" in text


def test_a_session_carries_the_grants(client, db):
    from accounts.services import create_account

    create_account("he.fang", "gis_editor", layers=["buildings"], password=PASSWORD)
    assert client.login(username="he.fang", password=PASSWORD)
    assert client.get("/ogc/collections?f=json").wsgi_request.principal.layers == {"buildings"}


def test_a_write_outside_the_grants_is_403_and_inside_them_200(client, db):
    from accounts.services import create_account, new_token

    create_account("granted", "gis_editor", layers=["components"])
    headers = bearer(new_token("granted")[1])
    building = Building.objects.order_by("pk").first()
    url = f"/ogc/collections/buildings/items/{building.pk}"
    assert client.options(url, **headers)["Allow"] == "GET, HEAD, OPTIONS"
    etag = client.get(url, **headers)["ETag"]
    refused = client.patch(url, data=json.dumps({"properties": {"name": "改"}}), content_type="application/json",
                           HTTP_IF_MATCH=etag, **headers)
    assert refused.status_code == 403 and refused.json()["parameter"] == "collectionId"
    building.refresh_from_db()
    assert building.name != "改"
    component = Component.objects.order_by("pk").first()
    url = f"/ogc/collections/components/items/{component.pk}"
    assert client.options(url, **headers)["Allow"] == "GET, HEAD, OPTIONS, PUT, PATCH, DELETE"
    etag = client.get(url, **headers)["ETag"]
    done = client.patch(url, data=json.dumps({"properties": {"name": "改"}}), content_type="application/json",
                        HTTP_IF_MATCH=etag, **headers)
    assert done.status_code == 200, done.content
    component.refresh_from_db()
    assert component.name == "改"


def test_the_admin_shows_the_grants_and_refuses_an_unknown_layer(client, account, django_user_model):
    user, _ = account("gis_editor")
    admin = django_user_model.objects.create_superuser("root", password=PASSWORD)
    client.force_login(admin)
    assert 'name="account-0-layers"' in client.get(f"/admin/auth/user/{user.pk}/change/").content.decode()
    form = {
        "username": user.username, "is_active": "on", "date_joined_0": "2026-01-01", "date_joined_1": "08:00:00",
        "account-TOTAL_FORMS": "1", "account-INITIAL_FORMS": "1", "account-MIN_NUM_FORMS": "0",
        "account-MAX_NUM_FORMS": "1", "account-0-id": str(user.account.pk), "account-0-user": str(user.pk),
        "account-0-role": "gis_editor", "account-0-department": "", "account-0-grids": "",
        "api_tokens-TOTAL_FORMS": "1", "api_tokens-INITIAL_FORMS": "1", "api_tokens-MIN_NUM_FORMS": "0",
        "api_tokens-MAX_NUM_FORMS": "1000", "api_tokens-0-id": str(user.api_tokens.get().pk),
        "api_tokens-0-user": str(user.pk), "api_tokens-0-name": "", "api_tokens-0-expires_at_0": "2030-01-01",
        "api_tokens-0-expires_at_1": "08:00:00",
    }
    refused = client.post(f"/admin/auth/user/{user.pk}/change/", {**form, "account-0-layers": "components,roads"})
    assert refused.status_code == 200 and "unknown layers: roads" in refused.content.decode()
    saved = client.post(f"/admin/auth/user/{user.pk}/change/", {**form, "account-0-layers": "components,buildings"})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    user.account.refresh_from_db()
    assert user.account.layers == ["components", "buildings"]
