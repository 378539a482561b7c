"""Accounts and tokens on the seeded test county: ``account(role, grids=..., department=...)`` makes a user with its
account and returns ``(user, token)``; ``bearer(token)`` is the header keyword of the test client."""
from __future__ import annotations

import dataclasses
import json

import pytest

from accounts.services import create_account, new_token
from layers import registry
from tiles import catalog
from tiles import sql as tile_sql

_serial = iter(range(1, 10**6))


@pytest.fixture
def account(db):
    def make(role: str, grids=(), department: str = "", password: str | None = None):
        user = create_account(f"user{next(_serial)}", role, grids=list(grids), department=department,
                              password=password)
        return user, new_token(user.username)[1]

    return make


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


@pytest.fixture
def redeclared(monkeypatch):
    """``redeclared(layer_id, **changes)``: the registry with one layer's declaration changed for this test."""

    def forget():
        catalog.tilesets_forget()
        tile_sql._statements.clear()

    def redeclare(layer_id: str, **changes) -> registry.Layer:
        layer = dataclasses.replace(registry.get_layer(layer_id), **changes)
        monkeypatch.setattr(registry, "LAYERS", tuple(layer if l.id == layer_id else l for l in registry.LAYERS))
        monkeypatch.setitem(registry.REGISTRY, layer_id, layer)
        forget()
        return layer

    yield redeclare
    forget()

