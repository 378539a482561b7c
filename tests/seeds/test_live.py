"""``live_url``: the real application server (uWSGI, as `make run`) serving the seeded test database."""
from __future__ import annotations

import pytest
import requests

from seeds.counts import CountyCounts

pytestmark = pytest.mark.live


def test_live_server_answers_health(live_url: str) -> None:
    response = requests.get(f"{live_url}/healthz", timeout=10)
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_live_server_serves_the_seeded_test_county(live_url: str, county_counts: CountyCounts) -> None:
    response = requests.get(f"{live_url}/ogc/collections/grids/items", params={"limit": 1000, "f": "json"}, timeout=30)
    assert response.status_code == 200, response.text[:500]
    features = response.json()["features"]
    assert len(features) == county_counts.grids
    assert all(f["properties"]["code"].startswith("140321") for f in features)
