"""The downloaded thematic map opened from disk in a headless Chromium that can reach only 127.0.0.1: Leaflet, its
style and the standard map tiles all come from this server, nothing fails, the areas and the legend are drawn.
The screenshot is saved to ``tests/artifacts/thematic.png``."""
from __future__ import annotations

import base64
from pathlib import Path

import pytest
import requests

from tests.tiles.viewer.conftest import chromium  # noqa: F401  (fixture)

pytestmark = pytest.mark.live

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def test_the_saved_page_renders_from_this_server_only(map_site, chromium, tmp_path):
    answer = requests.get(f"{map_site}/maps/thematic", params={"by": "town", "measure": "incidents", "f": "html"},
                          timeout=60)
    assert answer.status_code == 200
    page = tmp_path / "thematic.html"
    page.write_bytes(answer.content)

    chromium.watch_network()
    chromium.send("Page.enable")
    chromium.send("Page.navigate", url=page.as_uri())
    chromium.wait_for(
        "window.L && document.getElementById('map-legend') !== null "
        "&& document.querySelectorAll('path.leaflet-interactive').length >= 10 "
        "&& document.querySelectorAll('img.leaflet-tile-loaded').length > 0 "
        "&& document.querySelectorAll('img.leaflet-tile:not(.leaflet-tile-loaded)').length === 0",
        timeout=60,
    )
    assert "按乡镇统计事件数" in chromium.evaluate("document.getElementById('map-legend').innerText")
    requested = [event["request"]["url"] for event in chromium.events_named("Network.requestWillBeSent")]
    assert any(url.endswith("/static/maps/vendor/leaflet/leaflet.js") for url in requested)
    assert any("/tiles/standard-map/" in url for url in requested)
    assert all(url.startswith((map_site, "file://", "data:")) for url in requested), requested
    assert chromium.events_named("Network.loadingFailed") == []
    statuses = [event["response"]["status"] for event in chromium.events_named("Network.responseReceived")
                if event["response"]["url"].startswith("http")]
    assert statuses and all(status == 200 for status in statuses), statuses
    ARTIFACTS.mkdir(exist_ok=True)
    shot = chromium.send("Page.captureScreenshot", format="png")
    (ARTIFACTS / "thematic.png").write_bytes(base64.b64decode(shot["data"]))
