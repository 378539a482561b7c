"""Who may read ``/metrics`` (``metrics.access``): the operators' networks without a token, the admin role from
anywhere; everyone else a JSON 403 that says how to get in."""
from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from metrics import conf
from metrics.access import client_in_networks
from tests.accounts.conftest import account, bearer  # noqa: F401  (fixture)

ELSEWHERE = {"REMOTE_ADDR": "203.0.113.7"}


def test_loopback_is_allowed_by_default(client, db):
    assert client.get("/metrics").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="::1").status_code == 200


def test_another_network_is_refused_with_json(client, db):
    answer = client.get("/metrics", **ELSEWHERE)
    assert answer.status_code == 403
    body = answer.json()
    assert body["code"] == "Forbidden" and "PINGDING_METRICS_NETWORKS" in body["description"]
    assert body["parameter"] == "Authorization"


@override_settings(PINGDING_METRICS_NETWORKS=["10.20.0.0/16"])
def test_the_setting_decides_which_networks(client, db):
    assert client.get("/metrics", REMOTE_ADDR="10.20.3.4").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.21.3.4").status_code == 403
    assert client.get("/metrics").status_code == 403  # loopback is no longer in the list


def test_admin_token_is_allowed_from_anywhere_other_roles_are_not(client, account):
    _, admin = account("admin")
    _, editor = account("gis_editor")
    assert client.get("/metrics", **ELSEWHERE, **bearer(admin)).status_code == 200
    assert client.get("/metrics", **ELSEWHERE, **bearer(editor)).status_code == 403


@pytest.mark.parametrize("address, allowed", [
    ("127.0.0.1", True), ("::1", True), ("::ffff:127.0.0.1", True), ("127.0.0.2", False), ("", False),
    ("not-an-address", False), ("fe80::1%eth0", False),
])
def test_client_addresses(address, allowed):
    assert client_in_networks(address) is allowed


def test_a_malformed_network_stops_the_start_naming_the_setting():
    with override_settings(PINGDING_METRICS_NETWORKS=["10.0.0.0/8", "10.0.0.300/8"]):
        with pytest.raises(ImproperlyConfigured, match="PINGDING_METRICS_NETWORKS: '10.0.0.300/8'"):
            conf.networks()
    assert conf.networks()[0].compressed == "127.0.0.1/32"
