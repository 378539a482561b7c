"""Accounts and tokens on the seeded test county: ``account(role, grids=..., department=..., layers=...)`` makes a user
with its account and returns ``(user, token)``; ``bearer(token)`` is the header keyword of the test client."""
from __future__ import annotations

import json

import pytest

from accounts.services import create_account, new_token

_serial = iter(range(1, 10**6))


@pytest.fixture
def account(db):
    def make(role: str, grids=(), department: str = "", password: str | None = None, layers=()):
        user = create_account(f"user{next(_serial)}", role, grids=list(grids), department=department,
                              layers=list(layers), password=password)
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

