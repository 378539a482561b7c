"""Tokens over the real server (the nginx front and uWSGI): the tile front hands a token request to Django, whose
answer is private; a bad token is a 401 with the Bearer challenge through nginx. The account is committed (the
live server sees only committed data) and deleted after."""
from __future__ import annotations

import io

import pytest
import requests
from django.contrib.auth import get_user_model
from django.core.management import call_command

from layers.models import Grid
from tiles.grid import tile_at

pytestmark = pytest.mark.live


@pytest.fixture
def live_token(django_db_blocker):
    with django_db_blocker.unblock():
        grid = Grid.objects.order_by("code").first()
        out = io.StringIO()
        call_command("account_create", "live.member", "--role", "grid_member", "--grids", grid.code, "--token",
                     stdout=out)
    try:
        yield grid, out.getvalue().strip().splitlines()[-1]
    finally:
        with django_db_blocker.unblock():
            get_user_model().objects.filter(username="live.member").delete()


def test_a_token_over_the_served_front(live_url, live_token):
    grid, token = live_token
    signed = {"Authorization": f"Bearer {token}"}
    features = f"{live_url}/ogc/collections/grids/items?code={grid.code}"
    assert "member_phone" in requests.get(features, headers=signed, timeout=10).json()["features"][0]["properties"]
    assert "member_phone" not in requests.get(features, timeout=10).json()["features"][0]["properties"]
    centre = grid.geom.point_on_surface
    tile = tile_at(centre.x, centre.y, 14)
    url = f"{live_url}/tiles/grids/{tile.z}/{tile.x}/{tile.y}.mvt"
    public, private = requests.get(url, timeout=10), requests.get(url, headers=signed, timeout=10)
    assert public.status_code == private.status_code == 200
    assert public.headers["Cache-Control"].startswith("public")
    assert private.headers["Cache-Control"].startswith("private") and len(private.content) > len(public.content)
    refused = requests.get(url, headers={"Authorization": "Bearer pd_0123abcd_" + "A" * 43}, timeout=10)
    assert refused.status_code == 401 and refused.json()["code"] == "InvalidToken"
    assert refused.headers["WWW-Authenticate"].startswith('Bearer realm="pingding", error="invalid_token"')
