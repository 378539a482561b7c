"""The csrf_exempt write views check for themselves: an anonymous Transaction or revert is a 401, a browser
session's write without its CSRF token a 403 (and nothing changes), with it the write goes through."""
from __future__ import annotations

import json

import pytest
from django.test import Client

from layers.models import Component
from tests.accounts.conftest import account, session  # noqa: F401 (fixtures)

from .test_transaction import HEAD, TAIL

pytestmark = pytest.mark.django_db


def update_state(feature: Component, state: str) -> str:
    return (HEAD + '<wfs:Update typeName="pd:components"><wfs:Property><wfs:ValueReference>state'
            f"</wfs:ValueReference><wfs:Value>{state}</wfs:Value></wfs:Property><fes:Filter>"
            f'<fes:ResourceId rid="components.{feature.pk}"/></fes:Filter></wfs:Update>' + TAIL)


@pytest.fixture
def browser(session):
    _, client, csrf = session("gis_editor")
    return client, csrf


def test_a_wfs_transaction_needs_a_sign_in_and_a_session_s_csrf_token(browser):
    client, csrf = browser
    feature = Component.objects.filter(state="intact").order_by("pk").first()
    body = update_state(feature, "damaged")
    assert Client().post("/wfs", data=body, content_type="application/xml").status_code == 401
    refused = client.post("/wfs", data=body, content_type="application/xml")
    assert refused.status_code == 403 and refused.json()["parameter"] == "X-CSRFToken"
    feature.refresh_from_db()
    assert feature.state == "intact"
    assert client.post("/wfs", data=body, content_type="application/xml", **csrf).status_code == 200
    feature.refresh_from_db()
    assert feature.state == "damaged"


@pytest.mark.parametrize("action", ["revert", "restore"])
def test_revert_and_restore_need_a_sign_in_and_a_session_s_csrf_token(browser, action):
    client, csrf = browser
    feature = Component.objects.order_by("pk").first()
    url = f"/ogc/collections/components/items/{feature.pk}/{action}"
    body = json.dumps({"version": 1})
    assert Client().post(url, data=body, content_type="application/json").status_code == 401
    etag = client.get(f"/ogc/collections/components/items/{feature.pk}")["ETag"]
    refused = client.post(url, data=body, content_type="application/json", HTTP_IF_MATCH=etag)
    assert refused.status_code == 403 and refused.json()["parameter"] == "X-CSRFToken"
    checked = client.post(url, data=body, content_type="application/json", HTTP_IF_MATCH=etag, **csrf)
    assert checked.status_code == {"revert": 200, "restore": 409}[action], checked.content  # a live one: not deleted
