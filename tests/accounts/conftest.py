"""Accounts and tokens on the seeded test county: ``account(role, grids=..., department=..., layers=...)`` makes a user
with its account and returns ``(user, token)``; ``bearer(token)`` is the header keyword of the test client;
``session(role, ...)`` signs a browser's session in with a password and gives the header carrying its CSRF token."""
from __future__ import annotations

import json

import pytest
from django.test import Client

from accounts.services import create_account, new_token

_serial = iter(range(1, 10**6))
PASSWORD = "correct horse battery"
"""The password of the accounts :func:`session` signs in."""


@pytest.fixture
def account(db):
    def make(role: str, grids=(), department: str = "", password: str | None = None, layers=()):
        user = create_account(f"user{next(_serial)}", role, grids=list(grids), department=department,
                              layers=list(layers), password=password)
        return user, new_token(user.username)[1]

    return make


@pytest.fixture
def session(account):
    """``session(role, grids=..., department=...)``: a new user of that role signed in with its password in a
    browser's session (a test client that enforces CSRF, as the middleware does for browsers), which has read the
    login page and so holds the CSRF cookie: ``(user, client, csrf)``, ``csrf`` the header keyword carrying it."""

    def sign_in(role: str, **scope) -> tuple:
        user, _ = account(role, password=PASSWORD, **scope)
        client = Client(enforce_csrf_checks=True)
        assert client.login(username=user.username, password=PASSWORD)
        assert client.get("/accounts/login").status_code == 200
        return user, client, {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}

    return sign_in


def body_json(answer):
    """The JSON of an answer, streamed (feature pages) or not."""
    if answer.streaming:
        return json.loads(b"".join(answer.streaming_content))
    return answer.json()


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def grid_codes(db) -> list[str]:
    """Two grid codes of the seeded county that both hold incidents."""
    from layers.models import Incident

    with_incidents = Incident.objects.exclude(grid=None).order_by("grid_id")
    codes = list(with_incidents.values_list("grid_id", flat=True).distinct()[:2])
    assert len(codes) == 2
    return codes

